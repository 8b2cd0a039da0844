/** Length, form and language of summaries, in the popup; the same settings as the options page. */
import { t, type MessageKey } from '@/lib/i18n';
import type { ResolvedSettings } from '@/lib/settings/resolve';
import { SummaryForm, SummaryLanguage, SummaryLength, type UserSettings } from '@/lib/settings/schema';
import { saveUserSettings } from '@/lib/settings/store';

export const SUMMARY_CHOICES = {
  summaryLength: { label: 'summaryLength', options: SummaryLength.options, labels: { short: 'lengthShort', standard: 'lengthStandard', detailed: 'lengthDetailed' } },
  summaryForm: { label: 'summaryForm', options: SummaryForm.options, labels: { bullets: 'formBullets', prose: 'formProse' } },
  summaryLanguage: { label: 'summaryLanguage', options: SummaryLanguage.options, labels: { match: 'languageMatch', ja: 'languageJa', en: 'languageEn' } },
} as const satisfies Record<string, { label: MessageKey; options: readonly string[]; labels: Record<string, MessageKey> }>;

export function SummaryOptions({ settings }: { settings: ResolvedSettings }) {
  return (
    <details className="summary-options">
      <summary>{t('summaryOptions')}</summary>
      <div className="row">
        {(Object.keys(SUMMARY_CHOICES) as (keyof typeof SUMMARY_CHOICES)[]).map((name) => {
          const choice = SUMMARY_CHOICES[name];
          const locked = settings.locked.includes(name);
          return (
            <label className="field inline" key={name}>
              <span>{t(choice.label)}</span>
              <select
                data-testid={`popup-${name}`}
                value={settings.values[name]}
                disabled={locked}
                title={locked ? t('lockedByPolicy') : undefined}
                onChange={(e) => void saveUserSettings({ [name]: e.target.value } as Partial<UserSettings>)}
              >
                {choice.options.map((option) => (
                  <option key={option} value={option}>
                    {t((choice.labels as Record<string, MessageKey>)[option]!)}
                  </option>
                ))}
              </select>
            </label>
          );
        })}
      </div>
    </details>
  );
}
