/**
 * The gateway's wire format, as zod schemas: the one place that knows LiteLLM's JSON shapes
 * (../shared/litellm-contract.md). The extension's client parses every response with these,
 * and the simulator in dev/gateway builds its answers from the same types.
 */
import { z } from 'zod';

// LiteLLM leaves many fields out or null depending on version; accept both and keep unknown keys
// out of the parsed value so nothing downstream depends on them by accident.
const nullableNumber = z.number().nullable().optional();
const nullableString = z.string().nullable().optional();

export const KeyInfo = z.object({
  key_name: nullableString,
  key_alias: nullableString,
  spend: z.number().default(0),
  max_budget: nullableNumber,
  budget_duration: nullableString,
  budget_reset_at: nullableString,
  expires: nullableString,
  models: z.array(z.string()).default([]),
  tpm_limit: nullableNumber,
  rpm_limit: nullableNumber,
  user_id: nullableString,
  team_id: nullableString,
  metadata: z.record(z.string(), z.unknown()).nullable().optional(),
  blocked: z.boolean().nullable().optional(),
  /** Budget windows (addendum §1, PR #25109) and their spend (PR #37044; absent before it). */
  budget_limits: z.array(z.object({ budget_duration: z.string(), max_budget: z.number(), reset_at: nullableString })).nullable().optional(),
  budget_limits_usage: z.record(z.string(), z.object({ current_spend: z.number() })).nullable().optional(),
  model_max_budget: z.record(z.string(), z.object({ budget_limit: nullableNumber, time_period: nullableString })).nullable().optional(),
  model_max_budget_usage: z.record(z.string(), z.object({ current_spend: z.number() })).nullable().optional(),
});
export type KeyInfo = z.infer<typeof KeyInfo>;

/** `GET /user/info` (addendum §2): only the budget fields are read. */
export const UserInfoResponse = z.object({
  user_id: z.string(),
  user_info: z.object({ spend: z.number().default(0), max_budget: nullableNumber, budget_reset_at: nullableString }),
});
export type UserInfoResponse = z.infer<typeof UserInfoResponse>;

/** `GET /team/info?team_id=` (addendum §2): the team's budget, and each member's own. */
export const TeamInfoResponse = z.object({
  team_id: z.string(),
  team_info: z.object({ team_alias: nullableString, spend: z.number().default(0), max_budget: nullableNumber, budget_reset_at: nullableString }),
  team_memberships: z
    .array(
      z.object({
        user_id: z.string(),
        spend: z.number().default(0),
        litellm_budget_table: z.object({ max_budget: nullableNumber, budget_reset_at: nullableString }).nullable().optional(),
      }),
    )
    .default([]),
});
export type TeamInfoResponse = z.infer<typeof TeamInfoResponse>;

export const KeyInfoResponse = z.object({ key: z.string(), info: KeyInfo });
export type KeyInfoResponse = z.infer<typeof KeyInfoResponse>;

export const ModelsResponse = z.object({
  object: z.literal('list'),
  data: z.array(z.object({ id: z.string(), object: z.literal('model'), created: z.number(), owned_by: z.string() })),
});
export type ModelsResponse = z.infer<typeof ModelsResponse>;

export const ModelInfoEntry = z.object({
  model_name: z.string(),
  litellm_params: z.object({ model: z.string() }).partial().default({}),
  model_info: z.object({
    id: nullableString,
    max_tokens: nullableNumber,
    max_input_tokens: nullableNumber,
    max_output_tokens: nullableNumber,
    input_cost_per_token: nullableNumber,
    output_cost_per_token: nullableNumber,
    cache_read_input_token_cost: nullableNumber,
    cache_creation_input_token_cost: nullableNumber,
    litellm_provider: nullableString,
    mode: nullableString,
    supports_prompt_caching: z.boolean().nullable().optional(),
    supports_response_schema: z.boolean().nullable().optional(),
  }),
});
export type ModelInfoEntry = z.infer<typeof ModelInfoEntry>;
export const ModelInfoResponse = z.object({ data: z.array(ModelInfoEntry) });
export type ModelInfoResponse = z.infer<typeof ModelInfoResponse>;

export const Usage = z.object({
  prompt_tokens: z.number(),
  completion_tokens: z.number(),
  total_tokens: z.number(),
  prompt_tokens_details: z.object({ cached_tokens: nullableNumber }).nullable().optional(),
  cache_creation_input_tokens: nullableNumber,
  cache_read_input_tokens: nullableNumber,
  // UNCONFIRMED for chat chunks (contract §1.3): read it when present, never rely on it.
  cost: nullableNumber,
});
export type Usage = z.infer<typeof Usage>;

export const ChatChunk = z.object({
  id: z.string(),
  object: z.literal('chat.completion.chunk'),
  created: z.number(),
  model: z.string(),
  choices: z.array(
    z.object({
      index: z.number(),
      delta: z.object({ role: z.string().optional(), content: z.string().nullable().optional() }),
      finish_reason: z.string().nullable().optional(),
    }),
  ),
  usage: Usage.nullable().optional(),
});
export type ChatChunk = z.infer<typeof ChatChunk>;

export const ChatCompletion = z.object({
  id: z.string(),
  object: z.literal('chat.completion'),
  created: z.number(),
  model: z.string(),
  choices: z.array(
    z.object({
      index: z.number(),
      message: z.object({ role: z.string(), content: z.string().nullable() }),
      finish_reason: z.string().nullable().optional(),
    }),
  ),
  usage: Usage,
});
export type ChatCompletion = z.infer<typeof ChatCompletion>;

/** `{"error":{…}}`: the body of every LiteLLM error, and of a mid-stream SSE error event. */
export const ErrorBody = z.object({
  error: z.object({
    // A guardrail's block may carry an object here (addendum §5).
    message: z.union([z.string(), z.record(z.string(), z.unknown())]),
    type: z.string().nullable().optional(),
    param: z.string().nullable().optional(),
    code: z.union([z.string(), z.number()]).nullable().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

const TextPart = z.object({
  type: z.literal('text'),
  text: z.string(),
  cache_control: z.object({ type: z.literal('ephemeral') }).optional(),
});
export const ChatMessage = z.object({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.union([z.string(), z.array(TextPart)]),
});
export type ChatMessage = z.infer<typeof ChatMessage>;

export const ResponseFormat = z.union([
  z.object({ type: z.literal('json_object') }),
  z.object({
    type: z.literal('json_schema'),
    json_schema: z.object({ name: z.string(), schema: z.record(z.string(), z.unknown()), strict: z.boolean().optional() }),
  }),
]);

export const ChatRequest = z.object({
  model: z.string(),
  messages: z.array(ChatMessage).min(1),
  stream: z.boolean().optional(),
  stream_options: z.object({ include_usage: z.boolean() }).optional(),
  max_tokens: z.number().int().positive().optional(),
  temperature: z.number().optional(),
  user: z.string().optional(),
  metadata: z.object({ tags: z.array(z.string()).optional() }).catchall(z.unknown()).optional(),
  tags: z.array(z.string()).optional(),
  response_format: ResponseFormat.optional(),
});
export type ChatRequest = z.infer<typeof ChatRequest>;

/** Response headers LiteLLM sets (contract §2); readable by the worker only with host access. */
export const HEADER = {
  responseCost: 'x-litellm-response-cost',
  keySpend: 'x-litellm-key-spend',
  keyMaxBudget: 'x-litellm-key-max-budget',
  callId: 'x-litellm-call-id',
  retryAfter: 'retry-after',
  tags: 'x-litellm-tags',
  endUser: 'x-litellm-end-user-id',
  appliedGuardrails: 'x-litellm-applied-guardrails',
  /** Sent, not read: groups a job's calls into one session in LiteLLM's logs (addendum §4). */
  sessionId: 'x-litellm-session-id',
} as const;

/** `POST /key/generate` body (contract §5): every field optional; unknown fields are ignored. */
export const KeyGenerateRequest = z.object({
  key: z.string().optional(),
  key_alias: nullableString,
  models: z.array(z.string()).optional(),
  max_budget: nullableNumber,
  budget_duration: nullableString,
  duration: nullableString,
  tpm_limit: z.number().int().nullable().optional(),
  rpm_limit: z.number().int().nullable().optional(),
  user_id: nullableString,
  team_id: nullableString,
  metadata: z.record(z.string(), z.unknown()).optional(),
  blocked: z.boolean().nullable().optional(),
});
export type KeyGenerateRequest = z.infer<typeof KeyGenerateRequest>;

/** Its answer: the stored row plus the plaintext key, shown this once, and the key's hash. */
export const KeyGenerateResponse = KeyInfo.extend({ key: z.string(), token_id: nullableString });
export type KeyGenerateResponse = z.infer<typeof KeyGenerateResponse>;
