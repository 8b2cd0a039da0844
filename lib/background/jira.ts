/**
 * Jira for the background: the connection from settings and the stored token, the exact body a
 * create will send (shown to the person first), and the create itself.
 */
import { browseUrl, createIssue, type JiraConnection } from '../jira/client';
import type { JiraCreateResult, JiraPreview } from '../jira/create-result';
import { createIssueBody } from '../jira/create-request';
import { templatesFrom } from '../jira/settings-templates';
import type { TicketDraft } from '../jira/ticket';
import { readJiraToken } from '../settings/secrets';
import { getSettings } from '../settings/store';
import type { Settings } from '../settings/schema';
import { jiraConfigured } from '../jira/configured';
import { jiraCreatedItem } from '../storage/items';

async function jiraConnection(settings: Settings): Promise<JiraConnection | null> {
  const token = await readJiraToken();
  if (!jiraConfigured(settings) || !token) return null;
  const baseUrl = settings.jiraUrl.replace(/\/+$/, '');
  return settings.jiraDeployment === 'cloud'
    ? { deployment: 'cloud', baseUrl, auth: { email: settings.jiraEmail, apiToken: token } }
    : { deployment: 'datacenter', baseUrl, auth: { pat: token } };
}

const API_PATH = { cloud: '/rest/api/3/issue', datacenter: '/rest/api/2/issue' } as const;

export async function previewJiraIssue(draft: TicketDraft): Promise<JiraPreview> {
  const { values } = await getSettings();
  return {
    method: 'POST',
    url: `${values.jiraUrl.replace(/\/+$/, '')}${API_PATH[values.jiraDeployment]}`,
    body: createIssueBody(values.jiraDeployment, draft, templatesFrom(values)),
  };
}

/** Creates in flight, by job id: two sends in the same moment share one request. */
const creating = new Map<string, Promise<JiraCreateResult>>();

/** At most one issue per job: once created (or while creating), the same job gets that issue back. */
export async function createJiraIssue(draft: TicketDraft, jobId: string): Promise<JiraCreateResult> {
  const done = (await jiraCreatedItem.getValue())[jobId];
  if (done) return { ok: true, ...done };
  const pending = creating.get(jobId) ?? createOnce(draft, jobId);
  creating.set(jobId, pending);
  try {
    return await pending;
  } finally {
    creating.delete(jobId);
  }
}

async function createOnce(draft: TicketDraft, jobId: string): Promise<JiraCreateResult> {
  const { values } = await getSettings();
  const connection = await jiraConnection(values);
  if (!connection) return { ok: false, error: { kind: 'unauthorized', status: 401, loginReason: 'NOT_CONFIGURED' } };
  const result = await createIssue(connection, createIssueBody(values.jiraDeployment, draft, templatesFrom(values)));
  if (!result.ok) return { ok: false, error: result.error };
  const created = { key: result.value.key, url: browseUrl(connection.baseUrl, result.value.key) };
  await jiraCreatedItem.setValue({ ...(await jiraCreatedItem.getValue()), [jobId]: created });
  return { ok: true, ...created };
}

/** The tabs whose jobs created issues (ids `<tabId>-<start>`). */
export async function jiraCreatedTabIds(): Promise<number[]> {
  return [...new Set(Object.keys(await jiraCreatedItem.getValue()).map((jobId) => Number(jobId.split('-')[0])))];
}

/** The tab closed: its jobs are gone (ids `<tabId>-<start>`), and so is the record of the issues made from them. */
export async function forgetJiraCreated(tabId: number): Promise<void> {
  const created = await jiraCreatedItem.getValue();
  const kept = Object.fromEntries(Object.entries(created).filter(([jobId]) => !jobId.startsWith(`${tabId}-`)));
  if (Object.keys(kept).length !== Object.keys(created).length) await jiraCreatedItem.setValue(kept);
}
