/** Server-Sent Events framing as LiteLLM streams them: `data: <json>\n\n`, ending `data: [DONE]\n\n`. */
export const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8' } as const;

export function sseEvent(data: unknown): string {
  return `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}

export const SSE_DONE = sseEvent('[DONE]');
