/**
 * Default model and summary options; each saves on change and says so with "Saved". The options
 * page's rule: preferences like these save as they change; the connection and Jira sections,
 * which hold credentials and ask for host access, save only with their Save button.
 */
import { useState } from 'react';
import { readCatalog } from '@/lib/budget/store';
import { catalogItem } from '@/lib/storage/items';
import { t, type MessageKey } from '@/lib/i18n';
import type { ResolvedSettings } from '@/lib/settings/resolve';
import { pickableModels } from '@/lib/settings/choices';
import type { UserSettings } from '@/lib/settings/schema';
import { SUMMARY_CHOICES } from '@/components/SummaryOptions';
import { saveUserSettings } from '@/lib/settings/store';
import { useStored } from '@/lib/ui/use-storage';
import { Locked } from '@/components/Locked';

function Choice<K extends keyof UserSettings>({ name, label, options, settings, save }: { name: K; label: MessageKey; options: { value: string; label: string }[]; settings: ResolvedSettings; save(values: Partial<UserSettings>): void }) {
  const locked = settings.locked.includes(name);
  return (
    <label className="field">
      <span>{t(label)}</span>
      <select data-testid={`setting-${name}`} value={String(settings.values[name])} disabled={locked} onChange={(e) => save({ [name]: e.target.value })}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {locked && <Locked />}
    </label>
  );
}


export function DefaultsSection({ settings }: { settings: ResolvedSettings }) {
  const catalog = useStored(readCatalog, (cb) => catalogItem.watch(cb));
  const models = pickableModels(catalog?.models ?? [], settings.values);
  const modelOptions = [...new Set([settings.values.defaultModel, ...models].filter(Boolean))].map((m) => ({ value: m, label: m }));
  const userIdLocked = settings.locked.includes('userId');
  const [saved, setSaved] = useState(false);
  const save = (values: Partial<UserSettings>) => void saveUserSettings(values).then(() => setSaved(true));
  return (
    <section>
      <h2>{t('defaultsSection')}</h2>
      {modelOptions.length > 0 && <Choice name="defaultModel" label="defaultModel" options={modelOptions} settings={settings} save={save} />}
      {(['summaryLanguage', 'summaryLength', 'summaryForm'] as const).map((name) => {
        const choice = SUMMARY_CHOICES[name];
        const labels = choice.labels as Record<string, MessageKey>;
        return <Choice key={name} name={name} label={choice.label} options={choice.options.map((v) => ({ value: v, label: t(labels[v]!) }))} settings={settings} save={save} />;
      })}
      <label className="field">
        <span>{t('userIdLabel')}</span>
        <input data-testid="setting-userId" defaultValue={settings.values.userId} disabled={userIdLocked} onBlur={(e) => e.target.value.trim() !== settings.values.userId && save({ userId: e.target.value.trim() })} />
        <span className="hint">{t('userIdHint')}</span>
        {userIdLocked && <Locked />}
      </label>
      {saved && (
        <p className="hint" role="status" data-testid="defaults-saved">
          {t('saved')}
        </p>
      )}
    </section>
  );
}
