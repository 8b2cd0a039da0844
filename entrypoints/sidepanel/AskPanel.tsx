/**
 * Ask about this page (features/ask), in Chrome's side panel: the budget, the document, the model,
 * the conversation with its citations, and the question box. The conversation lives in storage,
 * so this page is a view of it: closing and reopening the panel shows it where it was.
 */
import { useEffect, useRef, useState } from 'react';
import { BudgetLeftNote } from '@/components/BudgetLeftNote';
import { BudgetMeter } from '@/components/BudgetMeter';
import { JobView } from '@/components/JobView';
import { ModelPicker } from '@/components/ModelPicker';
import { ProblemNotice } from '@/components/ProblemNotice';
import { remainingBudget } from '@/lib/budget/read';
import { readBudget, readCatalog } from '@/lib/budget/store';
import type { Problem } from '@/lib/errors/problem';
import { budgetResets } from '@/lib/budget/names';
import { type AskTurn, type Conversation, isAnswering, sameDocument, totalCost, type WholeEstimate } from '@/lib/features/ask/conversation';
import { conversationMarkdown } from '@/lib/features/ask/export';
import { showPassage } from '@/lib/features/ask/highlight';
import { sendsQuestion } from '@/lib/features/ask/keys';
import { sidePanelTarget } from '@/lib/features/ask/open';
import { citedAnswer } from '@/lib/features/ask/render';
import { readEarlier, watchEarlier } from '@/lib/features/ask/store';
import { followConversation } from '@/lib/features/ask/follow';
import { useFollowed } from '@/lib/ui/use-followed';
import { useTabUrl } from '@/lib/ui/use-tab-url';
import { formatUsd, t } from '@/lib/i18n';
import { jiraConfigured } from '@/lib/jira/configured';
import { templatesFrom } from '@/lib/jira/settings-templates';
import type { Job } from '@/lib/jobs/job';
import { isRunning } from '@/lib/jobs/running';
import { readJob, watchJob } from '@/lib/jobs/store';
import { send } from '@/lib/messaging';
import { pickableModels } from '@/lib/settings/choices';
import type { Settings } from '@/lib/settings/schema';
import { getSettings, saveUserSettings, watchSettings } from '@/lib/settings/store';
import { budgetItem, catalogItem } from '@/lib/storage/items';
import { useStored } from '@/lib/ui/use-storage';
import { watchWorker } from '@/lib/ui/watch-worker';

const target = sidePanelTarget(location.search);
const chipLabels = { unverified: t('askUnverified'), page: (page: number) => t('askCitePage', page) };

function DocumentHeader({ conversation }: { conversation: Conversation }) {
  const document = conversation.document;
  if (!document) return null;
  const kind = document.kind === 'selection' ? t('askKindSelection') : document.kind === 'pdf' ? t('askKindPdf') : t('askKindPage');
  return (
    <section className="ask-document" data-testid="ask-document" data-kind={document.kind}>
      <h1>{document.title || document.url}</h1>
      <p className="muted ask-meta">{t('askDocumentMeta', kind, document.tokens.toLocaleString(), document.parts.length)}</p>
    </section>
  );
}

function Answer({ turn, conversation }: { turn: AskTurn; conversation: Conversation }) {
  const [missing, setMissing] = useState<Set<number>>(new Set());
  const parts = conversation.document?.parts ?? [];
  const { html, citations } = citedAnswer(turn.answer, parts, chipLabels);
  const onClick = (event: React.MouseEvent) => {
    const chip = (event.target as HTMLElement).closest<HTMLElement>('button.cite');
    if (!chip) return;
    const index = Number(chip.dataset.cite);
    const passage = citations[index]?.passage;
    if (!passage) return;
    // Chrome's PDF viewer takes no script: it goes to the page its URL names instead.
    const page = citations[index]?.page;
    if (page != null) return void browser.tabs.update(conversation.tabId, { url: `${conversation.url.split('#')[0]}#page=${page}` });
    // A passage the page no longer shows is unverified from now on, never linked to another place.
    void showPassage(conversation.tabId, passage).then((found) => {
      if (!found) setMissing((before) => new Set(before).add(index));
    });
  };
  const marked = html.replace(/data-cite="(\d+)" data-part="(\d+)" data-verified="true"/g, (whole, k: string, part: string) =>
    missing.has(Number(k)) ? `data-cite="${k}" data-part="${part}" data-verified="false" data-missing="true"` : whole,
  );
  return <div className="markdown" data-testid="ask-answer" onClick={onClick} dangerouslySetInnerHTML={{ __html: marked }} />;
}

/** `budgetLeft`: what the binding budget has left (USD), said beside the cost of searching the whole document; null when unknown. */
function Turn({ turn, conversation, last, model, budgetLeft }: { turn: AskTurn; conversation: Conversation; last: boolean; model: string; budgetLeft: number | null }) {
  const [copied, setCopied] = useState(false);
  const [whole, setWhole] = useState<WholeEstimate | null>(null);
  const total = conversation.document?.parts.length ?? 0;
  const answering = turn.status === 'waiting' || turn.status === 'streaming';
  // Loaded on the click, as the answer view does (components/JobView.tsx): not part of the first paint.
  const copy = async () => {
    const { copyableMarkdown } = await import('@/lib/render/copy');
    await navigator.clipboard.writeText(copyableMarkdown(turn.answer));
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  return (
    <article className="ask-turn" data-testid="ask-turn" data-status={turn.status}>
      <p className="ask-question" data-testid="ask-question">
        {turn.question}
      </p>
      {turn.usedParts.length > 0 && (turn.whole || turn.usedParts.length < total) && (
        <p className="muted ask-meta" data-testid="ask-used-parts">
          {turn.whole ? t('askWholeUsed', total, turn.usedParts.join(', ')) : t(turn.withSummary ? 'askUsedPartsSummary' : 'askUsedParts', turn.usedParts.join(', '), total)}
        </p>
      )}
      {turn.status === 'waiting' && (
        <p className="muted" role="status">
          <span className="spinner" /> {turn.queuePosition ? t('rateLimitedQueue', turn.queuePosition) : turn.whole && turn.usedParts.length === 0 ? t('askSearchingWhole', total) : t('askThinking')}
        </p>
      )}
      {turn.answer && <Answer turn={turn} conversation={conversation} />}
      {turn.status === 'stopped' && <p className="muted">{t('askStopped')}</p>}
      {turn.problem && <ProblemNotice problem={turn.problem} onRetry={last ? () => void send('sidepanel.retry', { tabId: conversation.tabId, model }) : undefined} />}
      <div className="row">
        {answering && (
          <button type="button" data-testid="ask-stop" onClick={() => void send('sidepanel.stop', { tabId: conversation.tabId })}>
            {t('stop')}
          </button>
        )}
        {!answering && turn.answer && (
          <button type="button" data-testid="ask-copy" onClick={() => void copy()}>
            {copied ? t('copied') : t('copy')}
          </button>
        )}
        {!answering && last && model && (
          <button type="button" data-testid="ask-retry" onClick={() => void send('sidepanel.retry', { tabId: conversation.tabId, model })}>
            {t('retry')}
          </button>
        )}
        {turn.status === 'done' && last && !turn.whole && turn.usedParts.length < total && model && (
          <button type="button" data-testid="ask-search-whole" onClick={() => void send('sidepanel.estimateWhole', { tabId: conversation.tabId, model }).then(setWhole)}>
            {t('askSearchWhole')}
          </button>
        )}
        {turn.status === 'done' && (
          <span className="muted ask-meta" data-testid="ask-turn-cost">
            {turn.cost === null ? t('askCostUnknown') : t('askTurnCost', formatUsd(turn.cost))}
          </span>
        )}
        {turn.status === 'done' && turn.saved != null && (
          <span className="muted ask-meta" data-testid="ask-cached">
            {t('askCached', (turn.cachedTokens ?? 0).toLocaleString(), formatUsd(turn.saved))}
          </span>
        )}
      </div>
      {whole?.problem && last && !answering && (
        <div className="ask-whole" data-testid="ask-whole-refused">
          <ProblemNotice problem={whole.problem} />
          <button type="button" data-testid="ask-whole-cancel" onClick={() => setWhole(null)}>
            {t('close')}
          </button>
        </div>
      )}
      {whole && !whole.problem && last && !answering && (
        <div className="ask-whole" role="alertdialog" data-testid="ask-whole-confirm">
          <p>{t('askWholeCost', total.toLocaleString(), whole.calls, whole.inputTokens.toLocaleString(), whole.cost === null ? t('askWholePriceUnknown') : formatUsd(whole.cost))}</p>
          {budgetLeft !== null && <BudgetLeftNote left={budgetLeft} over={whole.cost !== null && whole.cost > budgetLeft} testId="ask-whole-left" />}
          <div className="row">
            <button
              type="button"
              className="primary"
              data-testid="ask-whole-go"
              onClick={() => {
                setWhole(null);
                // The figures shown are the ones agreed to: the worker searches only if they still hold.
                void send('sidepanel.searchWhole', { tabId: conversation.tabId, model, agreed: { calls: whole.calls, inputTokens: whole.inputTokens } });
              }}
            >
              {t('askWholeGo')}
            </button>
            <button type="button" data-testid="ask-whole-cancel" onClick={() => setWhole(null)}>
              {t('cancel')}
            </button>
          </div>
        </div>
      )}
    </article>
  );
}

/**
 * "Turn into a ticket": the jira-draft job started here on the conversation, shown where the person
 * asked for it, with the popup's draft view. Regenerate and Retry start it again on the conversation.
 */
function TicketDraft({ job, settings, resets }: { job: Job; settings: Settings; resets: Record<string, string | null> }) {
  const { tabId } = job;
  const again = (carry?: unknown) => void send('sidepanel.ticket', { tabId, model: job.model, carry });
  return (
    <section className="ask-ticket" data-testid="ask-ticket">
      <h2>{t('askTicketHeading')}</h2>
      <JobView
        job={job}
        context={{ adminContact: settings.adminContact, resets }}
        templates={templatesFrom(settings)}
        jiraReady={jiraConfigured(settings)}
        actions={{
          stop: () => void send('popup.stopJob', { tabId }),
          retry: () => again(),
          confirm: (proceed) => void send('popup.confirmJob', { tabId, proceed }),
          saveDraft: (draft, touched) => void send('popup.saveDraft', { tabId, draft, touched }),
          regenerate: (keep) => again(keep),
          jira: { preview: (draft) => send('popup.previewJira', { draft }), create: (draft) => send('popup.createJira', { draft, jobId: job.id }) },
        }}
      />
    </section>
  );
}

/** Conversations about documents the tab showed before: to read again, not to continue (their page is gone). */
function Earlier({ earlier }: { earlier: Conversation[] }) {
  return (
    <details className="ask-earlier" data-testid="ask-earlier">
      <summary>{t('askEarlier', earlier.length)}</summary>
      {earlier.map((conversation) => (
        <section key={conversation.sessionId} data-testid="ask-earlier-conversation">
          <h2>{conversation.document?.title || conversation.url}</h2>
          {conversation.turns.map((turn, i) => (
            <article key={i} className="ask-turn">
              <p className="ask-question">{turn.question}</p>
              <div className="markdown" dangerouslySetInnerHTML={{ __html: citedAnswer(turn.answer, conversation.document?.parts ?? [], chipLabels).html }} />
            </article>
          ))}
        </section>
      ))}
    </details>
  );
}

export function AskPanel() {
  const tabId = target.tabId;
  const [reads, setReads] = useState(0);
  const [question, setQuestion] = useState('');
  const [copied, setCopied] = useState(false);
  const [suggesting, setSuggesting] = useState(false);
  const [suggestProblem, setSuggestProblem] = useState<Problem | null>(null);
  const settings = useStored(getSettings, watchSettings);
  const budget = useStored(readBudget, (cb) => budgetItem.watch(cb));
  const catalog = useStored(readCatalog, (cb) => catalogItem.watch(cb));
  // Live from the worker, each state and the answer's added text (issue #17); storage behind it.
  const followed = useFollowed(tabId, followConversation);
  // The worker does not follow tabs (issue #17): the panel sees its tab move, and until the new
  // document's conversation arrives it shows none rather than the one about the page left behind.
  const tabUrl = useTabUrl(tabId);
  const moved = !!followed?.url && !!tabUrl && !sameDocument(followed.url, tabUrl);
  const conversation = moved ? null : followed;
  const earlier = useStored(() => (tabId ? readEarlier(tabId) : Promise.resolve([])), (cb) => (tabId ? watchEarlier(tabId, cb) : () => undefined), [tabId]);
  // The tab's job is the popup's too: the panel shows it only while it is the ticket drafted here.
  const tabJob = useStored(() => (tabId ? readJob(tabId) : Promise.resolve(null)), (cb) => (tabId ? watchJob(tabId, cb) : () => undefined), [tabId]);
  const ticket = tabJob?.surface === 'sidepanel' && tabJob.feature === 'jira-draft' ? tabJob : null;
  const drafting = !!ticket && isRunning(ticket);

  useEffect(() => {
    void send('ui.refreshStatus', { ifStale: true });
  }, []);
  // Opened, or the tab moved to another document (the worker then keeps the old conversation among
  // the earlier ones): read the tab, once at a time, and again if it moved once more meanwhile.
  // Once per URL the tab shows: a reading that brought no conversation is not asked for again and again.
  const gone = conversation === null;
  const reading = useRef(false);
  const readAt = useRef<{ url: string | null | undefined }>(undefined);
  useEffect(() => {
    if (!tabId || reading.current || (readAt.current && (!gone || readAt.current.url === tabUrl))) return;
    reading.current = true;
    readAt.current = { url: tabUrl };
    void send('sidepanel.open', { tabId, selection: target.selection }).finally(() => {
      reading.current = false;
      setReads((n) => n + 1);
    });
  }, [tabId, gone, tabUrl, reads]);

  const models = settings && catalog ? pickableModels(catalog.models, settings.values) : [];
  const preferred = settings?.values.defaultModel ?? '';
  const model = models.includes(preferred) ? preferred : (models[0] ?? '');
  const answering = isAnswering(conversation ?? null);
  const ready = conversation?.status === 'ready' && !!conversation.document;
  // The worker refuses it too (admission); the button only mirrors that.
  const ticketAllowed = !!model && !!settings && !settings.values.disabledFeatures.includes('jira-draft');

  // Chrome may stop the worker mid-answer (mv3-facts §3): reopening wakes a new one, which marks the turn interrupted.
  useEffect(() => (answering && tabId ? watchWorker(() => send('sidepanel.open', { tabId, selection: target.selection })) : undefined), [answering, tabId]);
  useEffect(() => (drafting ? watchWorker() : undefined), [drafting]);

  const ask = () => {
    const text = question.trim();
    if (!tabId || !text || !model || answering || !ready) return;
    void send('sidepanel.ask', { tabId, question: text, model });
    setQuestion('');
  };
  const copyAll = async () => {
    if (!conversation) return;
    const { copyableMarkdown } = await import('@/lib/render/copy');
    await navigator.clipboard.writeText(copyableMarkdown(conversationMarkdown(conversation, { question: t('askQuestionLabel'), ...chipLabels })));
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };

  if (!tabId) return <main className="ask">{t('askNoTab')}</main>;
  const total = conversation ? totalCost(conversation) : 0;
  return (
    <main className="ask" data-testid="ask-panel">
      <BudgetMeter budget={budget ?? null} refreshing={false} />
      {(!conversation || conversation.status === 'reading') && (
        <p className="muted" role="status" data-testid="ask-reading">
          <span className="spinner" /> {t('askReading')}
        </p>
      )}
      {conversation?.status === 'error' && conversation.problem && <ProblemNotice problem={conversation.problem} />}
      {conversation && <DocumentHeader conversation={conversation} />}
      <ModelPicker models={models} value={model} locked={settings?.locked.includes('defaultModel') ?? false} onChange={(m) => void saveUserSettings({ defaultModel: m })} />
      <section className="ask-turns" aria-live="polite" data-testid="ask-turns">
        {ready && conversation.turns.length === 0 && <p className="muted" data-testid="ask-empty">{t('askEmpty')}</p>}
        {ready && conversation.turns.length === 0 && !conversation.suggestions && model && (
          <button
            type="button"
            data-testid="ask-suggest"
            disabled={suggesting}
            onClick={() => {
              setSuggesting(true);
              setSuggestProblem(null);
              void send('sidepanel.suggest', { tabId: conversation.tabId, model })
                .then(({ problem }) => setSuggestProblem(problem))
                .finally(() => setSuggesting(false));
            }}
          >
            {suggesting && <span className="spinner" />} {t('askSuggest')}
          </button>
        )}
        {suggestProblem && <ProblemNotice problem={suggestProblem} />}
        {ready && conversation.turns.length === 0 && conversation.suggestions && (
          <div className="row" data-testid="ask-suggestions">
            {conversation.suggestions.questions.map((q) => (
              <button type="button" key={q} data-testid="ask-suggestion" onClick={() => setQuestion(q)}>
                {q}
              </button>
            ))}
            <span className="muted ask-meta">{t('askSuggestCost', conversation.suggestions.cost === null ? t('askWholePriceUnknown') : formatUsd(conversation.suggestions.cost))}</span>
          </div>
        )}
        {conversation?.turns.map((turn, i) => <Turn key={i} turn={turn} conversation={conversation} last={i === conversation.turns.length - 1} model={model} budgetLeft={budget ? remainingBudget(budget) : null} />)}
      </section>
      {conversation && conversation.turns.length > 0 && (
        <div className="row">
          <span className="muted ask-meta" data-testid="ask-total-cost">
            {total === null ? t('askTotalUnknown') : t('askTotalCost', formatUsd(total))}
          </span>
          <button type="button" data-testid="ask-copy-conversation" onClick={() => void copyAll()}>
            {copied ? t('copied') : t('askCopyConversation')}
          </button>
          {ticketAllowed && conversation.turns.some((turn) => turn.status === 'done') && (
            <button type="button" data-testid="ask-turn-into-ticket" disabled={answering || drafting} onClick={() => void send('sidepanel.ticket', { tabId, model })}>
              {t('askTurnIntoTicket')}
            </button>
          )}
        </div>
      )}
      {ticket && settings && <TicketDraft job={ticket} settings={settings.values} resets={budgetResets(budget ?? null)} />}
      {earlier && earlier.length > 0 && <Earlier earlier={earlier} />}
      <form
        className="ask-box"
        onSubmit={(event) => {
          event.preventDefault();
          ask();
        }}
      >
        <label htmlFor="ask-question" className="muted ask-meta">
          {t('askQuestionHint')}
        </label>
        <textarea
          id="ask-question"
          data-testid="ask-input"
          value={question}
          disabled={!ready}
          placeholder={t('askPlaceholder')}
          onChange={(event) => setQuestion(event.target.value)}
          onKeyDown={(event) => {
            if (!sendsQuestion(event)) return;
            event.preventDefault();
            ask();
          }}
        />
        <div className="row">
          <button type="submit" className="primary" data-testid="ask-send" disabled={!ready || answering || !model || !question.trim()}>
            {t('askSend')}
          </button>
        </div>
      </form>
    </main>
  );
}
