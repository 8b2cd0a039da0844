/**
 * Checks a create-issue request the way Jira does (jira-contract.md §1.2, §2): every field problem
 * at once in one `errors` map, worded per deployment; Cloud's description must be valid ADF,
 * Data Center's a wiki-markup string.
 */
import { adfProblems } from './adf-validator';
import { errors, type Reply } from './reply';
import { PRIORITIES, type SimDeployment, type SimProject, type SimUser } from './site';

const MESSAGES = {
  cloud: { project: 'Specify a valid project ID or key', missingType: 'Specify an issue type', badType: 'Specify a valid issue type' },
  datacenter: { project: 'valid project is required', missingType: 'valid issue type is required', badType: 'valid issue type is required' },
};

const ALWAYS_ON_SCREEN = ['project', 'issuetype', 'summary'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A reference such as `{"key":"PROJ"}`, `{"id":"10000"}` or `{"name":"Bug"}`. */
function reference(value: unknown): { id?: string; key?: string; name?: string } | null {
  if (!isRecord(value)) return null;
  const pick = (field: string) => (typeof value[field] === 'string' ? (value[field] as string) : undefined);
  return { id: pick('id'), key: pick('key'), name: pick('name') };
}

function summaryProblem(summary: unknown): string | null {
  if (typeof summary !== 'string' || summary.trim() === '') return 'You must specify a summary of the issue.';
  if (/[\r\n]/.test(summary)) return 'The summary is invalid because it contains newline characters.';
  if (summary.length > 255) return 'Summary must be less than 255 characters.';
  return null;
}

function descriptionProblem(api: SimDeployment, description: unknown): string | null {
  // Jira's wording for a value that is not ADF; its text for ADF that breaks the schema is UNCONFIRMED.
  if (api === 'cloud') {
    const valid = isRecord(description) && adfProblems(description).length === 0;
    return valid ? null : 'Operation value must be an Atlassian Document (see the Atlassian Document Format)';
  }
  // UNCONFIRMED wording: Data Center's text field refusing a value that is not a string.
  return typeof description === 'string' ? null : 'Operation value must be a string';
}

function priorityProblem(priority: unknown): string | null {
  const ref = reference(priority);
  const known = PRIORITIES.some((candidate) => (ref?.id !== undefined ? candidate.id === ref.id : candidate.name === ref?.name));
  // UNCONFIRMED wording (contract §1.2).
  return known ? null : 'The priority selected is invalid.';
}

function labelsProblem(labels: unknown): string | null {
  if (!Array.isArray(labels) || labels.some((label) => typeof label !== 'string')) return 'data was not an array';
  const spaced = (labels as string[]).find((label) => /\s/.test(label));
  return spaced === undefined ? null : `The label '${spaced}' contains spaces which is invalid.`;
}

export type CreateCheck = { ok: true; project: SimProject; fields: Record<string, unknown> } | { ok: false; reply: Reply };

export function checkCreateIssue(api: SimDeployment, user: SimUser, projects: readonly SimProject[], body: unknown): CreateCheck {
  const fields = isRecord(body) && isRecord(body.fields) ? body.fields : {};
  const fieldErrors: Record<string, string> = {};
  const words = MESSAGES[api];
  const note = (field: string, problem: string | null) => {
    if (problem && !fieldErrors[field]) fieldErrors[field] = problem;
  };

  const projectRef = reference(fields.project);
  const project = projectRef
    ? projects.find((candidate) => (projectRef.key !== undefined ? candidate.key === projectRef.key : candidate.id === projectRef.id))
    : undefined;
  if (!project) note('project', words.project);
  // Jira answers this with 400 or 403 depending on version (contract §1.2); 403 is the spec's.
  if (project && !user.canCreate) return { ok: false, reply: errors(403, ['You do not have permission to create issues in this project.']) };

  if (project) {
    const typeRef = reference(fields.issuetype);
    const known = project.issueTypes.some((type) => (typeRef?.id !== undefined ? type.id === typeRef.id : type.name === typeRef?.name));
    note('issuetype', !typeRef ? words.missingType : known ? null : words.badType);
    for (const field of Object.keys(fields)) {
      if (ALWAYS_ON_SCREEN.includes(field) || project.screen.includes(field)) continue;
      note(field, `Field '${field}' cannot be set. It is not on the appropriate screen, or unknown.`);
    }
  }
  note('summary', summaryProblem(fields.summary));
  if ('description' in fields) note('description', descriptionProblem(api, fields.description));
  if ('priority' in fields) note('priority', priorityProblem(fields.priority));
  if ('labels' in fields) note('labels', labelsProblem(fields.labels));

  if (!project || Object.keys(fieldErrors).length > 0) return { ok: false, reply: errors(400, [], fieldErrors) };
  return { ok: true, project, fields };
}
