/**
 * A problem the person must be told about: a gateway failure, or something about the page or the
 * setup. Plain data, so it can be stored with a job and shown by any UI.
 */
import { z } from 'zod';
import { GatewayErrorKind, GatewayFailure } from '../gateway/errors';

export const PageProblemKind = z.enum(['not_configured', 'no_tab', 'restricted_page', 'pdf_page', 'pdf_encrypted', 'pdf_no_text', 'pdf_too_large', 'empty_page', 'frameset_page', 'framed_page', 'extraction_failed', 'draft_invalid', 'feature_disabled', 'action_unavailable', 'storage_full', 'too_many_parts', 'estimate_changed', 'no_conversation', 'internal']);

export const ProblemKind = z.enum([...GatewayErrorKind.options, ...PageProblemKind.options]);
export type ProblemKind = z.infer<typeof ProblemKind>;

export const Problem = GatewayFailure.extend({ kind: ProblemKind });
export type Problem = z.infer<typeof Problem>;

export function pageProblem(kind: z.infer<typeof PageProblemKind>, message = ''): Problem {
  return { kind, status: null, message, retryAfterS: null, scope: null };
}

/** Thrown where a problem is found, caught where a job records it. */
export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message || problem.kind);
    this.name = 'ProblemError';
  }
}
