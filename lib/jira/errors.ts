/**
 * Every way a Jira call fails (client.ts), as plain data. It crosses from the worker to the popup,
 * so it is a schema the receiver parses (create-result.ts), and its `kind` picks the sentence the
 * person reads (describeJiraError in lib/errors/sentences.ts).
 */
import { z } from 'zod';

export const JiraError = z.discriminatedUnion('kind', [
  /** 400 (or 422): `fieldErrors` go next to the form's fields, `messages` above the form. */
  z.object({ kind: z.literal('field-errors'), status: z.number().int(), fieldErrors: z.record(z.string(), z.string()), messages: z.array(z.string()) }),
  /** `loginReason` is Jira's X-Seraph-LoginReason header, e.g. AUTHENTICATED_FAILED. */
  z.object({ kind: z.literal('unauthorized'), status: z.literal(401), loginReason: z.string().nullable() }),
  /** No permission, or (loginReason AUTHENTICATION_DENIED) a CAPTCHA after failed logins on Data Center. */
  z.object({ kind: z.literal('forbidden'), status: z.literal(403), messages: z.array(z.string()), loginReason: z.string().nullable() }),
  /** Jira's XSRF filter refused a POST from a browser without an accepted Origin (contract §1.4). */
  z.object({ kind: z.literal('xsrf-rejected'), status: z.literal(403) }),
  z.object({ kind: z.literal('project-not-found'), status: z.literal(404), messages: z.array(z.string()) }),
  z.object({ kind: z.literal('rate-limited'), status: z.literal(429), retryAfterSeconds: z.number().nonnegative().nullable() }),
  z.object({ kind: z.literal('network'), message: z.string() }),
  /** Anything else, including an answer that is not Jira's JSON (a login page, a proxy's error). */
  z.object({ kind: z.literal('unexpected'), status: z.number().int(), detail: z.string() }),
]);
export type JiraError = z.infer<typeof JiraError>;
export type JiraErrorKind = JiraError['kind'];

export const JIRA_ERROR_KINDS: readonly JiraErrorKind[] = JiraError.options.map((option) => option.shape.kind.value);
