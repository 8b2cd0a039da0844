/** The OpenAI shapes LiteLLM answers chat completions with (contract §1.3, §1.4). */
import type { ChatChunk, ChatCompletion, Usage } from '../../lib/gateway/wire';

export interface CompletionIdentity {
  id: string;
  /** Unix seconds. */
  created: number;
  /** The model name the client asked for: LiteLLM re-stamps it onto every chunk. */
  model: string;
}

export function completionBody(who: CompletionIdentity, content: string, finishReason: string, usage: Usage): ChatCompletion {
  return {
    ...who,
    object: 'chat.completion',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: finishReason }],
    usage,
  };
}

export function chunkBody(who: CompletionIdentity, delta: { role?: string; content?: string }, finishReason: string | null = null): ChatChunk {
  return { ...who, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finishReason }] };
}

/**
 * With `stream_options.include_usage`, the last chunk before [DONE]. LiteLLM 1.108.7 sends it
 * with one empty choice (not `choices: []` as OpenAI does) and stamps the cost it computed into
 * `usage.cost` when that cost is above zero (streaming_chunk_builder_utils.py
 * `_stamp_streaming_usage_cost`): on a stream, the client's only way to learn the cost.
 */
export function usageChunkBody(who: CompletionIdentity, usage: Usage, cost: number): ChatChunk {
  return { ...who, object: 'chat.completion.chunk', choices: [{ index: 0, delta: {} }], usage: { ...usage, ...(cost > 0 ? { cost } : {}) } };
}
