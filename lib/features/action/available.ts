/**
 * The actions a person may run now: the organization's (policy `actions`) and, when policy allows,
 * their own, each parsed on its own so a malformed one is reported and skipped.
 */
import type { Settings } from '../../settings/schema';
import { type Action, type ActionProblem, type ActionRef, parseActions } from './action';

export interface AvailableActions {
  actions: Action[];
  problems: ActionProblem[];
}

export function availableActions(settings: Settings, personal: readonly unknown[], keyModels: readonly string[] | null): AvailableActions {
  const fromPolicy = parseActions(settings.actions, 'policy', keyModels);
  const own = settings.allowPersonalActions ? parseActions(personal, 'personal', keyModels) : { actions: [], problems: [] };
  return { actions: [...fromPolicy.actions, ...own.actions], problems: [...fromPolicy.problems, ...own.problems] };
}

export function findAction(available: AvailableActions, ref: ActionRef): Action | null {
  return available.actions.find((a) => a.origin === ref.origin && a.id === ref.id) ?? null;
}
