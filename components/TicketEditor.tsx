/** The draft as an editable form: every field, and the sections that fit its issue type. */
import { jiraValueLabel } from '@/lib/jira/labels';
import { t, uiLanguage, type MessageKey } from '@/lib/i18n';
import { sectionsFor, type JiraTemplates, type SectionKey } from '@/lib/jira/templates';
import { NO_PRIORITY, PRIORITIES, type TicketDraft } from '@/lib/jira/ticket';

const LIST_SECTIONS: readonly SectionKey[] = ['stepsToReproduce', 'acceptanceCriteria'];

export interface TicketEditorProps {
  draft: TicketDraft;
  templates: JiraTemplates;
  /** Field errors from Jira, keyed by Jira field id (summary, issuetype, priority, labels, description). */
  fieldErrors: Record<string, string>;
  onChange(draft: TicketDraft, touchedPath: string): void;
}

/** Jira's field messages are English: the Japanese UI says it in its own words and keeps Jira's under Details. */
function FieldError({ message }: { message: string | undefined }) {
  if (!message) return null;
  return uiLanguage() === 'en' ? (
    <span className="field-error" role="alert" data-testid="field-error">
      {message}
    </span>
  ) : (
    <span className="field-error" role="alert" data-testid="field-error">
      {t('jiraFieldRejected')}
      <details>
        <summary>{t('details')}</summary>
        <span className="raw">{message}</span>
      </details>
    </span>
  );
}

export function TicketEditor({ draft, templates, fieldErrors, onChange }: TicketEditorProps) {
  const set = <K extends keyof TicketDraft>(field: K, value: TicketDraft[K]) => onChange({ ...draft, [field]: value }, field);
  const setSection = (section: SectionKey, value: string) => {
    const parsed = LIST_SECTIONS.includes(section) ? value.split('\n').map((line) => line.trim()).filter(Boolean) : value;
    onChange({ ...draft, description: { ...draft.description, [section]: parsed } }, `description.${section}`);
  };
  const types = templates.issueTypes.map((type) => type.name);
  if (!types.includes(draft.issueType)) types.unshift(draft.issueType);
  return (
    <form className="ticket" data-testid="ticket" onSubmit={(e) => e.preventDefault()}>
      <label className="field">
        <span>{t('ticketSummary')}</span>
        <input data-testid="ticket-summary" maxLength={255} value={draft.summary} aria-invalid={!!fieldErrors.summary} onChange={(e) => set('summary', e.target.value)} />
        <FieldError message={fieldErrors.summary} />
      </label>
      <div className="row">
        <label className="field grow">
          <span>{t('ticketType')}</span>
          <select data-testid="ticket-type" value={draft.issueType} aria-invalid={!!fieldErrors.issuetype} onChange={(e) => set('issueType', e.target.value)}>
            {types.map((type) => (
              <option key={type} value={type}>
                {jiraValueLabel(type)}
              </option>
            ))}
          </select>
          <FieldError message={fieldErrors.issuetype} />
        </label>
        <label className="field grow">
          <span>{t('ticketPriority')}</span>
          <select data-testid="ticket-priority" value={draft.priority} aria-invalid={!!fieldErrors.priority} onChange={(e) => set('priority', e.target.value as TicketDraft['priority'])}>
            {[...PRIORITIES, NO_PRIORITY].map((priority) => (
              <option key={priority} value={priority}>
                {jiraValueLabel(priority)}
              </option>
            ))}
          </select>
          <FieldError message={fieldErrors.priority} />
        </label>
      </div>
      {sectionsFor(draft.issueType, templates).map((section) => {
        const value = draft.description[section];
        const list = Array.isArray(value);
        return (
          <label className="field" key={section}>
            <span>
              {t(`section_${section}` as MessageKey)}
              {list && <span className="hint"> — {t('ticketListHint')}</span>}
            </span>
            <textarea data-testid={`ticket-${section}`} rows={list ? Math.max(3, value.length + 1) : 4} value={list ? value.join('\n') : value} onChange={(e) => setSection(section, e.target.value)} />
          </label>
        );
      })}
      <FieldError message={fieldErrors.description} />
      <label className="field">
        <span>{t('ticketLabels')}</span>
        <input
          data-testid="ticket-labels"
          defaultValue={draft.labels.join(', ')}
          aria-invalid={!!fieldErrors.labels}
          onBlur={(e) => set('labels', e.target.value.split(',').map((l) => l.trim().replace(/\s+/g, '-')).filter(Boolean))}
        />
        <FieldError message={fieldErrors.labels} />
      </label>
      {draft.sourceUrl && (
        <p className="hint">
          {t('ticketSource')}:{' '}
          <a href={/^https?:/.test(draft.sourceUrl) ? draft.sourceUrl : undefined} target="_blank" rel="noopener noreferrer">
            {draft.sourceTitle || draft.sourceUrl}
          </a>
        </p>
      )}
    </form>
  );
}
