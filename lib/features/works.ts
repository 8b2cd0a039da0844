/**
 * Each feature's work, for the worker only (the registry stays data, so pages never load this).
 * Keyed by the registry's ids: a feature added there without its work here does not compile.
 */
import type { FeatureWork } from '../jobs/runner';
import type { FeatureId } from './registry';
import { type ActionEnv, actionWork } from './action/work';
import { draftWork } from './jira-draft/work';
import { summarizeWork } from './summarize/work';

export function featureWorks(env: ActionEnv): Record<FeatureId, FeatureWork> {
  const summarize = summarizeWork(env);
  return { summarize, 'summarize-selection': summarize, 'jira-draft': draftWork(env), action: actionWork(env) };
}
