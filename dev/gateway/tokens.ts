/**
 * Real token counts (o200k, the GPT-4o tokenizer) for prompts and answers, so spend, context
 * windows and max_tokens behave like a gateway in front of a real model.
 */
import type { ChatMessage } from '../../lib/gateway/wire';
import '../../lib/summarize/tokens-bundled';
import { countTokens, messageText, REPLY_PRIMING_TOKENS, TOKENS_PER_MESSAGE } from '../../lib/summarize/tokens';

// The extension plans with the same counts, and the same chat framing, the simulator charges with.
export { countTokens, messageText };

export interface PromptCount {
  total: number;
  /**
   * Anthropic caches the prompt up to and including the last block marked `cache_control`; this
   * is that prefix (its text identifies it, its tokens are what a cache hit saves), or null.
   */
  cacheablePrefix: { text: string; tokens: number } | null;
}

export function countPrompt(messages: readonly ChatMessage[]): PromptCount {
  let total = REPLY_PRIMING_TOKENS;
  let prefix: PromptCount['cacheablePrefix'] = null;
  let seenText = '';
  for (const message of messages) {
    total += TOKENS_PER_MESSAGE;
    seenText += `\u0000${message.role}\u0000`;
    const parts = typeof message.content === 'string' ? [{ text: message.content, cache_control: undefined }] : message.content;
    for (const part of parts) {
      total += countTokens(part.text);
      seenText += `${part.text}\u0000`;
      if (part.cache_control) prefix = { text: seenText, tokens: total - REPLY_PRIMING_TOKENS };
    }
  }
  return { total, cacheablePrefix: prefix };
}
