/**
 * Each feature's work, for the worker only (the registry stays data, so pages never load this).
 * Keyed by the registry's ids: a feature added there without its work here does not compile. A
 * feature with its own side panel (features/ask) has no job, and no work here.
 */
import type { FeatureWork } from '../jobs/runner';
import type { JobFeatureId } from './registry';
import { type ActionEnv, actionWork } from './action/work';
import { draftWork } from './jira-draft/work';
import { summarizeWork } from './summarize/work';

export function featureWorks(env: ActionEnv): Record<JobFeatureId, FeatureWork> {
  const summarize = summarizeWork(env);
  return { summarize, 'summarize-selection': summarize, 'jira-draft': draftWork(env), action: actionWork(env) };
}
