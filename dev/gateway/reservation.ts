/**
 * LiteLLM's budget reservation (addendum §1 step 16, budget_reservation.py): after the budget
 * checks pass, the call's estimated maximum cost is reserved on every spend counter it would
 * move, so calls in flight at once cannot together overrun a budget. A counter already at its
 * maximum, counting what is reserved on it, refuses the call; partial headroom shrinks the
 * reservation. Reservations are released when the call ends, however it ends (its real cost is
 * charged separately).
 */
import * as errors from './errors';
import type { GatewayError } from './errors';
import type { KeyAccount, KeyStore } from './key-store';

interface Counter {
  /** How the refusal names it: `Key=<hash>`, `Team=eng:1d`, `Tag=pilot`… */
  name: string;
  spend: number;
  max: number;
}

/**
 * The counters in the order the addendum lists them: key, its windows, team, its windows, user,
 * end user, tags, team member, organization. A team member's id is its user id [unverified].
 */
function countersOf(store: KeyStore, account: KeyAccount, endUser: string | null, tags: readonly string[]): Counter[] {
  const key = account.record;
  const counters: Counter[] = [];
  const add = (name: string, spend: number, max: number | null) => {
    if (max !== null) counters.push({ name, spend, max });
  };
  add(`Key=${account.hash}`, account.live.spend, key.max_budget);
  for (const window of account.windows) add(`Key=${account.hash}:${window.duration}`, window.spend, window.maxBudget);
  const team = store.teamOf(account);
  if (team) {
    add(`Team=${team.team_id}`, team.spend, team.max_budget);
    for (const window of team.budget_limits) add(`Team=${team.team_id}:${window.budget_duration}`, window.spend, window.max_budget);
  }
  const user = key.user_id === null ? undefined : store.users.get(key.user_id);
  if (user) add(`User=${user.user_id}`, user.spend, user.max_budget);
  const customer = endUser === null ? undefined : store.endUsers.get(endUser);
  if (customer) add(`EndUser=${customer.user_id}`, customer.spend, customer.max_budget);
  for (const tag of tags) {
    const budget = store.tags.get(tag);
    if (budget) add(`Tag=${budget.tag_name}`, budget.spend, budget.max_budget);
  }
  const member = team?.members.find((m) => m.user_id === key.user_id);
  if (member) add(`TeamMember=${member.user_id}`, member.spend, member.max_budget);
  const organization = store.organizationOf(account);
  if (organization) add(`Organization=${organization.organization_id}`, organization.spend, organization.max_budget);
  return counters;
}

export class Reservations {
  readonly #held = new Map<string, number>();

  /**
   * Reserves `estimate` on every counter of the call, or refuses it naming the first counter
   * already full. "Current cost" counts what is reserved on it: that is the value the counter
   * holds in LiteLLM [inferred].
   */
  reserve(
    store: KeyStore,
    account: KeyAccount,
    call: { endUser: string | null; tags: readonly string[]; estimate: number; legacy: boolean },
  ): { ok: true; release: () => void } | { ok: false; error: GatewayError } {
    const counters = countersOf(store, account, call.endUser, call.tags);
    for (const counter of counters) {
      const current = counter.spend + (this.#held.get(counter.name) ?? 0);
      if (current >= counter.max) return { ok: false, error: errors.reservationExceeded(call.legacy, counter.name, current, counter.max) };
    }
    const taken = counters.map((counter) => {
      const amount = Math.min(call.estimate, counter.max - counter.spend - (this.#held.get(counter.name) ?? 0));
      this.#held.set(counter.name, (this.#held.get(counter.name) ?? 0) + amount);
      return { name: counter.name, amount };
    });
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        for (const { name, amount } of taken) {
          const left = (this.#held.get(name) ?? 0) - amount;
          if (left > 1e-12) this.#held.set(name, left);
          else this.#held.delete(name);
        }
      },
    };
  }
}
