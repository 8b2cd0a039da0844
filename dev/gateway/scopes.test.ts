/**
 * Budgets above and beside the key (addendum §1, §2): teams, team members, internal users, end
 * users, key windows and per-model key budgets, each refused with LiteLLM's status and message in
 * LiteLLM's order; and the self-info routes a plain key may or may not read.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseBudgetRefusal } from '../../lib/budget/refusal';
import { ErrorBody, KeyInfoResponse } from '../../lib/gateway/wire';
import { hashKey, type KeyRecord } from './keys';
import { simControl } from './control';
import { type GatewayOptions, type RunningGateway, startGateway } from './server';
import { chat } from './test-support';

let gateway: RunningGateway | undefined;
let now = Date.UTC(2026, 10, 30, 18, 20, 0);

async function start(keys: KeyRecord[], options: GatewayOptions = {}): Promise<RunningGateway> {
  now = Date.UTC(2026, 10, 30, 18, 20, 0);
  gateway = await startGateway({ port: 0, keys, now: () => now, batchWriteS: 0, ...options });
  return gateway;
}
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

const complete = (g: RunningGateway, key: string, body: Record<string, unknown> = {}) => fetch(`${g.url}/v1/chat/completions`, chat({ max_tokens: 60, ...body }, { key }));
const get = (g: RunningGateway, key: string, path: string) => fetch(`${g.url}${path}`, { headers: { authorization: `Bearer ${key}` } });

async function refusal(response: Response) {
  expect(response.status).toBe(429);
  const { error } = ErrorBody.parse(await response.json());
  expect(error.type).toBe('budget_exceeded');
  if (typeof error.message !== 'string') throw new Error('a budget refusal carries a text message');
  return error.message;
}

describe('budgets beside the key, in LiteLLM order', () => {
  it('a key without a limit is stopped by its team only past the team budget, named Team=', async () => {
    const g = await start([{ key: 'sk-team', team_id: 'eng' }], { teams: [{ team_id: 'eng', max_budget: 1, spend: 1 }] });
    expect((await complete(g, 'sk-team')).status).toBe(200);
    const message = await refusal(await complete(g, 'sk-team'));
    expect(message).toMatch(/^Budget has been exceeded! Team=eng Current cost: 1\.\d+, Max budget: 1\.0$/);
    expect(parseBudgetRefusal(message)).toMatchObject({ scope: 'team', id: 'eng', limit: 1 });
  });

  it('a key window is refused at spend >= limit, with four and two decimals, and /key/info shows its usage and reset', async () => {
    const g = await start([{ key: 'sk-window', budget_limits: [{ budget_duration: '1h', max_budget: 0.0001 }] }]);
    expect((await complete(g, 'sk-window')).status).toBe(200);
    const message = await refusal(await complete(g, 'sk-window'));
    expect(message).toMatch(/^ExceededBudget: Key over 1h budget\. Spend=\$0\.\d{4}, Limit=\$0\.00$/);
    expect(parseBudgetRefusal(message)).toMatchObject({ scope: 'key_window', window: '1h' });
    const raw = (await (await get(g, 'sk-window', '/key/info')).json()) as { info: Record<string, unknown> };
    expect(raw.info.budget_limits).toEqual([{ budget_duration: '1h', max_budget: 0.0001, reset_at: '2026-11-30T19:00:00Z' }]);
    expect((raw.info.budget_limits_usage as Record<string, { current_spend: number }>)['1h']!.current_spend).toBeGreaterThan(0.0001);
    now += 3_600_000;
    expect((await complete(g, 'sk-window')).status).toBe(200);
  });

  it('a per-model key budget stops that model only, naming the key by hash and the model', async () => {
    const g = await start([{ key: 'sk-models', key_alias: 'alice', model_max_budget: { 'sim-fast': { budget_limit: 0.00001, time_period: '1d' } } }]);
    expect((await complete(g, 'sk-models')).status).toBe(200);
    const message = await refusal(await complete(g, 'sk-models'));
    expect(message).toMatch(/^LiteLLM Virtual Key: [0-9a-f]{64}, key_alias: alice, exceeded budget for model=sim-fast$/);
    expect(parseBudgetRefusal(message)).toMatchObject({ scope: 'key_model', model: 'sim-fast' });
    expect((await complete(g, 'sk-models', { model: 'sim-tiny' })).status).toBe(200);
    const info = (await (await get(g, 'sk-models', '/key/info')).json()) as { info: { model_max_budget_usage: Record<string, { current_spend: number; budget_limit: number }> } };
    expect(info.info.model_max_budget_usage['sim-fast']).toMatchObject({ budget_limit: 0.00001, time_period: '1d' });
  });

  it('an end user over budget is refused first, before the key budget', async () => {
    const g = await start([{ key: 'sk-spent', max_budget: 1, spend: 1 }], { endUsers: [{ user_id: 'customer-7', max_budget: 1, spend: 1.5 }] });
    const message = await refusal(await complete(g, 'sk-spent', { user: 'customer-7' }));
    expect(message).toBe('ExceededBudget: End User=customer-7 over budget. Spend=1.5, Budget=1.0');
    expect(parseBudgetRefusal(await refusal(await complete(g, 'sk-spent')))).toMatchObject({ scope: 'key' });
  });

  it('the key budget is checked before the team, the team before the windows', async () => {
    const g = await start(
      [
        { key: 'sk-both', team_id: 'eng', max_budget: 1, spend: 1 },
        { key: 'sk-team-window', team_id: 'eng', budget_limits: [{ budget_duration: '1h', max_budget: 0 }] },
      ],
      { teams: [{ team_id: 'eng', max_budget: 1, spend: 2 }] },
    );
    expect(parseBudgetRefusal(await refusal(await complete(g, 'sk-both'))).scope).toBe('key');
    expect(parseBudgetRefusal(await refusal(await complete(g, 'sk-team-window'))).scope).toBe('team');
  });

  it('an internal user budget binds keys without a team; a team member budget binds inside the team', async () => {
    const g = await start(
      [
        { key: 'sk-alone', user_id: 'alice' },
        { key: 'sk-member', user_id: 'bob', team_id: 'eng' },
      ],
      { users: [{ user_id: 'alice', max_budget: 2, spend: 2 }], teams: [{ team_id: 'eng', max_budget: 100, members: [{ user_id: 'bob', max_budget: 3, spend: 3 }] }] },
    );
    expect(await refusal(await complete(g, 'sk-alone'))).toBe('ExceededBudget: User=alice over budget. Spend=2.0, Budget=2.0');
    expect(await refusal(await complete(g, 'sk-member'))).toBe('Budget has been exceeded! User=bob in Team=eng Current cost: 3.0, Max budget: 3.0');
  });

  it('a team window trips at spend >= limit, named Team= with its duration, and /team/info lists it', async () => {
    const g = await start([{ key: 'sk-team-day', team_id: 'eng' }], { teams: [{ team_id: 'eng', max_budget: 100, budget_limits: [{ budget_duration: '1d', max_budget: 0.0001 }] }] });
    expect((await complete(g, 'sk-team-day')).status).toBe(200);
    const message = await refusal(await complete(g, 'sk-team-day'));
    expect(message).toMatch(/^ExceededBudget: Team=eng over 1d budget\. Spend=\$0\.\d{4}, Limit=\$0\.00$/);
    expect(parseBudgetRefusal(message)).toMatchObject({ scope: 'team_window', id: 'eng', window: '1d' });
    const team = (await (await get(g, 'sk-team-day', '/team/info?team_id=eng')).json()) as { team_info: { budget_limits: unknown[] } };
    expect(team.team_info.budget_limits).toEqual([{ budget_duration: '1d', max_budget: 0.0001, reset_at: '2026-12-01T00:00:00Z' }]);
    now += 86_400_000;
    expect((await complete(g, 'sk-team-day')).status).toBe(200);
  });

  it('a project, an organization (the key’s own, else its team’s) and a request tag are each refused in their own words', async () => {
    const g = await start(
      [
        { key: 'sk-project', project_id: 'proj-1' },
        { key: 'sk-org', org_id: 'org-9' },
        { key: 'sk-team-org', team_id: 'eng' },
        { key: 'sk-tagged' },
      ],
      {
        projects: [{ project_id: 'proj-1', max_budget: 20, spend: 20.5 }],
        organizations: [
          { organization_id: 'org-9', max_budget: 1000, spend: 1000 },
          { organization_id: 'org-eng', max_budget: 5, spend: 5 },
        ],
        teams: [{ team_id: 'eng', organization_id: 'org-eng' }],
        tags: [{ tag_name: 'marketing', max_budget: 3, spend: 3.2 }],
      },
    );
    const project = await refusal(await complete(g, 'sk-project'));
    expect(project).toBe('Budget has been exceeded! Project=proj-1 Current cost: 20.5, Max budget: 20.0');
    expect(await refusal(await complete(g, 'sk-org'))).toBe('Budget has been exceeded! Organization=org-9 Current cost: 1000.0, Max budget: 1000.0');
    expect(await refusal(await complete(g, 'sk-team-org'))).toBe('Budget has been exceeded! Organization=org-eng Current cost: 5.0, Max budget: 5.0');
    const tag = await refusal(await complete(g, 'sk-tagged', { metadata: { tags: ['marketing'] } }));
    expect(tag).toBe('Budget has been exceeded! Tag=marketing Current cost: 3.2, Max budget: 3.0');
    expect(parseBudgetRefusal(project)).toMatchObject({ scope: 'project', id: 'proj-1', spend: 20.5, limit: 20 });
    expect(parseBudgetRefusal(tag)).toMatchObject({ scope: 'tag', id: 'marketing' });
    // Without the tag, the same key answers.
    expect((await complete(g, 'sk-tagged')).status).toBe(200);
  });

  it('a tag is charged with the calls that carry it, and refuses once past its budget', async () => {
    const g = await start([{ key: 'sk-tag' }], { tags: [{ tag_name: 'pilot', max_budget: 0.00001 }] });
    const tagged = { metadata: { tags: ['pilot'] } };
    expect((await complete(g, 'sk-tag', tagged)).status).toBe(200);
    expect(parseBudgetRefusal(await refusal(await complete(g, 'sk-tag', tagged)))).toMatchObject({ scope: 'tag', id: 'pilot' });
  });

  it('per-model budgets of an end user and of a team member stop that model only, each in its own words', async () => {
    const g = await start([{ key: 'sk-member-models', user_id: 'bob', team_id: 'eng' }], {
      endUsers: [{ user_id: 'customer-7', model_max_budget: { 'sim-fast': { budget_limit: 0.00001, time_period: '1d' } } }],
      teams: [{ team_id: 'eng', members: [{ user_id: 'bob' }], team_member_model_max_budget: { 'sim-cache': 0.00001 } }],
    });
    expect((await complete(g, 'sk-member-models', { user: 'customer-7' })).status).toBe(200);
    const endUser = await refusal(await complete(g, 'sk-member-models', { user: 'customer-7' }));
    expect(endUser).toBe('LiteLLM End User: customer-7, exceeded budget for model=sim-fast');
    expect(parseBudgetRefusal(endUser)).toMatchObject({ scope: 'end_user_model', id: 'customer-7', model: 'sim-fast' });
    expect((await complete(g, 'sk-member-models', { user: 'customer-7', model: 'sim-tiny' })).status).toBe(200);

    expect((await complete(g, 'sk-member-models', { model: 'sim-cache' })).status).toBe(200);
    const member = await refusal(await complete(g, 'sk-member-models', { model: 'sim-cache' }));
    expect(member).toMatch(/^ExceededBudget: Team member model budget exceeded\. User=bob, Team=eng, Model=sim-cache\. Spend=\$0\.\d{6}, Budget=\$0\.000010$/);
    expect(parseBudgetRefusal(member)).toMatchObject({ scope: 'team_member_model', id: 'eng', model: 'sim-cache', limit: 0.00001 });
    expect((await complete(g, 'sk-member-models')).status).toBe(200);
  });

  it('one answer moves every budget that contains it', async () => {
    const g = await start([{ key: 'sk-all', user_id: 'bob', team_id: 'eng', budget_limits: [{ budget_duration: '1d', max_budget: 5 }] }], {
      teams: [{ team_id: 'eng', max_budget: 100, members: [{ user_id: 'bob', max_budget: 10 }] }],
    });
    const cost = Number((await complete(g, 'sk-all')).headers.get('x-litellm-response-cost'));
    expect(cost).toBeGreaterThan(0);
    const team = (await (await get(g, 'sk-all', '/team/info?team_id=eng')).json()) as { team_info: { spend: number }; team_memberships: { spend: number }[] };
    expect(team.team_info.spend).toBeCloseTo(cost, 12);
    expect(team.team_memberships[0]!.spend).toBeCloseTo(cost, 12);
    const info = KeyInfoResponse.parse(await (await get(g, 'sk-all', '/key/info')).json()).info;
    expect(info.spend).toBeCloseTo(cost, 12);
  });
});

describe('the budget reservation (addendum §1 step 16)', () => {
  const overlapping = async (g: RunningGateway, key: string) => {
    await simControl(g.url).faults({ ttftMs: 1_000 });
    return Promise.all([complete(g, key), complete(g, key)]);
  };

  it('two calls at once with headroom for less than one: the first reserves what is left, the second is refused naming the key by hash', async () => {
    const g = await start([{ key: 'sk-reserve', max_budget: 1, spend: 0.9999999 }], { budgetReservation: true });
    const [first, second] = await overlapping(g, 'sk-reserve');
    expect([first.status, second.status].sort()).toEqual([200, 429]);
    const refused = first.status === 429 ? first : second;
    const message = await refusal(refused);
    expect(message).toBe(`Budget has been exceeded! Key=${hashKey('sk-reserve')} Current cost: 1.0, Max budget: 1.0`);
    expect(parseBudgetRefusal(message)).toMatchObject({ scope: 'key', id: null, spend: 1, limit: 1 });
  });

  it('a window is named <id>:<duration>', async () => {
    const g = await start([{ key: 'sk-reserve-team', team_id: 'eng' }], { budgetReservation: true, teams: [{ team_id: 'eng', budget_limits: [{ budget_duration: '1d', max_budget: 50, spend: 49.9999999 }] }] });
    const [first, second] = await overlapping(g, 'sk-reserve-team');
    const message = await refusal(first.status === 429 ? first : second);
    expect(message).toBe('Budget has been exceeded! Team=eng:1d Current cost: 50.0, Max budget: 50.0');
    expect(parseBudgetRefusal(message)).toMatchObject({ scope: 'team_window', id: 'eng', window: '1d' });
  });

  it('a reservation is released when its call ends, even one that failed without a charge', async () => {
    const g = await start([{ key: 'sk-release', max_budget: 1, spend: 0.9999999 }], { budgetReservation: true });
    await simControl(g.url).faults({ ttftMs: 1_000 });
    // The provider is slower than the call's timeout: a 408, nothing charged, the reservation let go.
    const timedOut = await fetch(`${g.url}/v1/chat/completions`, chat({ max_tokens: 60 }, { key: 'sk-release', headers: { 'x-litellm-timeout': '0.05' } }));
    expect(timedOut.status).toBe(408);
    await simControl(g.url).faults({ ttftMs: 0 });
    expect((await complete(g, 'sk-release')).status).toBe(200);
  });

  it('is off unless asked for: the same overlap then passes both calls', async () => {
    const g = await start([{ key: 'sk-plain', max_budget: 1, spend: 0.9999999 }]);
    expect((await overlapping(g, 'sk-plain')).map((r) => r.status)).toEqual([200, 200]);
  });
});

describe('self-info routes for a plain key (addendum §2)', () => {
  const keys: KeyRecord[] = [
    { key: 'sk-alice', user_id: 'alice', team_id: 'eng' },
    { key: 'sk-nobody' },
    { key: 'sk-llm-only', user_id: 'alice', team_id: 'eng', allowed_routes: ['llm_api_routes'] },
  ];
  const options: GatewayOptions = {
    users: [{ user_id: 'alice', max_budget: 50, spend: 1, budget_reset_at: '2026-12-01T00:00:00Z' }, { user_id: 'bob' }],
    teams: [
      { team_id: 'eng', team_alias: 'Engineering', max_budget: 500, spend: 487.6, budget_reset_at: '2026-12-01T00:00:00Z', members: [{ user_id: 'alice', max_budget: 20 }] },
      { team_id: 'sales', max_budget: 10 },
    ],
  };

  it('/user/info answers for the key’s own user only', async () => {
    const g = await start(keys, options);
    const own = (await (await get(g, 'sk-alice', '/user/info')).json()) as { user_id: string; user_info: Record<string, unknown> };
    expect(own.user_id).toBe('alice');
    expect(own.user_info).toMatchObject({ spend: 1, max_budget: 50, budget_reset_at: '2026-12-01T00:00:00Z', teams: ['eng'] });
    const other = await get(g, 'sk-alice', '/user/info?user_id=bob');
    expect(other.status).toBe(403);
    expect(ErrorBody.parse(await other.json()).error.message).toBe("key not allowed to access this user's info. user_id=bob, key's user_id=alice");
    const none = await get(g, 'sk-nobody', '/user/info');
    expect(none.status).toBe(404);
    expect(await none.json()).toEqual({ detail: 'User None not found' });
  });

  it('/team/info answers for the key’s team, 403 for another, 422 without an id', async () => {
    const g = await start(keys, options);
    const own = (await (await get(g, 'sk-alice', '/team/info?team_id=eng')).json()) as { team_info: Record<string, unknown>; team_memberships: unknown[] };
    expect(own.team_info).toMatchObject({ team_id: 'eng', team_alias: 'Engineering', spend: 487.6, max_budget: 500, budget_reset_at: '2026-12-01T00:00:00Z' });
    expect(own.team_memberships).toEqual([{ user_id: 'alice', team_id: 'eng', spend: 0, litellm_budget_table: { max_budget: 20, budget_duration: null, budget_reset_at: null } }]);
    const other = await get(g, 'sk-alice', '/team/info?team_id=sales');
    expect(other.status).toBe(403);
    expect(await other.json()).toEqual({ detail: { error: 'User=alice not authorized to access this team=sales' } });
    expect((await get(g, 'sk-alice', '/team/info')).status).toBe(422);
  });

  it('a key limited to llm_api_routes may not read /key/info, /user/info or /team/info, but still lists models and answers', async () => {
    const g = await start(keys, options);
    for (const path of ['/key/info', '/user/info', '/team/info?team_id=eng']) {
      const response = await get(g, 'sk-llm-only', path);
      expect(response.status, path).toBe(403);
      expect(ErrorBody.parse(await response.json()).error.message).toBe(
        `Virtual key is not allowed to call this route. Only allowed to call routes: ['llm_api_routes']. Tried to call route: ${path.split('?')[0]}`,
      );
    }
    expect((await get(g, 'sk-llm-only', '/v1/models')).status).toBe(200);
    expect((await complete(g, 'sk-llm-only')).status).toBe(200);
  });

  it('a key allowed one info route by name reads that one only', async () => {
    const g = await start([{ key: 'sk-own-info', user_id: 'alice', team_id: 'eng', allowed_routes: ['llm_api_routes', '/key/info'] }], options);
    expect((await get(g, 'sk-own-info', '/key/info')).status).toBe(200);
    expect((await get(g, 'sk-own-info', '/team/info?team_id=eng')).status).toBe(403);
  });
});
