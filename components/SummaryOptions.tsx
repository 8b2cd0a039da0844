/** Length, form and language of summaries, in the popup; the same settings as the options page. */
import { t, type MessageKey } from '@/lib/i18n';
import type { ResolvedSettings } from '@/lib/settings/resolve';
import { SUMMARY_FORMS, SUMMARY_LANGUAGES, SUMMARY_LENGTHS } from '@/lib/settings/choices';
import type { UserSettings } from '@/lib/settings/schema';

export const SUMMARY_CHOICES = {
  summaryLength: { label: 'summaryLength', options: SUMMARY_LENGTHS, labels: { short: 'lengthShort', standard: 'lengthStandard', detailed: 'lengthDetailed' } },
  summaryForm: { label: 'summaryForm', options: SUMMARY_FORMS, labels: { bullets: 'formBullets', prose: 'formProse' } },
  summaryLanguage: { label: 'summaryLanguage', options: SUMMARY_LANGUAGES, labels: { match: 'languageMatch', ja: 'languageJa', en: 'languageEn' } },
} as const satisfies Record<string, { label: MessageKey; options: readonly string[]; labels: Record<string, MessageKey> }>;

/** `onChange` saves the person's choice (the popup saves it as a setting). */
export function SummaryOptions({ settings, onChange }: { settings: ResolvedSettings; onChange: (change: Partial<UserSettings>) => void }) {
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
                onChange={(e) => onChange({ [name]: e.target.value } as Partial<UserSettings>)}
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
