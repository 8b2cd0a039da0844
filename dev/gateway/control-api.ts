/**
 * The bodies of the simulator's control routes (`/__sim/*`), shared by the server, which parses
 * them, and by `control.ts`, the typed client tests use. These are the simulator's own API, not
 * LiteLLM's, so they live here rather than in lib/gateway/wire.ts.
 */
import { z } from 'zod';
import { KeyRecord, TeamBudget, UserBudget } from './keys';
import { ModelPatch } from './models';

export const NAMED_ERRORS = [
  'invalid_key',
  'expired_key',
  'budget_exceeded',
  'model_not_allowed',
  'rate_limited',
  'context_window',
  'upstream',
  'malformed_request',
  'db_unavailable',
  'tags_rejected',
] as const;
export type NamedError = (typeof NAMED_ERRORS)[number];

const count = z.number().int().nonnegative();

/** `POST /__sim/faults`: fields given replace the current ones; the next* ones are used up. */
export const FaultsBody = z
  .object({
    /** Delay before the response starts (headers and first chunk). */
    ttftMs: count.optional(),
    /** Delay before each further chunk: a slow trickle. */
    perChunkMs: count.optional(),
    /** Destroy the socket after N content chunks (streams); null clears it. */
    cutAfterChunks: count.nullable().optional(),
    /** Send `data: {"error":…}` after N content chunks, then end the stream. */
    midStreamErrorAfter: count.nullable().optional(),
    /** Send one line that is not JSON after N content chunks, then go on. */
    malformedAfter: count.nullable().optional(),
    /** Never answer chat requests (until the client gives up or the gateway closes). */
    hang: z.boolean().optional(),
    /** After N content chunks send nothing more and keep the stream open (until the client leaves); null clears it. */
    stallAfterChunks: count.nullable().optional(),
    /** Send a chunk without its `created` field after N content chunks (it fails the chunk schema); null clears it. */
    badChunkAfter: count.nullable().optional(),
    /** Answer `stream: true` requests with one JSON completion, as a gateway that ignores the flag does. */
    ignoreStream: z.boolean().optional(),
    /**
     * A web page from something in front of the gateway (a WAF's 403, a sign-in page with 200, a
     * proxy's 5xx) answers the next chat request(s), as `text/html`.
     */
    nextPage: z.object({ status: z.number().int().min(200).max(599), html: z.string() }).optional(),
    /** Answer the next chat request(s) with ~300 KB of headers, as a proxy that piles on cookies does (Chromium refuses them). */
    hugeHeaders: z.literal(true).optional(),
    /** Deliver each answer in at most N content chunks (long gaps with few chunks); null clears it. */
    maxChunks: z.number().int().positive().nullable().optional(),
    /** The next chat answer's text, verbatim: for tests of what the client does with hostile output. */
    nextContent: z.string().optional(),
    /** Answer the next chat request(s) with this status and a contract-shaped body for it. */
    nextStatus: z.number().int().min(400).max(599).optional(),
    /** Answer the next chat request(s) with this exact contract error. */
    nextError: z.enum(NAMED_ERRORS).optional(),
    /**
     * The model provider behind the gateway fails the next chat request(s) with this status, and
     * the answer is that failure as LiteLLM relays it (a 429 is the provider's, not the key's).
     */
    upstreamStatus: z.number().int().min(400).max(599).optional(),
    /** How many requests nextStatus/nextError/upstreamStatus/nextPage/hugeHeaders/nextContent apply to (default 1). */
    times: z.number().int().positive().optional(),
  })
  .strict()
  .refine(
    (f) => [f.nextStatus, f.nextError, f.upstreamStatus, f.nextPage, f.hugeHeaders].filter((v) => v !== undefined).length <= 1,
    'give one of nextStatus, nextError, upstreamStatus, nextPage, hugeHeaders',
  );
export type FaultsBody = z.input<typeof FaultsBody>;

export const ModelsBody = z.array(ModelPatch);

export const ResetBody = z.object({}).strict();

export const ClockBody = z.object({ advanceMs: z.number().int() }).strict();

const KEY_FIELDS = new Set(Object.keys(KeyRecord.shape));
/** `POST /__sim/keys`: one key or several, each a partial record found (or created) by `key`. */
const KeyPatch = z
  .object({ key: z.string().startsWith('sk-') })
  .catchall(z.unknown())
  .refine((patch) => Object.keys(patch).every((field) => KEY_FIELDS.has(field)), 'unknown key field');
export const KeysBody = z.union([KeyPatch, z.array(KeyPatch)]);
export type KeyPatch = { key: string } & Partial<Omit<KeyRecord, 'key'>>;

const TEAM_FIELDS = new Set(Object.keys(TeamBudget.shape));
/** `POST /__sim/teams`: a team's fields, merged into the team of that id (or a new one); checked whole after the merge. */
export const TeamPatch = z
  .object({ team_id: z.string() })
  .catchall(z.unknown())
  .refine((patch) => Object.keys(patch).every((field) => TEAM_FIELDS.has(field)), 'unknown team field');
export type TeamPatch = { team_id: string } & Partial<Omit<z.input<typeof TeamBudget>, 'team_id'>>;

const USER_FIELDS = new Set(Object.keys(UserBudget.shape));
/** `POST /__sim/users`: an internal user's fields, merged like a team's (an admin raising a person's budget). */
export const UserPatch = z
  .object({ user_id: z.string() })
  .catchall(z.unknown())
  .refine((patch) => Object.keys(patch).every((field) => USER_FIELDS.has(field)), 'unknown user field');
export type UserPatch = { user_id: string } & Partial<Omit<z.input<typeof UserBudget>, 'user_id'>>;

/** One line of `GET /__sim/log`: every chat request, failed ones included. */
export const LogEntry = z.object({
  time: z.string(),
  callId: z.string(),
  path: z.string(),
  keyHash: z.string().nullable(),
  keyAlias: z.string().nullable(),
  model: z.string().nullable(),
  promptTokens: z.number(),
  completionTokens: z.number(),
  cost: z.number(),
  tags: z.array(z.string()),
  user: z.string().nullable(),
  /** LiteLLM's spend-log `session_id`: from the trace/session headers, else the body, else a fresh uuid (addendum §4). */
  sessionId: z.string(),
  status: z.number(),
  latencyMs: z.number(),
  /** Ms from the request's arrival to a streamed answer's first byte (null for any other answer): what a benchmark subtracts as the simulator's own time. */
  firstByteMs: z.number().nullable(),
  /** Ms from the request's arrival to the first chunk with text being handed to the socket (null when none was): where the simulator's own time ends for a benchmark of the first token. */
  firstTextMs: z.number().nullable(),
  /** When the request arrived, in ms since the epoch with fractions: where a benchmark splits a call into its way out and its way back. */
  receivedAt: z.number(),
  stream: z.boolean(),
  closedByClient: z.boolean(),
  requestMessages: z.unknown(),
  responseFormat: z.boolean(),
  cacheControl: z.boolean(),
});
export type LogEntry = z.infer<typeof LogEntry>;
export const LogBody = z.array(LogEntry);
