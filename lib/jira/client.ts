/**
 * Jira REST for the background: create an issue, and read what the create form needs. Credentials
 * come in with each call and are never kept here. Every answer is parsed with zod, and every
 * failure becomes a JiraError whose `kind` the UI turns into a sentence.
 *
 * Runs in the service worker only: Jira sends no CORS headers for extension origins, so the worker
 * needs host permission for the Jira origin (jira-contract.md §1.4).
 */
import type { z } from 'zod';
import type { Deployment, IssueCreateBody } from './create-request';
import type { JiraError } from './errors';
import { CreatedIssue, ErrorCollection, FieldMeta, IssueTypeMeta, JiraProject, JiraUser, createMetaPage } from './wire';

export type JiraConnection =
  | { deployment: 'cloud'; baseUrl: string; auth: { email: string; apiToken: string } }
  | { deployment: 'datacenter'; baseUrl: string; auth: { pat: string } };

export type JiraResult<T> = { ok: true; value: T } | { ok: false; error: JiraError };

const API_VERSION: Record<Deployment, string> = { cloud: '3', datacenter: '2' };

function siteRoot(baseUrl: string): string {
  return baseUrl.trim().replace(/\/+$/, '');
}

/** The issue's page for people, e.g. https://acme.atlassian.net/browse/PROJ-123. */
export function browseUrl(baseUrl: string, key: string): string {
  return `${siteRoot(baseUrl)}/browse/${encodeURIComponent(key)}`;
}

function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function authorization(connection: JiraConnection): string {
  return connection.deployment === 'cloud'
    ? `Basic ${base64(`${connection.auth.email}:${connection.auth.apiToken}`)}`
    : `Bearer ${connection.auth.pat}`;
}

function errorCollection(text: string): ErrorCollection | null {
  try {
    const parsed = ErrorCollection.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function retryAfterSeconds(header: string | null): number | null {
  const seconds = Number(header);
  return header !== null && Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}

// Bodies of failures are often HTML (Data Center's login errors, proxies); a short excerpt is
// enough to recognize them and never floods the UI.
const excerpt = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 300);

function classify(response: Response, text: string): JiraError {
  const body = errorCollection(text);
  const loginReason = response.headers.get('x-seraph-loginreason');
  switch (response.status) {
    case 400:
    case 422:
      if (body) return { kind: 'field-errors', status: response.status, fieldErrors: body.errors, messages: body.errorMessages };
      break;
    case 401:
      return { kind: 'unauthorized', status: 401, loginReason };
    case 403:
      if (text.includes('XSRF check failed')) return { kind: 'xsrf-rejected', status: 403 };
      return { kind: 'forbidden', status: 403, messages: body?.errorMessages ?? [], loginReason };
    case 404:
      if (body) return { kind: 'project-not-found', status: 404, messages: body.errorMessages };
      break;
    case 429:
      return { kind: 'rate-limited', status: 429, retryAfterSeconds: retryAfterSeconds(response.headers.get('retry-after')) };
  }
  return { kind: 'unexpected', status: response.status, detail: excerpt(text) };
}

async function call<T extends z.ZodType>(
  connection: JiraConnection,
  method: 'GET' | 'POST',
  path: string,
  schema: T,
  body?: unknown,
): Promise<JiraResult<z.output<T>>> {
  const url = `${siteRoot(connection.baseUrl)}/rest/api/${API_VERSION[connection.deployment]}/${path}`;
  const headers: Record<string, string> = { Accept: 'application/json', Authorization: authorization(connection) };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    // Not what lets a browser POST through Jira's XSRF filter (the extension Origin is), but
    // harmless and what Atlassian documents for REST clients (contract §1.4).
    headers['X-Atlassian-Token'] = 'no-check';
  }
  let response: Response;
  let text: string;
  try {
    // No cookies: the person's Jira browser session must not stand in for the token, and
    // cookie-authenticated POSTs meet stricter XSRF rules.
    response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit' });
    text = await response.text();
  } catch (error) {
    return { ok: false, error: { kind: 'network', message: error instanceof Error ? error.message : String(error) } };
  }
  if (!response.ok) return { ok: false, error: classify(response, text) };
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    if (parsed.success) return { ok: true, value: parsed.data };
  } catch {
    // Not JSON: reported below like any answer of the wrong shape.
  }
  return { ok: false, error: { kind: 'unexpected', status: response.status, detail: excerpt(text) } };
}

/** POST /rest/api/3/issue (Cloud) or /rest/api/2/issue (Data Center); build the body with createIssueBody. */
export function createIssue(connection: JiraConnection, body: IssueCreateBody): Promise<JiraResult<CreatedIssue>> {
  return call(connection, 'POST', 'issue', CreatedIssue, body);
}

/** Who the credentials belong to: the "test connection" call (a GET, never XSRF-checked). */
export function getMyself(connection: JiraConnection): Promise<JiraResult<JiraUser>> {
  return call(connection, 'GET', 'myself', JiraUser);
}

/** The project and its issue types; 404 (project-not-found) when it is missing or not visible. */
export function getProject(connection: JiraConnection, projectKey: string): Promise<JiraResult<JiraProject>> {
  return call(connection, 'GET', `project/${encodeURIComponent(projectKey)}`, JiraProject);
}

const PAGE_SIZE = 50;
const MAX_PAGES = 20;

async function allPages<T extends z.ZodType>(
  connection: JiraConnection,
  path: string,
  item: T,
): Promise<JiraResult<z.output<T>[]>> {
  const items: z.output<T>[] = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await call(connection, 'GET', `${path}?startAt=${items.length}&maxResults=${PAGE_SIZE}`, createMetaPage(item));
    if (!result.ok) return result;
    const { items: batch, total, isLast } = result.value;
    items.push(...batch);
    // Stop on any sign of the end; a server that says neither how many nor whether last gets one page.
    const done = batch.length === 0 || isLast === true || (total !== undefined ? items.length >= total : isLast === undefined);
    if (done) break;
  }
  return { ok: true, value: items };
}

/** Issue types the person may create in the project (createmeta, Cloud and Data Center 8.4+). */
export function listIssueTypes(connection: JiraConnection, projectKey: string): Promise<JiraResult<IssueTypeMeta[]>> {
  return allPages(connection, `issue/createmeta/${encodeURIComponent(projectKey)}/issuetypes`, IssueTypeMeta);
}

/** The create screen's fields for one issue type: which exist, which are required, allowed priorities. */
export function listCreateFields(
  connection: JiraConnection,
  projectKey: string,
  issueTypeId: string,
): Promise<JiraResult<FieldMeta[]>> {
  return allPages(
    connection,
    `issue/createmeta/${encodeURIComponent(projectKey)}/issuetypes/${encodeURIComponent(issueTypeId)}`,
    FieldMeta,
  );
}
