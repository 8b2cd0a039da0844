/**
 * A typed client for the simulator's control routes, for tests and scripts:
 * `const sim = simControl(gateway.url); await sim.faults({ ttftMs: 200 }); … await sim.reset();`
 */
import { type FaultsBody, type KeyPatch, LogBody, type LogEntry, type TeamPatch, type UserPatch } from './control-api';
import type { GuardrailsBody } from './guardrails';
import type { ModelPatch } from './models';

export interface SimControl {
  faults(faults: FaultsBody): Promise<void>;
  reset(): Promise<void>;
  log(): Promise<LogEntry[]>;
  /** Every gateway request so far (chat or not), as `METHOD /path`. */
  requests(): Promise<string[]>;
  models(patches: ModelPatch[]): Promise<void>;
  /** Moves the simulator's clock forward (or back, with a negative value). */
  clock(advanceMs: number): Promise<void>;
  keys(patch: KeyPatch | KeyPatch[]): Promise<void>;
  /** Sets a team's fields (its spend, as an admin editing the database row would). */
  teams(patch: TeamPatch): Promise<void>;
  /** Sets an internal user's fields (their budget or spend). */
  users(patch: UserPatch): Promise<void>;
  /** Replaces the gateway's guardrails (addendum §5). */
  guardrails(list: GuardrailsBody): Promise<void>;
}

export function simControl(gatewayUrl: string): SimControl {
  const base = gatewayUrl.replace(/\/+$/, '');
  async function post(path: string, body: unknown): Promise<void> {
    const response = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
  }
  return {
    faults: (faults) => post('/__sim/faults', faults),
    reset: () => post('/__sim/reset', {}),
    async log() {
      const response = await fetch(`${base}/__sim/log`);
      if (!response.ok) throw new Error(`/__sim/log: HTTP ${response.status}`);
      return LogBody.parse(await response.json());
    },
    async requests() {
      const response = await fetch(`${base}/__sim/requests`);
      if (!response.ok) throw new Error(`/__sim/requests: HTTP ${response.status}`);
      return (await response.json()) as string[];
    },
    models: (patches) => post('/__sim/models', patches),
    clock: (advanceMs) => post('/__sim/clock', { advanceMs }),
    keys: (patch) => post('/__sim/keys', patch),
    teams: (patch) => post('/__sim/teams', patch),
    users: (patch) => post('/__sim/users', patch),
    guardrails: (list) => post('/__sim/guardrails', list),
  };
}
