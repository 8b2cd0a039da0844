/**
 * Kept apart from errors.ts, which needs zod, so the sentences a page paints load without it (issue #17).
 *
 * The guardrail a block names (addendum §5): `Guardrail raised an exception, Guardrail: {name},
 * Message: …` or `Blocked entity detected: … by Guardrail: {name}.`; null when it names none
 * (an object message such as `{"error":"Violated guardrail policy",…}`).
 */
export function guardrailName(message: string): string | null {
  return /Guardrail: ([^,]+?)(?:,|\. This entity)/.exec(message)?.[1]?.trim() ?? null;
}

/**
 * A guardrail's text in LiteLLM's raising-mode wording, naming the guardrails its header named, so
 * guardrailName reads a block the same way whichever way it came; the text itself when none is named.
 */
export function guardrailMessage(text: string, guardrails: readonly string[]): string {
  return guardrails.length > 0 ? `Guardrail raised an exception, Guardrail: ${guardrails.join(' / ')}, Message: ${text}` : text;
}
