/** Where tickets go: the Jira site, its kind, the credentials (kept like the key), the project and its conventions. */
import { useEffect, useState } from 'react';
import { originPattern } from '@/lib/gateway/endpoints';
import { t } from '@/lib/i18n';
import { send } from '@/lib/messaging';
import type { ResolvedSettings } from '@/lib/settings/resolve';
import type { UserSettings } from '@/lib/settings/schema';
import { saveUserSettings } from '@/lib/settings/store';
import { Locked } from '@/components/Locked';

/** "Bug: bug" → a type with defect sections; a bare name gets the task sections. */
function parseIssueTypes(text: string): UserSettings['jiraIssueTypes'] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [name = '', layout = ''] = line.split(/\s*:\s*/);
      return { name, layout: layout.toLowerCase() === 'bug' ? ('bug' as const) : ('task' as const) };
    });
}

export function JiraSection({ settings }: { settings: ResolvedSettings }) {
  const { values, locked } = settings;
  const isLocked = (name: keyof UserSettings) => locked.includes(name);
  const [url, setUrl] = useState(values.jiraUrl);
  const [email, setEmail] = useState(values.jiraEmail);
  const [project, setProject] = useState(values.jiraProjectKey);
  const [types, setTypes] = useState(values.jiraIssueTypes.map((type) => (type.layout === 'bug' ? `${type.name}: bug` : type.name)).join('\n'));
  const [labels, setLabels] = useState(values.jiraDefaultLabels.join(', '));
  const [token, setToken] = useState('');
  const [savedToken, setSavedToken] = useState('');
  const [note, setNote] = useState<string | null>(null);

  useEffect(() => void send('ui.keyStatus', {}).then((s) => setSavedToken(s.maskedJiraToken)), []);

  const save = async () => {
    let origin: string | null = null;
    try {
      origin = url ? new URL(url).origin : null;
    } catch {
      return setNote(t('invalidUrl'));
    }
    // Jira sends no CORS headers to extensions: the worker needs host access to this one origin.
    const granted = origin ? await browser.permissions.request({ origins: [originPattern(origin)] }).catch(() => false) : true;
    const issueTypes = parseIssueTypes(types);
    await saveUserSettings({
      jiraUrl: url.trim(),
      jiraEmail: email.trim(),
      jiraProjectKey: project.trim().toUpperCase(),
      ...(issueTypes.length > 0 ? { jiraIssueTypes: issueTypes } : {}),
      jiraDefaultLabels: labels.split(',').map((l) => l.trim().replace(/\s+/g, '-')).filter(Boolean),
    });
    if (token.trim()) {
      const status = await send('options.saveJiraToken', { token });
      setSavedToken(status.maskedJiraToken);
      setToken('');
    }
    setNote(granted || !origin ? t('saved') : t('hostAccessDenied', origin));
  };

  return (
    <section>
      <h2>{t('jiraSection')}</h2>
      <p className="hint">{t('jiraHint')}</p>
      <label className="field">
        <span>{t('jiraUrl')}</span>
        <input data-testid="jira-url" type="url" value={url} disabled={isLocked('jiraUrl')} placeholder="https://example.atlassian.net" onChange={(e) => setUrl(e.target.value)} />
        {isLocked('jiraUrl') && <Locked />}
      </label>
      <label className="field">
        <span>{t('jiraDeployment')}</span>
        <select data-testid="jira-deployment" value={values.jiraDeployment} disabled={isLocked('jiraDeployment')} onChange={(e) => void saveUserSettings({ jiraDeployment: e.target.value as UserSettings['jiraDeployment'] })}>
          <option value="cloud">{t('jiraCloud')}</option>
          <option value="datacenter">{t('jiraDataCenter')}</option>
        </select>
        {isLocked('jiraDeployment') && <Locked />}
      </label>
      {values.jiraDeployment === 'cloud' && (
        <label className="field">
          <span>{t('jiraEmail')}</span>
          <input data-testid="jira-email" type="email" value={email} disabled={isLocked('jiraEmail')} onChange={(e) => setEmail(e.target.value)} />
        </label>
      )}
      <label className="field">
        <span>{t('jiraToken')}</span>
        <input data-testid="jira-token" type="password" autoComplete="off" value={token} placeholder={savedToken || ''} onChange={(e) => setToken(e.target.value)} />
        {savedToken && <span className="hint">{t('jiraTokenSaved', savedToken)}</span>}
      </label>
      <label className="field">
        <span>{t('jiraProjectKey')}</span>
        <input data-testid="jira-project" value={project} disabled={isLocked('jiraProjectKey')} placeholder="PROJ" onChange={(e) => setProject(e.target.value)} />
        {isLocked('jiraProjectKey') && <Locked />}
      </label>
      <label className="field">
        <span>{t('jiraIssueTypes')}</span>
        <textarea data-testid="jira-issue-types" rows={3} value={types} disabled={isLocked('jiraIssueTypes')} onChange={(e) => setTypes(e.target.value)} />
        {isLocked('jiraIssueTypes') && <Locked />}
      </label>
      <label className="field">
        <span>{t('jiraDefaultLabels')}</span>
        <input data-testid="jira-labels" value={labels} disabled={isLocked('jiraDefaultLabels')} onChange={(e) => setLabels(e.target.value)} />
        {isLocked('jiraDefaultLabels') && <Locked />}
      </label>
      <div className="row">
        <button type="button" className="primary" data-testid="save-jira" onClick={() => void save()}>
          {t('save')}
        </button>
        {note && (
          <span role="status" data-testid="jira-note">
            {note}
          </span>
        )}
      </div>
    </section>
  );
}
