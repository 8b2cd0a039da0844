/** Ways out of a draft, each one click: copy as wiki markup or Markdown, or create in Jira after a look at what will be sent. */
import { useState } from 'react';
import { describeJiraError } from '@/lib/errors/sentences';
import type { JiraCreateResult, JiraPreview } from '@/lib/jira/create-result';
import type { JiraError } from '@/lib/jira/errors';
import { t } from '@/lib/i18n';
import { jiraValueLabel } from '@/lib/jira/labels';
import type { JiraTemplates } from '@/lib/jira/templates';
import type { TicketDraft } from '@/lib/jira/ticket';
import { toMarkdownTicket } from '@/lib/jira/to-markdown';
import { toWikiTicket } from '@/lib/jira/to-wiki';
import type { JobActions } from './job-actions';

export interface TicketActionsProps {
  draft: TicketDraft;
  templates: JiraTemplates;
  /** Present when Jira is set up and this surface may create issues. */
  jira: JobActions['jira'];
  onFieldErrors(errors: Record<string, string>): void;
}

export function TicketActions({ draft, templates, jira, onFieldErrors }: TicketActionsProps) {
  const [copied, setCopied] = useState<'wiki' | 'markdown' | null>(null);
  const [preview, setPreview] = useState<JiraPreview | null>(null);
  const [creating, setCreating] = useState(false);
  const [result, setResult] = useState<JiraCreateResult | null>(null);
  const [linkCopied, setLinkCopied] = useState(false);
  const created = result?.ok ? result : null;

  const copy = async (kind: 'wiki' | 'markdown') => {
    await navigator.clipboard.writeText(kind === 'wiki' ? toWikiTicket(draft, templates) : toMarkdownTicket(draft, templates));
    setCopied(kind);
    setTimeout(() => setCopied(null), 1500);
  };
  const create = async () => {
    // One issue per draft: once created, the button is gone and this refuses a second send.
    if (!jira || created) return;
    setCreating(true);
    const answer = await jira.create(draft);
    setCreating(false);
    setPreview(null);
    setResult(answer);
    onFieldErrors(!answer.ok && answer.error.kind === 'field-errors' ? answer.error.fieldErrors : {});
  };

  return (
    <div className="ticket-actions">
      <div className="row job-footer">
        <button type="button" data-testid="copy-wiki" title={t('copyForJiraHint')} onClick={() => void copy('wiki')}>
          {copied === 'wiki' ? t('copied') : t('copyForJira')}
        </button>
        <button type="button" data-testid="copy-markdown" title={t('copyAsMarkdownHint')} onClick={() => void copy('markdown')}>
          {copied === 'markdown' ? t('copied') : t('copyAsMarkdown')}
        </button>
        {jira && !created && (
          <button type="button" className="primary" data-testid="create-jira" onClick={() => void jira.preview(draft).then(setPreview)}>
            {t('createInJira')}
          </button>
        )}
      </div>
      {preview && (
        <div className="confirm" data-testid="jira-preview" role="dialog" aria-label={t('createConfirmTitle')}>
          <p>
            <strong>{t('createConfirmTitle')}</strong>
          </p>
          <dl className="confirm-fields" data-testid="jira-preview-fields">
            <dt>{t('jiraProjectKey')}</dt>
            <dd>{templates.projectKey}</dd>
            <dt>{t('ticketType')}</dt>
            <dd>{jiraValueLabel(draft.issueType)}</dd>
            <dt>{t('ticketPriority')}</dt>
            <dd>{jiraValueLabel(draft.priority)}</dd>
            <dt>{t('ticketSummary')}</dt>
            <dd>{draft.summary}</dd>
          </dl>
          <details className="confirm-details">
            <summary>{t('details')}</summary>
            <code className="raw">
              {preview.method} {preview.url}
            </code>
            <pre className="raw payload">{JSON.stringify(preview.body, null, 2)}</pre>
          </details>
          <div className="row">
            <button type="button" className="primary" data-testid="confirm-create" disabled={creating} autoFocus onClick={() => void create()}>
              {creating ? t('creating') : t('createConfirm')}
            </button>
            <button type="button" onClick={() => setPreview(null)}>
              {t('cancel')}
            </button>
          </div>
        </div>
      )}
      {created && (
        <div className="row" role="status" data-testid="jira-created">
          <span className="ok-text">{t('created', created.key)}</span>
          <a className="button primary" href={created.url} target="_blank" rel="noopener noreferrer" data-testid="jira-open">
            {t('jiraOpenIssue', created.key)}
          </a>
          <button
            type="button"
            data-testid="jira-copy-link"
            onClick={() =>
              void navigator.clipboard.writeText(created.url).then(() => {
                setLinkCopied(true);
                setTimeout(() => setLinkCopied(false), 1500);
              })
            }
          >
            {linkCopied ? t('copied') : t('jiraCopyLink')}
          </button>
        </div>
      )}
      {result && !result.ok && <JiraErrorNotice error={result.error} />}
    </div>
  );
}

function JiraErrorNotice({ error }: { error: JiraError }) {
  const { text, detail } = describeJiraError(error);
  return (
    <div className="problem" role="alert" data-testid="jira-error" data-kind={error.kind}>
      <p>{text}</p>
      {/* Jira's own text is English whatever the UI language: it is there for whoever debugs, not read first. */}
      {detail && (
        <details>
          <summary>{t('details')}</summary>
          <p className="raw">{detail}</p>
        </details>
      )}
    </div>
  );
}
