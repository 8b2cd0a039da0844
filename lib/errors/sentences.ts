/**
 * The one place that turns a problem into words: a sentence in the UI's language saying what
 * happened and what to do next, and which action the UI should offer.
 */
import type { BudgetRefusal } from '../budget/refusal';
import { isModelScope } from '../budget/read';
import { formatUsd, type MessageKey, t } from '../i18n';
import { budgetScopeId, budgetScopeName, formatScopeReset } from '../budget/names';
import { guardrailName } from '../gateway/guardrail';
import type { SentenceContext } from '../messaging';
import type { JiraError, JiraErrorKind } from '../jira/errors';
import type { Problem, ProblemKind } from './problem';

export type NextAction = 'open-options' | 'open-gateway' | 'retry' | 'pick-model' | 'none';

export interface ProblemSentence {
  text: string;
  action: NextAction;
}

export type { SentenceContext };

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
  guardrail_blocked: 'none',
  bad_request: 'retry',
  upstream: 'retry',
  service_unavailable: 'retry',
  unreachable: 'open-options',
  no_host_access: 'open-options',
  malformed_response: 'retry',
  interrupted: 'retry',
  no_response: 'retry',
  stalled: 'retry',
  too_slow: 'retry',
  network_refused: 'retry',
  sign_in_page: 'open-gateway',
  headers_too_big: 'none',
  certificate_error: 'none',
  name_not_resolved: 'open-options',
  not_configured: 'open-options',
  no_tab: 'none',
  restricted_page: 'none',
  pdf_page: 'none',
  pdf_encrypted: 'none',
  pdf_no_text: 'none',
  pdf_too_large: 'none',
  draft_invalid: 'retry',
  feature_disabled: 'none',
  action_unavailable: 'none',
  too_many_parts: 'none',
  estimate_changed: 'none',
  no_conversation: 'none',
  empty_page: 'none',
  frameset_page: 'none',
  framed_page: 'none',
  extraction_failed: 'retry',
  storage_full: 'none',
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
      text = budgetSentence(problem.scope ?? UNNAMED_BUDGET, context);
      break;
    case 'guardrail_blocked': {
      const name = guardrailName(problem.message);
      text = name ? t(key, name) : t('problem_guardrail_blocked_unnamed');
      break;
    }
    case 'too_many_parts': {
      // `<parts>/<cap>`, as lib/features/summarize/work.ts writes it.
      const [parts = '', cap = ''] = problem.message.split('/');
      text = t(key, Number(parts).toLocaleString(), Number(cap).toLocaleString());
      break;
    }
    case 'pdf_too_large': {
      // `<bytes>/<limit>`, as lib/pdf/extract.ts writes it; whole MB, the size rounded up.
      const [bytes = '', limit = ''] = problem.message.split('/');
      text = t(key, Math.ceil(Number(bytes) / 2 ** 20).toLocaleString(), Math.floor(Number(limit) / 2 ** 20).toLocaleString());
      break;
    }
    default:
      text = t(key);
  }
  if (context.adminContact && ['budget_exceeded', 'expired_key', 'blocked_key', 'model_not_allowed', 'tags_rejected', 'guardrail_blocked'].includes(problem.kind)) {
    text += uiSeparator() + t('problem_admin_contact', context.adminContact);
  }
  return { text, action: ACTIONS[problem.kind] };
}

const UNNAMED_BUDGET: BudgetRefusal = { scope: 'unknown', id: null, spend: null, limit: null, model: null, window: null };

/** The sentence for a budget used up, whether the gateway refused or the worker knew first. */
export function budgetSentence(refusal: BudgetRefusal, context: SentenceContext): string {
  const name = budgetScopeName(refusal);
  const parts = [
    refusal.spend !== null && refusal.limit !== null ? t('problem_budget_exceeded', name, formatUsd(refusal.spend), formatUsd(refusal.limit)) : t('problem_budget_exceeded_plain', name),
  ];
  if (isModelScope(refusal.scope)) parts.push(t('problem_budget_other_models'));
  const resetAt = context.resets?.[budgetScopeId(refusal)];
  parts.push(resetAt ? t('problem_budget_resets', formatScopeReset(refusal, resetAt)) : t('problem_budget_ask_admin'));
  return parts.join(uiSeparator());
}

/** Japanese sentences follow each other without a space. */
function uiSeparator(): string {
  return t('localeCode') === 'ja' ? '' : ' ';
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
