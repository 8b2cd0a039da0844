/**
 * Gateway guardrails as a client meets them (addendum §5): which ones run on a request, the
 * `x-litellm-applied-guardrails` header naming them, and a block in raising mode (400, its message
 * text or an object) or in passthrough mode (200 with the violation text and
 * `finish_reason: "content_filter"`). What trips a guardrail is the simulator's own rule: a word
 * in the prompt, so a test can say which request is blocked.
 */
import { z } from 'zod';
import type { GatewayError } from './errors';

export const Guardrail = z
  .object({
    guardrail_name: z.string().min(1),
    /** LiteLLM's `default_on`: runs on every request; otherwise only when the request names it in `guardrails`. */
    default_on: z.boolean().default(true),
    /** Not LiteLLM's: the text (case-insensitive) whose presence in the prompt makes it block; absent = it never blocks. */
    block_on: z.string().min(1).nullable().default(null),
    /**
     * raise: 400 `Guardrail raised an exception, Guardrail: {name}, Message: {message}`;
     * raise_object: 400 whose `message` is an object (the docs' Aporia example);
     * passthrough: 200 with `message` as the answer and finish_reason "content_filter".
     */
    on_block: z.enum(['raise', 'raise_object', 'passthrough']).default('raise'),
    message: z.string().default('Violated guardrail policy'),
  })
  .strict();
export type Guardrail = z.output<typeof Guardrail>;
export const GuardrailsBody = z.array(Guardrail);
export type GuardrailsBody = z.input<typeof GuardrailsBody>;

export const APPLIED_GUARDRAILS_HEADER = 'x-litellm-applied-guardrails';

/** The guardrails a request asked for: `["name", …]` (OSS) or `{"name": {"extra_body": …}}` (Enterprise). */
function requested(body: Record<string, unknown>): string[] {
  const field = body.guardrails;
  if (Array.isArray(field)) return field.filter((name): name is string => typeof name === 'string');
  return typeof field === 'object' && field !== null ? Object.keys(field) : [];
}

function promptText(messages: unknown): string {
  return JSON.stringify(messages ?? '').toLowerCase();
}

export type GuardrailOutcome =
  | { kind: 'pass'; applied: string[] }
  | { kind: 'raise'; error: GatewayError }
  | { kind: 'passthrough'; applied: string[]; content: string };

/**
 * Runs the pre-call guardrails in their configured order. The first that matches blocks; the
 * applied list names every guardrail that ran up to and including it (each adds itself to the
 * request's `applied_guardrails` before it runs).
 */
export function runGuardrails(guardrails: readonly Guardrail[], body: Record<string, unknown>): GuardrailOutcome {
  const asked = requested(body);
  const text = promptText(body.messages);
  const applied: string[] = [];
  for (const guardrail of guardrails) {
    if (!guardrail.default_on && !asked.includes(guardrail.guardrail_name)) continue;
    applied.push(guardrail.guardrail_name);
    if (guardrail.block_on === null || !text.includes(guardrail.block_on.toLowerCase())) continue;
    if (guardrail.on_block === 'passthrough') return { kind: 'passthrough', applied, content: guardrail.message };
    return { kind: 'raise', error: guardrailBlocked(guardrail, applied) };
  }
  return { kind: 'pass', applied };
}

/**
 * Raising mode: 400 with type and param the string "None" (addendum §5). That the error carries
 * `x-litellm-applied-guardrails` is inferred, not verified: LiteLLM's chat handler builds its
 * custom headers from the request data (where the guardrail added its name) for errors too.
 */
function guardrailBlocked(guardrail: Guardrail, applied: string[]): GatewayError {
  const message: string | Record<string, unknown> =
    guardrail.on_block === 'raise_object'
      ? { error: guardrail.message, aporia_ai_response: { action: 'block', revised_prompt: null, explain_log: null } }
      : `Guardrail raised an exception, Guardrail: ${guardrail.guardrail_name}, Message: ${guardrail.message}`;
  return {
    status: 400,
    body: { error: { message, type: 'None', param: 'None', code: '400' } },
    afterAuth: true,
    headers: { [APPLIED_GUARDRAILS_HEADER]: applied.join(',') },
  };
}

/** The guardrails the gateway is configured with; `POST /__sim/guardrails` replaces them, reset empties them. */
export class GuardrailState {
  #list: Guardrail[] = [];

  set(list: Guardrail[]): void {
    this.#list = [...list];
  }

  get list(): readonly Guardrail[] {
    return this.#list;
  }
}
