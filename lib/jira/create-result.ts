/** What "Create in Jira" shows before sending and answers after: plain data for the message protocol. */
import { z } from 'zod';
import { JiraError } from './errors';

export const JiraPreview = z.object({ method: z.literal('POST'), url: z.string(), body: z.unknown() });
export type JiraPreview = z.infer<typeof JiraPreview>;

export const JiraCreateResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), key: z.string(), url: z.string() }),
  z.object({ ok: z.literal(false), error: JiraError }),
]);
export type JiraCreateResult = z.infer<typeof JiraCreateResult>;
