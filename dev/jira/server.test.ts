import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SIM_USERS, startJiraSim, type JiraSim } from './server';

const [reporter] = SIM_USERS as [(typeof SIM_USERS)[number]];
const basic = `Basic ${Buffer.from(`${reporter.email}:${reporter.apiToken}`).toString('base64')}`;
const bearer = `Bearer ${reporter.pat}`;

let sim: JiraSim;
beforeAll(async () => {
  sim = await startJiraSim();
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${sim.url}${path}`, { method: 'POST', body, headers: { 'Content-Type': 'application/json', ...headers } });
const create = (api: '2' | '3', fields: Record<string, unknown>) =>
  post(`/rest/api/${api}/issue`, JSON.stringify({ fields }), { Authorization: api === '3' ? basic : bearer });
const validFields = { project: { key: 'PROJ' }, issuetype: { name: 'Task' }, summary: 'A task' };

describe('the Jira simulator', () => {
  it('listens on 127.0.0.1, on the port asked for', async () => {
    const probe = await startJiraSim();
    const port = new URL(probe.url).port;
    await probe.close();
    const fixed = await startJiraSim({ port: Number(port) });
    expect(fixed.url).toBe(`http://127.0.0.1:${port}`);
    await fixed.close();
  });

  it('sends no CORS headers, to a preflight or a request, like Jira for other origins', async () => {
    const preflight = await fetch(`${sim.url}/rest/api/3/issue`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
    });
    const get = await fetch(`${sim.url}/rest/api/3/myself`, { headers: { Authorization: basic, Origin: 'chrome-extension://abc' } });
    for (const response of [preflight, get]) {
      expect([...response.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([]);
    }
  });

  it("answers a missing or wrong login in each deployment's own way", async () => {
    const cloud = await fetch(`${sim.url}/rest/api/3/myself`);
    expect(cloud.status).toBe(401);
    expect(await cloud.text()).toBe('Client must be authenticated to access this resource.');
    const datacenter = await fetch(`${sim.url}/rest/api/2/myself`, { headers: { Authorization: basic } });
    expect(datacenter.status).toBe(401);
    expect(datacenter.headers.get('x-seraph-loginreason')).toBe('AUTHENTICATED_FAILED');
    expect(datacenter.headers.get('content-type')).toMatch(/^text\/html/);
    expect(sim.log().map((request) => request.auth)).toEqual(['missing', 'invalid']);
  });

  it('refuses a POST that is not JSON with 415, and unparsable JSON with a 400 error collection', async () => {
    expect((await post('/rest/api/3/issue', 'x', { Authorization: basic, 'Content-Type': 'text/plain' })).status).toBe(415);
    const broken = await post('/rest/api/3/issue', '{"fields":', { Authorization: basic });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ errorMessages: [expect.any(String)], errors: {} });
  });

  it('applies the XSRF rule only to browsers: same-origin and extension origins pass', async () => {
    const browser = { Authorization: bearer, 'User-Agent': 'Mozilla/5.0 Chrome/140.0' };
    const body = JSON.stringify({ fields: validFields });
    expect((await post('/rest/api/2/issue', body, { ...browser, Origin: 'https://evil.example' })).status).toBe(403);
    expect((await post('/rest/api/2/issue', body, { ...browser, Origin: sim.url })).status).toBe(201);
    expect((await post('/rest/api/2/issue', body, { ...browser, Origin: 'safari-extension://x' })).status).toBe(201);
    expect((await post('/rest/api/2/issue', body, { ...browser, Referer: `${sim.url}/browse/PROJ-1` })).status).toBe(201);
    expect((await post('/rest/api/2/issue', body, { Authorization: bearer, Origin: 'https://evil.example' })).status).toBe(201);
  });

  it('words field errors as Jira does', async () => {
    const response = await create('3', { project: { key: 'PROJ' }, summary: 'two\nlines', labels: 'one' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      errorMessages: [],
      errors: {
        issuetype: 'Specify an issue type',
        summary: 'The summary is invalid because it contains newline characters.',
        labels: 'data was not an array',
      },
    });
    const priority = await create('2', { ...validFields, priority: { name: 'Urgent' }, description: { type: 'doc' } });
    expect(await priority.json()).toEqual({
      errorMessages: [],
      errors: { priority: 'The priority selected is invalid.', description: 'Operation value must be a string' },
    });
  });

  it('keeps created issues for GET /issue/{key}', async () => {
    await create('3', { ...validFields, priority: { id: '2' } });
    const issue = await fetch(`${sim.url}/rest/api/3/issue/PROJ-1`, { headers: { Authorization: basic } });
    expect(await issue.json()).toMatchObject({ id: '10000', key: 'PROJ-1', fields: { summary: 'A task', priority: { id: '2' } } });
    const missing = await fetch(`${sim.url}/rest/api/3/issue/PROJ-9`, { headers: { Authorization: basic } });
    expect(missing.status).toBe(404);
  });

  it('pages createmeta in the shape of each deployment, and refuses more than 200 per page', async () => {
    const cloud = await fetch(`${sim.url}/rest/api/3/issue/createmeta/PROJ/issuetypes?maxResults=2`, { headers: { Authorization: basic } });
    expect(await cloud.json()).toMatchObject({ startAt: 0, maxResults: 2, total: 4, issueTypes: [{ name: 'Bug' }, { name: 'Task' }] });
    const datacenter = await fetch(`${sim.url}/rest/api/2/issue/createmeta/PROJ/issuetypes/10001?startAt=4`, { headers: { Authorization: bearer } });
    const fields = await datacenter.json();
    expect(fields).toMatchObject({ startAt: 4, total: 6, isLast: true, values: [{ fieldId: 'priority' }, { fieldId: 'labels' }] });
    expect(fields.values[0]).not.toHaveProperty('key');
    const tooMany = await fetch(`${sim.url}/rest/api/3/issue/createmeta/PROJ/issuetypes?maxResults=201`, { headers: { Authorization: basic } });
    expect(await tooMany.json()).toEqual({ errorMessages: ["Parameter 'maxResults' must not exceed the limit '200'"], errors: {} });
  });

  it('records each request without the credentials, and answers the log and reset control routes', async () => {
    await create('3', validFields);
    await create('2', validFields);
    const log = await (await fetch(`${sim.url}/__sim/log`)).json();
    expect(log).toEqual(sim.log());
    expect(log.map((request: { api: string; status: number }) => [request.api, request.status])).toEqual([
      ['cloud', 201],
      ['datacenter', 201],
    ]);
    const recorded = JSON.stringify(log);
    for (const secret of [reporter.apiToken, reporter.pat, basic.slice(6)]) expect(recorded).not.toContain(secret);

    expect((await fetch(`${sim.url}/__sim/reset`, { method: 'POST' })).status).toBe(200);
    expect(sim.log()).toEqual([]);
    const again = await (await create('3', validFields)).json();
    expect(again.key).toBe('PROJ-1');
  });

  it('serves only the API of the deployment it was started as', async () => {
    const cloudOnly = await startJiraSim({ deployment: 'cloud' });
    expect((await fetch(`${cloudOnly.url}/rest/api/2/myself`, { headers: { Authorization: bearer } })).status).toBe(404);
    expect((await fetch(`${cloudOnly.url}/rest/api/3/myself`, { headers: { Authorization: basic } })).status).toBe(200);
    await cloudOnly.close();
    const datacenterOnly = await startJiraSim({ deployment: 'datacenter' });
    expect((await fetch(`${datacenterOnly.url}/rest/api/3/myself`, { headers: { Authorization: basic } })).status).toBe(404);
    await datacenterOnly.close();
  });
});
