/** The background's table of message handlers, and the job runner they drive. */
import { modelPrices, readBudget, readCatalog, updateBudget } from '../budget/store';
import { budgetAfterCall, forgetRefusals, rememberRefusal, UNREPORTED_BUDGET } from '../budget/state';
import { costFromUsage } from '../budget/pricing';
import { type ChatResult, type GatewayConnection, type RequestTags, streamChat } from '../gateway/client';
import type { ChatRequest } from '../gateway/wire';
import { GatewayError } from '../gateway/errors';
import { pageProblem, ProblemError } from '../errors/problem';
import { isConversationDraft, type JobDeps, type JobRunner } from '../jobs/runner';
import type { Job } from '../jobs/job';
import { RateQueue } from '../jobs/rate-queue';
import { featureWorks } from '../features/works';
import { featureById, isJobFeature } from '../features/registry';
import type { ActionRef } from '../features/action/action';
import { readActions } from '../features/action/read';
import { currentAction, startRun } from './runs';
import { runnables, usageActionName } from '../features/runnables';
import type { Handlers, Sender } from '../messaging';
import { readJob } from '../jobs/store';
import { maskKey, readGatewayKey, readJiraToken, writeGatewayKey, writeJiraToken } from '../settings/secrets';
import { getSettings, saveUserSettings } from '../settings/store';
import type { Feature } from '../settings/schema';
import { appendUsage } from '../usage/history';
import { tagsRejectedItem } from '../storage/items';
import { requestTags } from './attribution';
import { connectionFor, currentConnection } from './connection';
import { createJiraIssue, previewJiraIssue } from './jira';
import { refreshStatus, testConnection } from './status';
import { refusal } from '../jobs/admission';
import { extractTab, inspectTab, speculations } from './tab';
import type { AskService } from '../features/ask/session';
import { conversationMaterial } from '../features/ask/export';
import { readConversation } from '../features/ask/store';
import { loadTokenizer } from '../summarize/load-tokenizer';

/** The tab's Ask conversation as a ticket's material: sidepanel.ticket drafts from it and a retry redrafts from it. */
async function conversationDraftMaterial(tabId: number) {
  const conversation = await readConversation(tabId);
  return conversation && conversationMaterial(conversation);
}

const modelInfo = async (model: string) => modelPrices(await readCatalog(), model);

/** What a job reads: a selection-only feature or action insists on a selection. */
async function wantsSelection(job: Job): Promise<boolean> {
  const input = job.action ? (await currentAction(job.action))?.input : featureById(job.feature)?.input;
  return input === 'selection';
}

/** What one call was for, as the usage history records it. */
export interface CallFacts {
  feature: Feature;
  action: ActionRef | null;
  model: string;
  pageTitle: string;
  pageUrl: string;
}

/** One call's cost (the gateway's, else usage × prices), the budget update that follows and its line in the usage history. */
export async function settleCall(call: CallFacts, result: ChatResult, material: string): Promise<number | null> {
  const prices = await modelInfo(call.model);
  const computed = result.usage ? costFromUsage(result.usage, prices) : null;
  const cost = result.headers.responseCost ?? computed;
  await updateBudget((latest) => budgetAfterCall(latest ?? UNREPORTED_BUDGET, result.headers, cost, true, Date.now(), call.model));
  await appendUsage({
    time: Date.now(),
    feature: call.feature,
    action: call.action ? usageActionName(call.action) : null,
    model: call.model,
    promptTokens: result.usage?.prompt_tokens ?? 0,
    completionTokens: result.usage?.completion_tokens ?? 0,
    cost,
    estimated: result.headers.responseCost === null,
    pageTitle: call.pageTitle,
    pageUrl: call.pageUrl,
    text: material,
  }).catch(() => undefined); // A history that cannot be written must not fail an answer already paid for.
  return cost;
}

/**
 * A chat call within the time limits that remembers a budget refusal (issue #12) before it reaches the job or the
 * conversation, so admission refuses the next request without sending it.
 */
export async function streamRemembering(conn: GatewayConnection, request: ChatRequest, tags: RequestTags, onDelta: (text: string) => void, signal: AbortSignal): Promise<ChatResult> {
  try {
    return await streamWithLimits(conn, request, tags, onDelta, signal);
  } catch (error) {
    const refusal = error instanceof GatewayError && error.failure.kind === 'budget_exceeded' ? error.failure.scope : null;
    if (refusal) await updateBudget((latest) => rememberRefusal(latest ?? { ...UNREPORTED_BUDGET, updatedAt: Date.now() }, refusal, Date.now()));
    throw error;
  }
}

/** Why a feature may not run now; a refusal for the budget or the key is checked against fresh figures first. */
export async function admission(feature: Feature, model: string, action: ActionRef | null) {
  const facts = async () => {
    const [{ values }, catalog, budget, actions] = await Promise.all([getSettings(), readCatalog(), readBudget(), readActions()]);
    return { feature, model, action, actions: actions.actions, settings: values, keyModels: catalog?.models ?? null, budget, now: Date.now() };
  };
  const first = refusal(await facts());
  if (first?.kind !== 'budget_exceeded' && first?.kind !== 'expired_key') return first;
  // The cached figures may be old (the period reset, the admin raised the budget): ask the gateway once before refusing.
  await refreshStatus(await currentConnection());
  return refusal(await facts());
}

/** Every chat request ends: within the settings' idle and total timeouts (issue #15). */
export async function streamWithLimits(...[conn, request, tags, onDelta, signal]: Parameters<typeof streamChat>): Promise<ChatResult> {
  const { values } = await getSettings();
  return streamChat(conn, request, tags, onDelta, signal, { idleMs: values.requestIdleTimeoutS * 1000, totalMs: values.requestTotalTimeoutS * 1000 });
}

/** The tags of a request by `feature`: none while the gateway refuses client-side tags. */
export async function tagsFor(feature: Feature, action: ActionRef | null) {
  const [{ values }, budget, rejected] = await Promise.all([getSettings(), readBudget(), tagsRejectedItem.getValue()]);
  const tags = requestTags(feature, action, values, budget?.userId ?? null, browser.runtime.getManifest().version);
  return rejected ? { ...tags, tags: [] } : tags;
}

/** The worker's one line for the key's rate limit: jobs and Ask's questions wait in it together. */
export const workerRateQueue = new RateQueue();

export function createJobDeps(workerId: string, published?: JobDeps['published'], streamed?: JobDeps['streamed']): JobDeps {
  const works = featureWorks({ modelInfo, budget: readBudget, action: currentAction, exactTokens: loadTokenizer });
  return {
    workerId,
    rateQueue: workerRateQueue,
    now: () => Date.now(),
    admission,
    connection: currentConnection,
    settings: async () => (await getSettings()).values,
    // Only a popup run takes the page read when the popup opened: the selection cannot change while the popup
    // is open, but it can before a right-click or a run from the in-page panel, which read the page as it is then.
    extract: async (job, onProgress) => extractTab(job.tabId, await wantsSelection(job), onProgress, job.surface === 'popup'),
    work(feature) {
      if (isJobFeature(feature)) return works[feature];
      throw new ProblemError(pageProblem('feature_disabled', `${feature} runs in the side panel, not as a job`));
    },
    tags: tagsFor,
    conversation: conversationDraftMaterial,
    tagsRejected: () => tagsRejectedItem.setValue(true),
    stream: streamRemembering,
    settle: (job, result, material) =>
      settleCall({ feature: job.feature, action: job.action, model: job.model, pageTitle: job.source?.title ?? '', pageUrl: job.source?.url ?? '' }, result, material),
    published,
    streamed,
  };
}

/** The panel's tab is the one Chrome says sent the message (isTrustedSender checked it exists). */
function senderTab(sender: Sender): number {
  return sender.tab!.id!;
}

export function createHandlers(runner: JobRunner, workerId: string, ask: AskService): Handlers {
  const keyStatus = async () => {
    const [key, token] = await Promise.all([readGatewayKey(), readJiraToken()]);
    return { hasKey: key.length > 0, maskedKey: maskKey(key), hasJiraToken: token.length > 0, maskedJiraToken: maskKey(token) };
  };
  return {
    'popup.inspectTab': ({ tabId }) => inspectTab(tabId),
    'popup.pageLoading': async ({ tabId }) => {
      speculations.forget(tabId);
      return {};
    },
    'popup.handOff': async ({ tabId }) => {
      speculations.handOff(tabId);
      return {};
    },
    'popup.startJob': ({ tabId, model, ...run }) => startRun(runner, tabId, run, model, 'popup'),
    'popup.stopJob': ({ tabId }) => runner.stop(tabId),
    'popup.retryJob': ({ tabId }) => runner.retry(tabId),
    'popup.confirmJob': async ({ tabId, proceed }) => {
      runner.confirm(tabId, proceed);
      return {};
    },
    'popup.saveDraft': ({ tabId, draft, touched }) => runner.saveDraft(tabId, draft, touched),
    'popup.previewJira': ({ draft }) => previewJiraIssue(draft),
    'popup.createJira': ({ draft, jobId }) => createJiraIssue(draft, jobId),
    'ui.refreshStatus': async ({ ifStale }) => refreshStatus(await currentConnection(), { ifStale }),
    // "Check again": the remembered refusals go, the figures are read anew, the next request asks the gateway.
    'ui.recheckBudget': async () => {
      await updateBudget((latest) => latest && forgetRefusals(latest));
      return refreshStatus(await currentConnection());
    },
    'ui.wake': async () => {
      await runner.ready;
      return { worker: workerId };
    },
    'ui.keyStatus': keyStatus,
    async 'options.saveConnection'({ gatewayUrl, key }) {
      await saveUserSettings({ gatewayUrl: gatewayUrl.trim() });
      if (key !== null && key.trim()) {
        await writeGatewayKey(key);
        // A new key has its own spend: never carry the old key's figures over.
        await updateBudget(() => null);
      }
      void refreshStatus(await currentConnection());
      return keyStatus();
    },
    async 'options.testConnection'({ gatewayUrl, key }) {
      return testConnection(connectionFor(gatewayUrl.trim(), key?.trim() || (await readGatewayKey())));
    },
    async 'options.saveJiraToken'({ token }) {
      await writeJiraToken(token);
      return keyStatus();
    },
    'sidepanel.open': ({ tabId, selection }) => ask.open(tabId, selection),
    'sidepanel.ask': async ({ tabId, question, model }) => {
      // The answer streams into storage, which the side panel watches; the reply need not wait for it.
      void ask.ask(tabId, question, model);
      return {};
    },
    'sidepanel.retry': async ({ tabId, model }) => {
      void ask.retry(tabId, model);
      return {};
    },
    'sidepanel.stop': ({ tabId }) => ask.stop(tabId),
    'sidepanel.suggest': async ({ tabId, model }) => ({ problem: await ask.suggest(tabId, model) }),
    'sidepanel.estimateWhole': ({ tabId, model }) => ask.wholeEstimate(tabId, model),
    'sidepanel.searchWhole': async ({ tabId, model, agreed }) => {
      void ask.searchWhole(tabId, model, agreed);
      return {};
    },
    'sidepanel.ticket': async ({ tabId, model, carry }) => {
      const material = await conversationDraftMaterial(tabId);
      // The panel offers the button only after a finished answer; anything else is refused with its reason, never run on the page.
      if (!material) return runner.report(tabId, 'jira-draft', 'sidepanel', pageProblem('no_conversation'));
      return runner.start(tabId, 'jira-draft', model, { surface: 'sidepanel', material, carry });
    },
    'panel.getJob': async (_, sender) => readJob(senderTab(sender)),
    'panel.sentenceContext': async () => {
      const [{ values }, budget] = await Promise.all([getSettings(), readBudget()]);
      return { adminContact: values.adminContact, resetAt: budget?.resetAt ?? null };
    },
    'panel.stopJob': async (_, sender) => runner.stop(senderTab(sender)),
    'panel.saveDraft': async ({ draft, touched }, sender) => runner.saveDraft(senderTab(sender), draft, touched),
    'panel.startJob': async (run, sender) => {
      const tabId = senderTab(sender);
      const current = await readJob(tabId);
      // The panel's Retry of a ticket drafted from Ask's conversation: redrafted from the conversation, not the page.
      if (run.feature === 'jira-draft' && !run.fromAnswer && current && isConversationDraft(current)) return (await runner.retry(tabId, run.carry))!;
      return startRun(runner, tabId, run, (await readJob(tabId))?.model || null, 'panel');
    },
    'panel.confirmJob': async ({ proceed }, sender) => {
      runner.confirm(senderTab(sender), proceed);
      return {};
    },
    'panel.runs': async () => {
      const [{ values }, { actions }] = await Promise.all([getSettings(), readActions()]);
      return runnables('panel', values, actions).map(({ key, title, feature, action }) => ({ key, title, feature, action }));
    },
  };
}
