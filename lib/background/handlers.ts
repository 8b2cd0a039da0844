/** The background's table of message handlers, and the job runner they drive. */
import { readBudget, readCatalog, budgetItem, modelPrices } from '../budget/store';
import { budgetAfterCall, UNREPORTED_BUDGET } from '../budget/state';
import { costFromUsage } from '../budget/pricing';
import { streamChat } from '../gateway/client';
import { JobRunner, type JobDeps } from '../jobs/runner';
import type { Handlers } from '../messaging';
import { maskKey, readGatewayKey, writeGatewayKey } from '../settings/secrets';
import { getSettings, saveUserSettings } from '../settings/store';
import { wordCount } from '../extract/result';
import { summaryMessages, ANSWER_TOKENS } from '../summarize/prompt';
import { summaryLanguage } from '../summarize/language';
import { requestTags } from './attribution';
import { connectionFor, currentConnection } from './connection';
import { refreshStatus, testConnection } from './status';
import { extractTab, inspectTab } from './tab';

export function createJobDeps(workerId: string): JobDeps {
  return {
    workerId,
    now: () => Date.now(),
    connection: currentConnection,
    settings: async () => (await getSettings()).values,
    extract: (tabId, feature) => extractTab(tabId, feature === 'summarize-selection'),
    prepare(extracted, settings) {
      const language = summaryLanguage(settings.summaryLanguage, extracted.text, extracted.lang);
      return {
        messages: summaryMessages({
          title: extracted.title,
          url: extracted.url,
          text: extracted.text,
          isSelection: extracted.kind === 'selection',
          language,
          length: settings.summaryLength,
          form: settings.summaryForm,
        }),
        maxTokens: ANSWER_TOKENS[settings.summaryLength],
        source: { title: extracted.title, url: extracted.url, words: wordCount(extracted.text), kind: extracted.kind, language },
      };
    },
    async tags(feature) {
      const [{ values }, budget] = await Promise.all([getSettings(), readBudget()]);
      return requestTags(feature, values, budget?.userId ?? null, browser.runtime.getManifest().version);
    },
    stream: (conn, model, prepared, tags, onDelta, signal) =>
      streamChat(conn, { model, messages: prepared.messages, max_tokens: prepared.maxTokens }, tags, onDelta, signal),
    async settle(model, result) {
      const catalog = await readCatalog();
      const cost = result.headers.responseCost ?? (result.usage ? costFromUsage(result.usage, modelPrices(catalog, model)) : null);
      const previous = (await readBudget()) ?? UNREPORTED_BUDGET;
      await budgetItem.setValue(budgetAfterCall(previous, result.headers, cost, true, Date.now()));
      return cost;
    },
  };
}

export function createHandlers(runner: JobRunner, workerId: string): Handlers {
  const keyStatus = async () => {
    const key = await readGatewayKey();
    return { hasKey: key.length > 0, maskedKey: maskKey(key) };
  };
  return {
    'popup.inspectTab': ({ tabId }) => inspectTab(tabId),
    'popup.startJob': ({ tabId, feature, model }) => runner.start(tabId, feature, model),
    'popup.stopJob': ({ tabId }) => runner.stop(tabId),
    'popup.retryJob': ({ tabId }) => runner.retry(tabId),
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
        await budgetItem.setValue(null);
      }
      void refreshStatus(await currentConnection());
      return keyStatus();
    },
    async 'options.testConnection'({ gatewayUrl, key }) {
      return testConnection(await connectionFor(gatewayUrl.trim(), key?.trim() || (await readGatewayKey())));
    },
  };
}
