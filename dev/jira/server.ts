/**
 * A Jira REST simulator for tests and the offline demo (never shipped), following
 * ../shared/jira-contract.md: Cloud (REST v3, Basic email:token, ADF descriptions) and Data Center
 * (REST v2, Bearer PAT, wiki markup), Jira's error bodies and its XSRF rule for browser POSTs. Like
 * real Jira it sends no CORS headers, so only an extension context with host permission for its
 * origin can call it. This file is the HTTP side: auth, XSRF, routing, the request log.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CreatedIssue } from '../../lib/jira/wire';
import { checkCreateIssue } from './create-issue';
import { readRoute } from './reads';
import { errors, json, text, type Reply } from './reply';
import { SIM_PROJECTS, SIM_USERS, apiRoot, type SimDeployment, type SimProject, type SimUser, type StoredIssue } from './site';

export { SIM_PROJECTS, SIM_USERS, type SimDeployment, type SimProject, type SimUser } from './site';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Which API answered: v3 is Cloud, v2 Data Center; null for anything else. */
  api: SimDeployment | null;
  /** Whether the credentials were those of a known user; the credentials themselves are not kept. */
  auth: 'valid' | 'invalid' | 'missing';
  user: string | null;
  headers: { origin: string | null; referer: string | null; userAgent: string | null; contentType: string | null; atlassianToken: string | null };
  /** Parsed JSON when the request said it sent JSON, else the text; null without a body. */
  body: unknown;
  status: number;
  response: unknown;
}

export interface JiraSimOptions {
  port?: number;
  /** 'both' (the default) serves Cloud on /rest/api/3 and Data Center on /rest/api/2. */
  deployment?: SimDeployment | 'both';
  projects?: SimProject[];
  users?: SimUser[];
}

export interface JiraSim {
  url: string;
  log(): RecordedRequest[];
  reset(): void;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function unauthorized(api: SimDeployment, tried: boolean): Reply {
  const reason: Record<string, string> = tried ? { 'X-Seraph-LoginReason': 'AUTHENTICATED_FAILED' } : {};
  if (api === 'cloud') {
    return text(401, 'Client must be authenticated to access this resource.', undefined, { ...reason, 'WWW-Authenticate': 'Basic realm="protected-area"' });
  }
  // Data Center answers failed logins with an HTML page, not JSON (contract §2).
  const page = '<html><head><title>Unauthorized (401)</title></head><body><p>Basic Authentication Failure - Reason : AUTHENTICATED_FAILED</p></body></html>';
  return text(401, page, 'text/html;charset=UTF-8', reason);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, reply: Reply) {
  const isJson = reply.contentType === undefined;
  response.writeHead(reply.status, { 'Content-Type': reply.contentType ?? 'application/json;charset=UTF-8', ...reply.headers });
  response.end(isJson ? JSON.stringify(reply.body) : String(reply.body));
}

export async function startJiraSim(options: JiraSimOptions = {}): Promise<JiraSim> {
  const deployment = options.deployment ?? 'both';
  const projects = options.projects ?? SIM_PROJECTS;
  const users = options.users ?? SIM_USERS;
  let requests: RecordedRequest[] = [];
  let issues: StoredIssue[] = [];
  let nextId = 10000;
  let issueNumbers = new Map<string, number>();
  let url = '';

  const reset = () => {
    requests = [];
    issues = [];
    nextId = 10000;
    issueNumbers = new Map();
  };

  function apiOf(version: string): SimDeployment | null {
    const api = version === '3' ? 'cloud' : version === '2' ? 'datacenter' : null;
    return api && (deployment === 'both' || deployment === api) ? api : null;
  }

  function authenticate(api: SimDeployment, header: string | undefined): { auth: RecordedRequest['auth']; user: SimUser | null } {
    if (!header) return { auth: 'missing', user: null };
    const [scheme = '', credentials = ''] = header.split(/\s+/, 2);
    let user: SimUser | undefined;
    if (api === 'cloud' && scheme.toLowerCase() === 'basic') {
      const decoded = Buffer.from(credentials, 'base64').toString('utf8');
      user = users.find((candidate) => decoded === `${candidate.email}:${candidate.apiToken}`);
    }
    if (api === 'datacenter' && scheme.toLowerCase() === 'bearer') user = users.find((candidate) => candidate.pat === credentials);
    return user ? { auth: 'valid', user } : { auth: 'invalid', user: null };
  }

  /** Atlassian's XsrfResourceFilter for a POST from a browser (contract §1.4). */
  function passesXsrf(request: IncomingMessage): boolean {
    if (!/Mozilla\//.test(request.headers['user-agent'] ?? '')) return true;
    const sameOrigin = (value: string | undefined) => {
      try {
        return value !== undefined && new URL(value).origin === url;
      } catch {
        return false;
      }
    };
    const origin = request.headers.origin;
    return sameOrigin(origin) || sameOrigin(request.headers.referer) || /^(chrome|safari)-extension:\/\//.test(origin ?? '');
  }

  function createIssue(api: SimDeployment, user: SimUser, body: unknown): Reply {
    const check = checkCreateIssue(api, user, projects, body);
    if (!check.ok) return check.reply;
    const number = (issueNumbers.get(check.project.key) ?? 0) + 1;
    issueNumbers.set(check.project.key, number);
    const id = String(nextId++);
    const created: CreatedIssue = { id, key: `${check.project.key}-${number}`, self: `${apiRoot(url, api)}/issue/${id}` };
    issues.push({ ...created, fields: check.fields });
    return json(201, created);
  }

  function control(request: IncomingMessage, path: string): Reply {
    if (!LOOPBACK.has(request.socket.remoteAddress ?? '')) return text(403, 'loopback only');
    if (path === '/__sim/log' && request.method === 'GET') return json(200, requests);
    if (path === '/__sim/reset' && request.method === 'POST') {
      reset();
      return json(200, { ok: true });
    }
    return text(404, '');
  }

  async function handle(request: IncomingMessage): Promise<{ reply: Reply; record: Omit<RecordedRequest, 'status' | 'response'> | null }> {
    const parsedUrl = new URL(request.url ?? '/', url);
    const method = request.method ?? 'GET';
    const body = await readBody(request);
    if (parsedUrl.pathname.startsWith('/__sim/')) return { reply: control(request, parsedUrl.pathname), record: null };

    const match = /^\/rest\/api\/(\d)\/(.+)$/.exec(parsedUrl.pathname);
    const api = match ? apiOf(match[1] as string) : null;
    const { auth, user } = api ? authenticate(api, request.headers.authorization) : { auth: 'missing' as const, user: null };
    const sentJson = /json/i.test(request.headers['content-type'] ?? '');
    let parsed: unknown = body;
    let parseError: string | null = null;
    if (body && sentJson) {
      try {
        parsed = JSON.parse(body);
      } catch (error) {
        parseError = (error as Error).message;
      }
    }
    const record = {
      method,
      path: parsedUrl.pathname,
      query: Object.fromEntries(parsedUrl.searchParams),
      api,
      auth,
      user: user?.displayName ?? null,
      headers: {
        origin: request.headers.origin ?? null,
        referer: request.headers.referer ?? null,
        userAgent: request.headers['user-agent'] ?? null,
        contentType: request.headers['content-type'] ?? null,
        atlassianToken: (request.headers['x-atlassian-token'] as string | undefined) ?? null,
      },
      body: body ? parsed : null,
    };
    const answer = (reply: Reply) => ({ reply, record });

    // Real Jira sends no CORS headers for other origins: a preflight gets nothing that allows it.
    if (method === 'OPTIONS') return answer(text(204, '', undefined, { Allow: 'GET,POST,OPTIONS' }));
    if (!api || !match) return answer(text(404, ''));
    if (!user) return answer(unauthorized(api, auth === 'invalid'));
    const segments = (match[2] as string).split('/').map(decodeURIComponent);
    if (method === 'GET') return answer(readRoute({ siteUrl: url, api, user, projects, issues }, segments, parsedUrl.searchParams));
    if (method !== 'POST' || segments.join('/') !== 'issue') return answer(text(405, ''));
    if (!/^application\/json\b/i.test(request.headers['content-type'] ?? '')) return answer(text(415, ''));
    if (!passesXsrf(request)) return answer(text(403, 'XSRF check failed'));
    // UNCONFIRMED wording: Jira reports unparsable JSON as a 400 error collection.
    if (parseError) return answer(errors(400, [`Unexpected character in the request body: ${parseError}`]));
    return answer(createIssue(api, user, parsed));
  }

  const server = createServer((request, response) => {
    handle(request).then(
      ({ reply, record }) => {
        if (record) requests.push({ ...record, status: reply.status, response: reply.body });
        send(response, reply);
      },
      (error: unknown) => send(response, text(500, String(error))),
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    log: () => structuredClone(requests),
    reset,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
