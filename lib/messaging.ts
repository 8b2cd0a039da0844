/**
 * The one message protocol of the extension. Each entry names its sender (`popup.`, `options.`,
 * `sidepanel.` for Ask's side panel, `ui.` for any extension page) and has zod schemas for what
 * goes in and what comes back; the background validates every payload and refuses senders
 * outside this extension.
 */
import { defineExtensionMessaging } from '@webext-core/messaging';
import { z } from 'zod';
import { BudgetState } from './budget/state';
import { Problem } from './errors/problem';
import { Job } from './jobs/job';
import { JobDelta } from './jobs/live';
import { Conversation, WholeAgreed, WholeEstimate } from './features/ask/conversation';
import { Feature } from './features/feature-schema';
import { ActionRef } from './features/action/action';
import { TicketDraft } from './jira/ticket';
import { JiraCreateResult, JiraPreview } from './jira/create-result';
import { PANEL_FRAME_PATH } from './panel/frame-protocol';

/**
 * What a sentence (errors/sentences.ts) may name besides the problem: whom to ask, and when each
 * budget resets, by `budgetScopeId` (a team's budget resets on its own date, not the key's).
 */
export const SentenceContext = z.object({ adminContact: z.string().optional(), resets: z.record(z.string(), z.string().nullable()).optional() });
export type SentenceContext = z.infer<typeof SentenceContext>;

const TabRef = z.object({ tabId: z.number().int() });
/**
 * What to run: a feature, or an action (feature 'action' with its ref). `fromAnswer` works on the
 * tab's finished answer; `carry` is the feature's own data (jira-draft: the edits to keep), which
 * only its work parses.
 */
const RunRequest = z.object({ feature: Feature, action: ActionRef.optional(), fromAnswer: z.boolean().optional(), carry: z.unknown().optional() });
/** A run the panel offers in its "run another action" menu, titled in the UI's language by the worker. */
export const PanelRun = z.object({ key: z.string(), title: z.string(), feature: Feature, action: ActionRef.nullable() });
export type PanelRun = z.infer<typeof PanelRun>;
const KeyStatus = z.object({ hasKey: z.boolean(), maskedKey: z.string(), hasJiraToken: z.boolean(), maskedJiraToken: z.string() });
const ConnectionInput = z.object({ gatewayUrl: z.string(), key: z.string().nullable() });

export const ConnectionTest = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), budget: BudgetState, models: z.array(z.string()) }),
  z.object({ ok: z.literal(false), problem: Problem }),
]);
export type ConnectionTest = z.infer<typeof ConnectionTest>;

export const TabInfo = z.object({ readability: z.enum(['readable', 'restricted', 'pdf']), hasSelection: z.boolean() });
export type TabInfo = z.infer<typeof TabInfo>;

export const protocol = {
  'popup.inspectTab': { input: TabRef, output: TabInfo },
  /** The popup's tab started loading a new document: the page read ahead of the click is no longer it (ui/watch-tab.ts). */
  'popup.pageLoading': { input: TabRef, output: z.object({}) },
  /** The popup's Ask button is opening the side panel: the page read ahead is the panel's once the popup closes. */
  'popup.handOff': { input: TabRef, output: z.object({}) },
  'popup.startJob': { input: TabRef.extend(RunRequest.shape).extend({ model: z.string() }), output: Job },
  'popup.confirmJob': { input: TabRef.extend({ proceed: z.boolean() }), output: z.object({}) },
  'popup.saveDraft': { input: TabRef.extend({ draft: TicketDraft, touched: z.array(z.string()) }), output: Job.nullable() },
  'popup.previewJira': { input: z.object({ draft: TicketDraft }), output: JiraPreview },
  // jobId: the draft's job; the worker creates at most one issue per job (a second send answers the first issue).
  'popup.createJira': { input: z.object({ draft: TicketDraft, jobId: z.string() }), output: JiraCreateResult },
  'popup.stopJob': { input: TabRef, output: Job.nullable() },
  'popup.retryJob': { input: TabRef, output: Job.nullable() },
  /** `ifStale`: only what is older than its freshness (background/status.ts), as a page opening asks. */
  'ui.refreshStatus': { input: z.object({ ifStale: z.boolean().optional() }), output: ConnectionTest },
  /** "Check again" on a budget the gateway refused: forget the refusal, then refresh like ui.refreshStatus. */
  'ui.recheckBudget': { input: z.object({}), output: ConnectionTest },
  /** Starts the worker if Chrome stopped it; a fresh worker marks the jobs it lost as interrupted. */
  'ui.wake': { input: z.object({}), output: z.object({ worker: z.string() }) },
  'ui.keyStatus': { input: z.object({}), output: KeyStatus },
  'options.saveConnection': { input: ConnectionInput, output: KeyStatus },
  'options.testConnection': { input: ConnectionInput, output: ConnectionTest },
  'options.saveJiraToken': { input: z.object({ token: z.string() }), output: KeyStatus },
  /** The side panel (features/ask): the tab's conversation, read anew when the tab shows another document. */
  'sidepanel.open': { input: TabRef.extend({ selection: z.boolean() }), output: Conversation },
  'sidepanel.ask': { input: TabRef.extend({ question: z.string().min(1), model: z.string().min(1) }), output: z.object({}) },
  'sidepanel.retry': { input: TabRef.extend({ model: z.string().min(1) }), output: z.object({}) },
  'sidepanel.stop': { input: TabRef, output: Conversation.nullable() },
  /** Suggested first questions, on the person's request. */
  'sidepanel.suggest': { input: TabRef.extend({ model: z.string().min(1) }), output: z.object({ problem: Problem.nullable() }) },
  /** The cost question before "search the whole document", then the search itself. */
  'sidepanel.estimateWhole': { input: TabRef.extend({ model: z.string().min(1) }), output: WholeEstimate.nullable() },
  'sidepanel.searchWhole': { input: TabRef.extend({ model: z.string().min(1), agreed: WholeAgreed }), output: z.object({}) },
  /**
   * "Turn into a ticket": a jira-draft job on the tab's conversation, which the worker reads from
   * storage itself. `carry` as in RunRequest (Regenerate's edits to keep). The job is watched like
   * the popup's, and stopped, confirmed and saved through the same `popup.` messages, keyed by tab.
   */
  'sidepanel.ticket': { input: TabRef.extend({ model: z.string().min(1), carry: z.unknown().optional() }), output: Job },
  // The in-page panel is an extension page framed in a tab: its tab is the sender's tab, never a field it sends.
  'panel.getJob': { input: z.object({}), output: Job.nullable() },
  /** The panel cannot read settings (storage is locked to extension pages): whom to ask, when the budget resets. */
  'panel.sentenceContext': { input: z.object({}), output: SentenceContext },
  'panel.stopJob': { input: z.object({}), output: Job.nullable() },
  'panel.saveDraft': { input: z.object({ draft: TicketDraft, touched: z.array(z.string()) }), output: Job.nullable() },
  /** Runs in the panel's tab with the model of its job, or the person's default. */
  'panel.startJob': { input: RunRequest, output: Job.nullable() },
  'panel.confirmJob': { input: z.object({ proceed: z.boolean() }), output: z.object({}) },
  'panel.runs': { input: z.object({}), output: z.array(PanelRun) },
} as const;

/** Messages the background sends into a tab (to the in-page panel). */
export const tabProtocol = {
  'bg.jobUpdate': { input: Job, output: z.void() },
  /** Text added to the job's answer since the last update (jobs/live.ts). */
  'bg.jobDelta': { input: JobDelta, output: z.void() },
} as const;

export type Protocol = typeof protocol;
export type MessageName = keyof Protocol;
export type Input<N extends MessageName> = z.infer<Protocol[N]['input']>;
export type Output<N extends MessageName> = z.infer<Protocol[N]['output']>;
type TabProtocol = typeof tabProtocol;
type TabMessageName = keyof TabProtocol;
type ProtocolMap = { [N in MessageName]: (data: Input<N>) => Output<N> } & { [N in TabMessageName]: (data: z.infer<TabProtocol[N]['input']>) => void };

const messenger = defineExtensionMessaging<ProtocolMap>();

/**
 * A port the popup holds while a job runs. It carries no messages: its disconnect tells the
 * popup that the worker died (mv3-facts §3), so it can wake a new one to report the loss.
 */
export const WORKER_WATCH_PORT = 'ui.workerWatch';

/**
 * Ports an extension page opens to follow one tab's state live (util/live-feed.ts): it sends
 * `{ tabId }` once (FollowRequest), then receives the state whenever it changes and, while an
 * answer streams, only the text added. A port, because one request is answered by many messages,
 * in order. JOB_STREAM_PORT carries the tab's job (jobs/live.ts), ASK_STREAM_PORT its Ask
 * conversation (features/ask/live.ts).
 */
export const JOB_STREAM_PORT = 'ui.jobStream';
export const ASK_STREAM_PORT = 'ui.askStream';
export const FollowRequest = z.object({ tabId: z.number().int() });

// The PDF reader's port (worker ↔ offscreen document) is declared in pdf/read-protocol.ts.

export async function send<N extends MessageName>(name: N, data: Input<N>): Promise<Output<N>> {
  const answer = await messenger.sendMessage(name, data as never);
  return protocol[name].output.parse(answer) as Output<N>;
}

/** Sends into one tab; a tab without the panel simply has no listener, which is not an error. */
export async function sendToTab<N extends TabMessageName>(name: N, data: z.infer<TabProtocol[N]['input']>, tabId: number): Promise<void> {
  await messenger.sendMessage(name, data as never, tabId).catch(() => undefined);
}

/** For the in-page panel: receives what the background sends into its tab, validated. */
export function onTabMessage<N extends TabMessageName>(name: N, handler: (data: z.infer<TabProtocol[N]['input']>) => void): () => void {
  return messenger.onMessage(name, ({ data, sender }) => {
    if (sender.id !== browser.runtime.id) return;
    const parsed = tabProtocol[name].input.safeParse(data);
    if (parsed.success) handler(parsed.data as z.infer<TabProtocol[N]['input']>);
  });
}

export interface Sender {
  id?: string;
  url?: string;
  tab?: { id?: number };
}

export type Handlers = { [N in MessageName]: (data: Input<N>, sender: Sender) => Promise<Output<N>> };

/** The in-page panel's own page, framed in a tab: it shares that tab with a page that may be hostile, so it gets only its tab's `panel.` messages. */
const isPanelFrame = (sender: Sender) => !!sender.url && new URL(sender.url).pathname === PANEL_FRAME_PATH;

/**
 * Only this extension may talk to the background: not other extensions, not web pages, not our
 * own content scripts (they share a tab with the page, which may have fooled them). `panel.`
 * messages come from the panel's own page framed in a tab, and that page sends nothing else;
 * every other message comes from our other pages.
 */
export function isTrustedSender(name: string, sender: Sender, extensionId: string, extensionOrigin: string): boolean {
  if (sender.id !== extensionId || !sender.url?.startsWith(extensionOrigin)) return false;
  if (name.startsWith('panel.')) return isPanelFrame(sender) && typeof sender.tab?.id === 'number';
  return !isPanelFrame(sender);
}

/** Which tab a page may follow over a feed's port: the panel frame only its own; our other pages any. */
export function mayFollowTab(sender: Sender, tabId: number): boolean {
  return !isPanelFrame(sender) || sender.tab?.id === tabId;
}

export function registerHandlers(handlers: Handlers): void {
  const extensionOrigin = browser.runtime.getURL('/');
  for (const name of Object.keys(protocol) as MessageName[]) {
    messenger.onMessage(name, async ({ data, sender }) => {
      if (!isTrustedSender(name, sender, browser.runtime.id, extensionOrigin)) throw new Error('Refused: unknown sender');
      const input = protocol[name].input.parse(data);
      return (handlers[name] as (d: typeof input, s: Sender) => Promise<unknown>)(input, sender) as never;
    });
  }
}
