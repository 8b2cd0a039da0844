/**
 * An action's work: the organization's instructions over the summary pipeline (a Markdown answer,
 * map-reduce for long documents) or the ticket pipeline (a Jira draft). The definition is looked
 * up again here, so an action removed by policy while its job waited cannot run.
 */
import { pageProblem, ProblemError } from '../../errors/problem';
import type { FeatureWork } from '../../jobs/runner';
import type { OutputLanguage } from '../../summarize/language';
import { type DraftEnv, runDraftWork } from '../jira-draft/work';
import { runSummaryWork, type SummarizeEnv } from '../summarize/work';
import { type Action, type ActionRef, actionInstructions } from './action';

export interface ActionEnv extends SummarizeEnv, DraftEnv {
  action(ref: ActionRef): Promise<Action | null>;
}

export function actionWork(env: ActionEnv): FeatureWork {
  return async (context, extracted) => {
    const ref = context.job.action;
    const action = ref ? await env.action(ref) : null;
    if (!action) throw new ProblemError(pageProblem('action_unavailable', ref ? `${ref.origin}:${ref.id}` : 'no action named'));
    const task = (language: OutputLanguage) => ({ instructions: actionInstructions(action.instructions, language), maxTokens: action.maxOutputTokens ?? null });
    return action.output === 'ticket' ? runDraftWork(env, context, extracted, task) : runSummaryWork(env, context, extracted, task);
  };
}
