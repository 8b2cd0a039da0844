/** Starting what a person chose, from any surface: the action's own model when it names one. */
import type { ActionRef } from '../features/action/action';
import { findAction } from '../features/action/available';
import { readActions } from '../features/action/read';
import type { FeatureId } from '../features/registry';
import { pageProblem } from '../errors/problem';
import type { Job } from '../jobs/job';
import type { JobRunner } from '../jobs/runner';
import { getSettings } from '../settings/store';
import { defaultModel } from './surface-model';

export const currentAction = async (ref: ActionRef) => findAction(await readActions(), ref);

export interface Run {
  feature: FeatureId;
  action?: ActionRef | null;
  fromAnswer?: boolean;
  carry?: unknown;
}

/** `model`: the one the person picked (popup), or null for the default (right-click, panel). */
export async function startRun(runner: JobRunner, tabId: number, run: Run, model: string | null, surface: Job['surface']): Promise<Job> {
  const action = run.action ? await currentAction(run.action) : null;
  const chosen = action?.model ?? model ?? (await defaultModel((await getSettings()).values));
  if (!chosen) return runner.report(tabId, run.feature, surface, pageProblem('not_configured'));
  return runner.start(tabId, run.feature, chosen, { surface, action: run.action ?? null, output: action?.output, fromAnswer: run.fromAnswer, carry: run.carry });
}
