/** What "Create in Jira" shows before sending and answers after: plain data for the message protocol. */
import { z } from 'zod';
import type { JiraError } from './client';

export const JiraPreview = z.object({ method: z.literal('POST'), url: z.string(), body: z.unknown() });
export type JiraPreview = z.infer<typeof JiraPreview>;

export const JiraCreateResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), key: z.string(), url: z.string() }),
  z.object({ ok: z.literal(false), error: z.custom<JiraError>((value) => typeof value === 'object' && value !== null && 'kind' in value) }),
]);
export type JiraCreateResult = z.infer<typeof JiraCreateResult>;
