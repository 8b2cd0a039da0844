/**
 * The body of "create issue" for one deployment, built before sending so the person can see
 * exactly what will go to Jira. Cloud (REST v3) takes the description as ADF, Data Center/Server
 * (REST v2) as wiki markup (jira-contract.md §1.2, §2).
 */
import type { JiraTemplates } from './templates';
import { NO_PRIORITY, type TicketDraft } from './ticket';
import { toAdfDescription, type AdfDoc } from './to-adf';
import { toWikiDescription } from './to-wiki';

export type Deployment = 'cloud' | 'datacenter';

export interface IssueCreateBody {
  fields: {
    project: { key: string };
    issuetype: { name: string };
    summary: string;
    description?: AdfDoc | string;
    priority?: { name: string };
    labels?: string[];
  };
}

/**
 * `fieldsOnScreen`: field ids from the create metadata, when known. Jira refuses the whole
 * request when it is sent a field its create screen lacks (team-managed projects often have no
 * priority), so optional fields it does not list are left out.
 */
export function createIssueBody(
  deployment: Deployment,
  draft: TicketDraft,
  templates: JiraTemplates,
  fieldsOnScreen?: ReadonlySet<string>,
): IssueCreateBody {
  const onScreen = (field: string) => !fieldsOnScreen || fieldsOnScreen.has(field);
  const fields: IssueCreateBody['fields'] = {
    project: { key: templates.projectKey },
    issuetype: { name: draft.issueType },
    summary: draft.summary,
  };
  if (onScreen('description')) {
    fields.description = deployment === 'cloud' ? toAdfDescription(draft, templates) : toWikiDescription(draft, templates);
  }
  if (onScreen('priority') && draft.priority !== NO_PRIORITY) fields.priority = { name: draft.priority };
  if (onScreen('labels') && draft.labels.length > 0) fields.labels = draft.labels;
  return { fields };
}
