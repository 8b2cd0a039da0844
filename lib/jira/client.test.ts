import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { adfProblems } from '../../dev/jira/adf-validator';
import { HARD_BUG, JAPANESE_TASK } from '../../dev/jira/sample-drafts';
import { SIM_PROJECTS, SIM_USERS, startJiraSim, type JiraSim } from '../../dev/jira/server';
import { browseUrl, createIssue, getMyself, getProject, listCreateFields, listIssueTypes, type JiraConnection } from './client';
import { createIssueBody, type Deployment, type IssueCreateBody } from './create-request';
import { JiraTemplates } from './templates';

const [reporter, viewer] = SIM_USERS as [(typeof SIM_USERS)[number], (typeof SIM_USERS)[number]];
const templates = JiraTemplates.parse({ projectKey: 'PROJ' });

let sim: JiraSim;
beforeAll(async () => {
  // One project with more issue types than a createmeta page holds, to exercise paging.
  const many = { key: 'MANY', id: '20000', name: 'Many types', screen: [], issueTypes: Array.from({ length: 60 }, (_, n) => ({ id: String(30000 + n), name: `Type ${n}` })) };
  sim = await startJiraSim({ projects: [...SIM_PROJECTS, many] });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());
afterEach(() => vi.unstubAllGlobals());

function connect(deployment: Deployment, user = reporter, baseUrl = `${sim.url}/`): JiraConnection {
  return deployment === 'cloud'
    ? { deployment, baseUrl, auth: { email: user.email, apiToken: user.apiToken } }
    : { deployment, baseUrl, auth: { pat: user.pat } };
}

/** A body the draft schema would never produce, to see Jira's own refusals. */
function rawBody(deployment: Deployment, fields: Partial<IssueCreateBody['fields']>): IssueCreateBody {
  const body = createIssueBody(deployment, HARD_BUG, templates);
  return { fields: { ...body.fields, ...fields } };
}

describe.each(['cloud', 'datacenter'] as const)('the client against the simulator (%s)', (deployment) => {
  const api = deployment === 'cloud' ? '3' : '2';

  it('creates an issue, numbering keys per project, and sends what Jira expects', async () => {
    const first = await createIssue(connect(deployment), createIssueBody(deployment, HARD_BUG, templates));
    const second = await createIssue(connect(deployment), createIssueBody(deployment, JAPANESE_TASK, templates));
    expect(first).toEqual({ ok: true, value: { id: '10000', key: 'PROJ-1', self: `${sim.url}/rest/api/${api}/issue/10000` } });
    expect(second.ok && second.value.key).toBe('PROJ-2');

    const [request] = sim.log();
    expect(request).toMatchObject({
      method: 'POST',
      path: `/rest/api/${api}/issue`,
      api: deployment,
      auth: 'valid',
      user: reporter.displayName,
      status: 201,
      headers: { contentType: 'application/json', atlassianToken: 'no-check' },
    });
    const description = (request?.body as IssueCreateBody).fields.description;
    if (deployment === 'cloud') expect(adfProblems(description)).toEqual([]);
    else expect(description).toMatch(/^h2\. Background\n/);
  });

  it('reads who the credentials belong to', async () => {
    const me = await getMyself(connect(deployment));
    expect(me.ok && me.value.displayName).toBe(reporter.displayName);
    expect(me.ok && (deployment === 'cloud' ? me.value.accountId : me.value.name)).toBe(deployment === 'cloud' ? reporter.accountId : reporter.name);
  });

  it('reads a project with its issue types', async () => {
    const project = await getProject(connect(deployment), 'PROJ');
    expect(project.ok && project.value.issueTypes.map((type) => type.name)).toEqual(['Bug', 'Task', 'Story', 'Sub-task']);
  });

  it('reads issue types from createmeta across pages', async () => {
    const types = await listIssueTypes(connect(deployment), 'MANY');
    expect(types.ok && types.value).toHaveLength(60);
    expect(sim.log().map((request) => request.query.startAt)).toEqual(['0', '50']);
  });

  it("reads the create screen's fields, and creating with only those succeeds where priority is missing", async () => {
    const fields = await listCreateFields(connect(deployment), 'TEAM', '10101');
    expect(fields.ok && fields.value.map((field) => field.fieldId)).toEqual(['summary', 'issuetype', 'project', 'description', 'labels']);
    const teamTemplates = JiraTemplates.parse({ projectKey: 'TEAM' });
    const onScreen = new Set(fields.ok ? fields.value.map((field) => field.fieldId) : []);
    const draft = { ...JAPANESE_TASK, issueType: 'Task' };
    const refused = await createIssue(connect(deployment), createIssueBody(deployment, draft, teamTemplates));
    expect(refused).toEqual({
      ok: false,
      error: { kind: 'field-errors', status: 400, messages: [], fieldErrors: { priority: "Field 'priority' cannot be set. It is not on the appropriate screen, or unknown." } },
    });
    const created = await createIssue(connect(deployment), createIssueBody(deployment, draft, teamTemplates, onScreen));
    expect(created.ok && created.value.key).toBe('TEAM-1');
  });

  it('reports field errors: empty summary, unknown issue type, labels with spaces', async () => {
    const result = await createIssue(connect(deployment), rawBody(deployment, { summary: ' ', issuetype: { name: 'Epic' }, labels: ['front end'] }));
    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'field-errors',
        status: 400,
        messages: [],
        fieldErrors: {
          summary: 'You must specify a summary of the issue.',
          issuetype: deployment === 'cloud' ? 'Specify a valid issue type' : 'valid issue type is required',
          labels: "The label 'front end' contains spaces which is invalid.",
        },
      },
    });
  });

  it('reports a summary longer than 255 characters', async () => {
    const result = await createIssue(connect(deployment), rawBody(deployment, { summary: 'x'.repeat(256) }));
    expect(!result.ok && result.error.kind === 'field-errors' && result.error.fieldErrors).toEqual({ summary: 'Summary must be less than 255 characters.' });
  });

  it('reports an unknown project on create as a field error, and on lookup as project-not-found', async () => {
    const created = await createIssue(connect(deployment), rawBody(deployment, { project: { key: 'NOPE' } }));
    expect(!created.ok && created.error.kind === 'field-errors' && created.error.fieldErrors).toEqual({
      project: deployment === 'cloud' ? 'Specify a valid project ID or key' : 'valid project is required',
    });
    expect(await getProject(connect(deployment), 'NOPE')).toEqual({
      ok: false,
      error: { kind: 'project-not-found', status: 404, messages: ["No project could be found with key 'NOPE'."] },
    });
    expect((await listIssueTypes(connect(deployment), 'proj')).ok).toBe(false);
  });

  it('reports wrong credentials as unauthorized, with the login reason', async () => {
    const wrong: JiraConnection =
      deployment === 'cloud'
        ? { deployment, baseUrl: sim.url, auth: { email: reporter.email, apiToken: 'wrong' } }
        : { deployment, baseUrl: sim.url, auth: { pat: 'wrong' } };
    expect(await createIssue(wrong, createIssueBody(deployment, HARD_BUG, templates))).toEqual({
      ok: false,
      error: { kind: 'unauthorized', status: 401, loginReason: 'AUTHENTICATED_FAILED' },
    });
    expect(sim.log()[0]).toMatchObject({ auth: 'invalid', status: 401 });
  });

  it('reports a person without create permission as forbidden', async () => {
    expect(await createIssue(connect(deployment, viewer), createIssueBody(deployment, HARD_BUG, templates))).toEqual({
      ok: false,
      error: { kind: 'forbidden', status: 403, messages: ['You do not have permission to create issues in this project.'], loginReason: null },
    });
  });

  it('passes XSRF from a chrome-extension origin and reports a refused browser POST as xsrf-rejected', async () => {
    const realFetch = globalThis.fetch;
    const asBrowser = (origin: string) =>
      vi.stubGlobal('fetch', (input: RequestInfo | URL, init: RequestInit = {}) =>
        realFetch(input, { ...init, headers: { ...(init.headers as Record<string, string>), 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0', Origin: origin } }),
      );
    asBrowser('chrome-extension://abcdefghijklmnopabcdefghijklmnop');
    expect((await createIssue(connect(deployment), createIssueBody(deployment, HARD_BUG, templates))).ok).toBe(true);
    asBrowser('moz-extension://0b1f6a3e-5f27-4c1e-9d0e-5d0f0f0f0f0f');
    expect(await createIssue(connect(deployment), createIssueBody(deployment, HARD_BUG, templates))).toEqual({
      ok: false,
      error: { kind: 'xsrf-rejected', status: 403 },
    });
    expect(sim.log().map((request) => request.headers.origin)).toEqual([
      'chrome-extension://abcdefghijklmnopabcdefghijklmnop',
      'moz-extension://0b1f6a3e-5f27-4c1e-9d0e-5d0f0f0f0f0f',
    ]);
  });

  it('reports a wrong site path as unexpected, with what came back', async () => {
    const result = await getMyself(connect(deployment, reporter, `${sim.url}/jira`));
    expect(result).toEqual({ ok: false, error: { kind: 'unexpected', status: 404, detail: '' } });
  });
});

describe('the client on Cloud only', () => {
  it('reports a description that is not ADF as a field error', async () => {
    const result = await createIssue(connect('cloud'), rawBody('cloud', { description: 'h2. wiki markup' }));
    expect(!result.ok && result.error.kind === 'field-errors' && result.error.fieldErrors).toEqual({
      description: 'Operation value must be an Atlassian Document (see the Atlassian Document Format)',
    });
    const invalidAdf = { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: '' }] }] } as const;
    const again = await createIssue(connect('cloud'), rawBody('cloud', { description: invalidAdf as never }));
    expect(!again.ok && again.error.kind).toBe('field-errors');
  });
});

describe('failures without a Jira answer', () => {
  it('reports a server that is not there as a network failure', async () => {
    const gone = await startJiraSim();
    await gone.close();
    const result = await getMyself(connect('cloud', reporter, gone.url));
    expect(!result.ok && result.error.kind).toBe('network');
  });

  it('reports 429 as rate-limited with Retry-After, and JSON of the wrong shape as unexpected', async () => {
    vi.stubGlobal('fetch', async () => new Response('', { status: 429, headers: { 'Retry-After': '30' } }));
    expect(await getMyself(connect('cloud'))).toEqual({ ok: false, error: { kind: 'rate-limited', status: 429, retryAfterSeconds: 30 } });
    vi.stubGlobal('fetch', async () => new Response('<html>Log in</html>', { status: 200 }));
    expect(await getMyself(connect('datacenter'))).toEqual({ ok: false, error: { kind: 'unexpected', status: 200, detail: '<html>Log in</html>' } });
  });

  it('sends no cookies, the auth header of the deployment, and JSON headers', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response('{"id":"1","key":"A-1","self":"x"}', { status: 201 });
    });
    await createIssue({ deployment: 'cloud', baseUrl: 'https://acme.atlassian.net//', auth: { email: 'é@example.com', apiToken: 'tok' } }, createIssueBody('cloud', HARD_BUG, templates));
    await getMyself({ deployment: 'datacenter', baseUrl: 'https://jira.example.com/ctx', auth: { pat: 'pat123' } });
    expect(calls[0]?.url).toBe('https://acme.atlassian.net/rest/api/3/issue');
    expect(calls[0]?.init).toMatchObject({
      method: 'POST',
      credentials: 'omit',
      headers: {
        Accept: 'application/json',
        'Content-Type': 'application/json',
        'X-Atlassian-Token': 'no-check',
        Authorization: `Basic ${Buffer.from('é@example.com:tok', 'utf8').toString('base64')}`,
      },
    });
    expect(calls[1]?.url).toBe('https://jira.example.com/ctx/rest/api/2/myself');
    expect(calls[1]?.init.headers).toEqual({ Accept: 'application/json', Authorization: 'Bearer pat123' });
  });
});

describe('browseUrl', () => {
  it('links to the issue on the site, with or without a context path', () => {
    expect(browseUrl('https://acme.atlassian.net/', 'PROJ-123')).toBe('https://acme.atlassian.net/browse/PROJ-123');
    expect(browseUrl(' https://jira.example.com/jira// ', 'OPS-7')).toBe('https://jira.example.com/jira/browse/OPS-7');
  });
});
