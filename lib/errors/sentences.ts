/**
 * The one place that turns a problem into words: a sentence in the UI's language saying what
 * happened and what to do next, and which action the UI should offer.
 */
import { z } from 'zod';
import { formatDate, type MessageKey, t } from '../i18n';
import type { JiraError, JiraErrorKind } from '../jira/errors';
import type { Problem, ProblemKind } from './problem';

export type NextAction = 'open-options' | 'retry' | 'pick-model' | 'none';

export interface ProblemSentence {
  text: string;
  action: NextAction;
}

/** What a sentence may name besides the problem: whom to ask, and when the budget resets. */
export const SentenceContext = z.object({ adminContact: z.string().optional(), resetAt: z.string().nullable().optional() });
export type SentenceContext = z.infer<typeof SentenceContext>;

const ACTIONS: Record<ProblemKind, NextAction> = {
  invalid_key: 'open-options',
  expired_key: 'open-options',
  blocked_key: 'open-options',
  budget_exceeded: 'none',
  model_not_allowed: 'pick-model',
  unknown_model: 'pick-model',
  rate_limited: 'retry',
  context_window: 'pick-model',
  tags_rejected: 'retry',
  content_policy: 'none',
  bad_request: 'retry',
  upstream: 'retry',
  service_unavailable: 'retry',
  unreachable: 'open-options',
  no_host_access: 'open-options',
  malformed_response: 'retry',
  interrupted: 'retry',
  not_configured: 'open-options',
  no_tab: 'none',
  restricted_page: 'none',
  pdf_page: 'none',
  pdf_encrypted: 'none',
  pdf_no_text: 'none',
  draft_invalid: 'retry',
  feature_disabled: 'none',
  action_unavailable: 'none',
  empty_page: 'none',
  extraction_failed: 'retry',
  internal: 'retry',
};

/** Every kind has a message key `problem_<kind>`; an invariant test checks both locales have it. */
export function problemMessageKey(kind: ProblemKind): MessageKey {
  return `problem_${kind}` as MessageKey;
}

export function describeProblem(problem: Problem, context: SentenceContext = {}): ProblemSentence {
  const key = problemMessageKey(problem.kind);
  let text: string;
  switch (problem.kind) {
    case 'rate_limited':
      text = problem.retryAfterS === null ? t('problem_rate_limited_now') : t(key, Math.ceil(problem.retryAfterS));
      break;
    case 'budget_exceeded':
      text = context.resetAt ? t(key, formatDate(context.resetAt)) : t('problem_budget_exceeded_no_reset');
      if (problem.scope && problem.scope !== 'key') text += ` ${t('problem_budget_scope', problem.scope)}`;
      break;
    default:
      text = t(key);
  }
  if (context.adminContact && ['budget_exceeded', 'expired_key', 'blocked_key', 'model_not_allowed', 'tags_rejected'].includes(problem.kind)) {
    text += ` ${t('problem_admin_contact', context.adminContact)}`;
  }
  return { text, action: ACTIONS[problem.kind] };
}

export interface JiraErrorSentence {
  text: string;
  /** Jira's own words (which field, which permission) when it gave any, shown as Jira wrote them. */
  detail: string | null;
}

/** Every kind has a message key `jira_error_<kind>`; an invariant test checks both locales have it. */
export function jiraErrorMessageKey(kind: JiraErrorKind): MessageKey {
  return `jira_error_${kind.replaceAll('-', '_')}` as MessageKey;
}

export function describeJiraError(error: JiraError): JiraErrorSentence {
  const messages = 'messages' in error ? error.messages : [];
  return { text: t(jiraErrorMessageKey(error.kind)), detail: messages.length > 0 ? messages.join(' ') : null };
}

/**
 * Under a summary that stopped at its length limit (Job.truncated): the text stays, and the person
 * learns it is not whole and how to get all of it.
 */
export function lengthCutSentence(): string {
  return t('answer_cut_at_length');
}
