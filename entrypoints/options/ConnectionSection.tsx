/** Gateway URL and key: save (asking for host access to that one origin) and test. */
import { useEffect, useState } from 'react';
import { BudgetScopeList } from '@/components/BudgetScopes';
import { ProblemNotice } from '@/components/ProblemNotice';
import { remainingBudget } from '@/lib/budget/read';
import { gatewayRoot, originPattern } from '@/lib/gateway/endpoints';
import { formatDate, formatUsd, t } from '@/lib/i18n';
import { type ConnectionTest, send } from '@/lib/messaging';
import type { ResolvedSettings } from '@/lib/settings/resolve';
import { Locked } from '@/components/Locked';
import { tagsRejectedItem } from '@/lib/storage/items';
import { useStored } from '@/lib/ui/use-storage';

function TestResult({ result }: { result: ConnectionTest }) {
  if (!result.ok) return <ProblemNotice problem={result.problem} onSettingsPage />;
  const { budget, models } = result;
  const left = remainingBudget(budget);
  return (
    <div className="test-result" data-testid="test-result" role="status">
      <p className="ok-text">{t('connectionOk', budget.keyAlias ?? t('keyAliasUnknown'))}</p>
      <dl>
        <dt>{t('testBudgetLabel')}</dt>
        <dd data-testid="test-budget">{budget.reported ? (left === null ? t('budgetNoLimit') : t('budgetLeft', formatUsd(left))) : t('budgetNotReported')}</dd>
        {budget.resetAt && (
          <>
            <dt>{t('testResetsLabel')}</dt>
            <dd>{formatDate(budget.resetAt)}</dd>
          </>
        )}
        {budget.expires && (
          <>
            <dt>{t('testExpiresLabel')}</dt>
            <dd>{formatDate(budget.expires)}</dd>
          </>
        )}
        <dt>{t('allowedModels')}</dt>
        <dd data-testid="test-models">{models.join(', ') || t('allModels')}</dd>
      </dl>
      {budget.reported && budget.scopes.length > 0 && (
        <>
          <h3>{t('budgetScopesTitle')}</h3>
          <BudgetScopeList budget={budget} />
        </>
      )}
    </div>
  );
}

export function ConnectionSection({ settings }: { settings: ResolvedSettings }) {
  const [url, setUrl] = useState(settings.values.gatewayUrl);
  const [key, setKey] = useState('');
  const [showKey, setShowKey] = useState(false);
  const [savedKey, setSavedKey] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const [testing, setTesting] = useState(false);
  const [result, setResult] = useState<ConnectionTest | null>(null);
  // A test that passed with what is typed but not yet saved: nothing uses it until Save.
  const unsaved = key !== '' || url !== settings.values.gatewayUrl;
  const promptSave = !!result?.ok && unsaved;
  const urlLocked = settings.locked.includes('gatewayUrl');
  const tagsRejected = useStored(() => tagsRejectedItem.getValue(), (cb) => tagsRejectedItem.watch(cb));

  useEffect(() => setUrl(settings.values.gatewayUrl), [settings.values.gatewayUrl]);
  useEffect(() => void send('ui.keyStatus', {}).then((s) => setSavedKey(s.maskedKey)), []);

  const validRoot = (() => {
    try {
      return gatewayRoot(url);
    } catch {
      return null;
    }
  })();

  const save = async () => {
    if (!validRoot) return setNote(t('invalidUrl'));
    // Must run inside the click: Chrome only shows the permission prompt for a user gesture.
    const granted = await browser.permissions.request({ origins: [originPattern(validRoot)] }).catch(() => false);
    const status = await send('options.saveConnection', { gatewayUrl: url, key: key || null });
    setSavedKey(status.maskedKey);
    setKey('');
    setShowKey(false);
    setNote(granted ? t('saved') : t('hostAccessDenied', new URL(validRoot).origin));
  };

  const test = async () => {
    if (!validRoot) return setNote(t('invalidUrl'));
    setTesting(true);
    setResult(null);
    setResult(await send('options.testConnection', { gatewayUrl: url, key: key || null }));
    setTesting(false);
  };

  return (
    <section>
      <h2>{t('connectionSection')}</h2>
      <label className="field">
        <span>{t('gatewayUrl')}</span>
        <input data-testid="gateway-url" type="url" value={url} disabled={urlLocked} placeholder="https://llm.example.com" onChange={(e) => setUrl(e.target.value)} />
        <span className="hint">{t('gatewayUrlHint')}</span>
        {urlLocked && <Locked />}
      </label>
      <label className="field">
        <span>{t('virtualKey')}</span>
        <span className="key-row">
          <input data-testid="gateway-key" type={showKey ? 'text' : 'password'} autoComplete="off" spellCheck={false} value={key} placeholder="sk-…" onChange={(e) => setKey(e.target.value)} />
          <button type="button" aria-pressed={showKey} onClick={() => setShowKey(!showKey)}>
            {showKey ? t('hide') : t('show')}
          </button>
        </span>
        <span className="hint">{t('virtualKeyHint')}</span>
        {/^https?:/.test(settings.values.keyHelpUrl) && (
          <a className="hint" data-testid="key-help" href={settings.values.keyHelpUrl} target="_blank" rel="noopener noreferrer">
            {t('keyHelp')}
          </a>
        )}
        {savedKey && <span className="hint" data-testid="saved-key">{t('keySaved', savedKey)}</span>}
      </label>
      <div className="row">
        <button type="button" className={promptSave ? 'primary attention' : 'primary'} data-testid="save-connection" onClick={() => void save()}>
          {t('save')}
        </button>
        <button type="button" data-testid="test-connection" disabled={testing} onClick={() => void test()}>
          {testing ? t('testing') : t('testConnection')}
        </button>
        {note && <span role="status" data-testid="save-note">{note}</span>}
      </div>
      {promptSave && (
        <p className="ok-text" role="status" data-testid="save-prompt">
          {t('testOkSavePrompt')}
        </p>
      )}
      {result && <TestResult result={result} />}
      {tagsRejected && (
        <p className="hint" data-testid="tags-rejected">
          {t('tagsRejectedNote')}
        </p>
      )}
    </section>
  );
}
