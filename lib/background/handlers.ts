/** The background's table of message handlers, and the job runner they drive. */
import { modelPrices, readBudget, readCatalog, updateBudget } from '../budget/store';
import { budgetAfterCall, UNREPORTED_BUDGET } from '../budget/state';
import { costFromUsage } from '../budget/pricing';
import { streamChat } from '../gateway/client';
import type { JobDeps, JobRunner } from '../jobs/runner';
import type { Job } from '../jobs/job';
import { featureWorks } from '../features/works';
import { featureById } from '../features/registry';
import type { ActionRef } from '../features/action/action';
import { currentAction, currentActions, startRun } from './runs';
import { runnables, usageActionName } from '../features/runnables';
import { defaultModel } from './surface-model';
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
import { extractTab, inspectTab } from './tab';

const modelInfo = async (model: string) => modelPrices(await readCatalog(), model);

/** What a job reads: a selection-only feature or action insists on a selection. */
async function wantsSelection(job: Job): Promise<boolean> {
  const input = job.action ? (await currentAction(job.action))?.input : featureById(job.feature)?.input;
  return input === 'selection';
}

export function createJobDeps(workerId: string, published?: JobDeps['published']): JobDeps {
  const works = featureWorks({ modelInfo, budget: readBudget, action: currentAction });
  const admissionFacts = async (feature: Feature, model: string, action: ActionRef | null) => {
    const [{ values }, catalog, budget, actions] = await Promise.all([getSettings(), readCatalog(), readBudget(), currentActions()]);
    return { feature, model, action, actions: actions.actions, settings: values, keyModels: catalog?.models ?? null, budget, now: Date.now() };
  };
  return {
    workerId,
    now: () => Date.now(),
    async admission(feature, model, action) {
      const first = refusal(await admissionFacts(feature, model, action));
      if (first?.kind !== 'budget_exceeded' && first?.kind !== 'expired_key') return first;
      // The cached figures may be old (the period reset, the admin raised the budget): ask the gateway once before refusing.
      await refreshStatus(await currentConnection());
      return refusal(await admissionFacts(feature, model, action));
    },
    connection: currentConnection,
    settings: async () => (await getSettings()).values,
    extract: async (job, onProgress) => extractTab(job.tabId, await wantsSelection(job), onProgress),
    work: (feature) => works[feature],
    async tags(feature, action) {
      const [{ values }, budget, rejected] = await Promise.all([getSettings(), readBudget(), tagsRejectedItem.getValue()]);
      const tags = requestTags(feature, action, values, budget?.userId ?? null, browser.runtime.getManifest().version);
      return rejected ? { ...tags, tags: [] } : tags;
    },
    tagsRejected: () => tagsRejectedItem.setValue(true),
    stream: (conn, request, tags, onDelta, signal) => streamChat(conn, request, tags, onDelta, signal),
    async settle(job, result, material) {
      const prices = await modelInfo(job.model);
      const computed = result.usage ? costFromUsage(result.usage, prices) : null;
      const cost = result.headers.responseCost ?? computed;
      await updateBudget((latest) => budgetAfterCall(latest ?? UNREPORTED_BUDGET, result.headers, cost, true, Date.now(), job.model));
      await appendUsage({
        time: Date.now(),
        feature: job.feature,
        action: job.action ? usageActionName(job.action) : null,
        model: job.model,
        promptTokens: result.usage?.prompt_tokens ?? 0,
        completionTokens: result.usage?.completion_tokens ?? 0,
        cost,
        estimated: result.headers.responseCost === null,
        pageTitle: job.source?.title ?? '',
        pageUrl: job.source?.url ?? '',
        text: material,
      }).catch(() => undefined); // A history that cannot be written must not fail an answer already paid for.
      return cost;
    },
    published,
  };
}

/** The panel's tab is the one Chrome says sent the message (isTrustedSender checked it exists). */
function senderTab(sender: Sender): number {
  return sender.tab!.id!;
}

export function createHandlers(runner: JobRunner, workerId: string): Handlers {
  const keyStatus = async () => {
    const [key, token] = await Promise.all([readGatewayKey(), readJiraToken()]);
    return { hasKey: key.length > 0, maskedKey: maskKey(key), hasJiraToken: token.length > 0, maskedJiraToken: maskKey(token) };
  };
  return {
    'popup.inspectTab': ({ tabId }) => inspectTab(tabId),
    'popup.startJob': ({ tabId, model, ...run }) => startRun(runner, tabId, run, model, 'popup'),
    'popup.stopJob': ({ tabId }) => runner.stop(tabId),
    'popup.retryJob': ({ tabId }) => runner.retry(tabId),
    'popup.confirmJob': async ({ tabId, proceed }) => {
      runner.confirm(tabId, proceed);
      return {};
    },
    'popup.saveDraft': ({ tabId, draft, touched }) => runner.saveDraft(tabId, draft, touched),
    'popup.previewJira': ({ draft }) => previewJiraIssue(draft),
    'popup.createJira': ({ draft }) => createJiraIssue(draft),
    'ui.refreshStatus': async () => refreshStatus(await currentConnection()),
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
      return testConnection(await connectionFor(gatewayUrl.trim(), key?.trim() || (await readGatewayKey())));
    },
    async 'options.saveJiraToken'({ token }) {
      await writeJiraToken(token);
      return keyStatus();
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
      return startRun(runner, tabId, run, (await readJob(tabId))?.model || null, 'panel');
    },
    'panel.confirmJob': async ({ proceed }, sender) => {
      runner.confirm(senderTab(sender), proceed);
      return {};
    },
    'panel.runs': async () => {
      const [{ values }, { actions }] = await Promise.all([getSettings(), currentActions()]);
      return runnables('panel', values, actions).map(({ key, title, feature, action }) => ({ key, title, feature, action }));
    },
  };
}
