/** The worker's wiring of Ask (features/ask/session.ts) to the tab, the gateway, the budget and storage. */
import { estimateCost } from '../budget/pricing';
import { modelPrices, readCatalog } from '../budget/store';
import type { AskDeps } from '../features/ask/session';
import type { LiveConversations } from '../features/ask/live';
import { keepAsEarlier, readConversation, writeConversation } from '../features/ask/store';
import { tagsRejectedItem } from '../storage/items';
import { currentConnection } from './connection';
import { admission, settleCall, streamRemembering, tagsFor, workerRateQueue } from './handlers';
import { extractTab } from './tab';
import { readJob } from '../jobs/store';
import { loadTokenizer } from '../summarize/load-tokenizer';
import { getSettings } from '../settings/store';

export function createAskDeps(live: LiveConversations): AskDeps {
  return {
    now: () => Date.now(),
    newSessionId: () => crypto.randomUUID(),
    read: readConversation,
    write: writeConversation,
    keepEarlier: keepAsEarlier,
    published: (conversation) => live.state(conversation.tabId, conversation),
    streamed: (tabId, delta) => live.delta(tabId, delta),
    tabUrl: async (tabId) => (await browser.tabs.get(tabId).catch(() => null))?.url ?? null,
    // Reading the whole page may take the page as read when the popup opened (its Ask button opens the panel).
    extract: (tabId, selection) => extractTab(tabId, selection, undefined, true),
    summary: async (tabId, url) => {
      const job = await readJob(tabId);
      return job?.feature === 'summarize' && job.status === 'done' && job.source?.url === url && job.text !== '' ? job.text : null;
    },
    exactTokens: loadTokenizer,
    connection: currentConnection,
    admission: (model) => admission('ask', model, null),
    contextTokens: async (model) => modelPrices(await readCatalog(), model)?.max_input_tokens ?? null,
    promptCaching: async (model) => {
      const info = modelPrices(await readCatalog(), model);
      if (!info?.supports_prompt_caching || info.input_cost_per_token == null) return null;
      return { input: info.input_cost_per_token, cacheRead: info.cache_read_input_token_cost ?? info.input_cost_per_token };
    },
    settings: async () => (await getSettings()).values,
    estimate: async (model, promptTokens, answerTokens) => estimateCost(promptTokens, answerTokens, modelPrices(await readCatalog(), model)),
    tags: () => tagsFor('ask', null),
    tagsRejected: () => tagsRejectedItem.setValue(true),
    stream: streamRemembering,
    rateQueue: workerRateQueue,
    settle: (model, result, conversation) =>
      settleCall({ feature: 'ask', action: null, model, pageTitle: conversation.document?.title ?? '', pageUrl: conversation.document?.url ?? '' }, result, conversation.turns.at(-1)?.question ?? ''),
  };
}
