/**
 * The simulator's GET endpoints: myself, project, issue, and createmeta in each deployment's page
 * shape (Cloud `issueTypes`/`fields`, Data Center `values` with `isLast`; jira-contract.md §1.3, §2).
 */
import type { FieldMeta } from '../../lib/jira/wire';
import { errors, json, text, type Reply } from './reply';
import { PRIORITIES, apiRoot, type SimDeployment, type SimProject, type SimUser, type StoredIssue } from './site';

export interface ReadContext {
  siteUrl: string;
  api: SimDeployment;
  user: SimUser;
  projects: readonly SimProject[];
  issues: readonly StoredIssue[];
}

type IssueType = SimProject['issueTypes'][number];

const projectNotFound = (key: string) => errors(404, [`No project could be found with key '${key}'.`]);

function myself({ siteUrl, api, user }: ReadContext): Reply {
  const common = { displayName: user.displayName, emailAddress: user.email, active: true, timeZone: 'Asia/Tokyo', locale: 'ja_JP' };
  if (api === 'cloud') {
    // Cloud keeps `key` and `name` for compatibility, always empty (contract §1.3).
    return json(200, { self: `${apiRoot(siteUrl, api)}/user?accountId=${user.accountId}`, accountId: user.accountId, accountType: 'atlassian', key: '', name: '', ...common });
  }
  return json(200, { self: `${apiRoot(siteUrl, api)}/user?username=${user.name}`, key: user.name, name: user.name, ...common });
}

function issueTypeJson({ siteUrl, api }: ReadContext, type: IssueType) {
  return {
    self: `${apiRoot(siteUrl, api)}/issuetype/${type.id}`,
    id: type.id,
    name: type.name,
    description: '',
    iconUrl: `${siteUrl}/images/icons/issuetypes/${type.id}.svg`,
    subtask: type.subtask ?? false,
    hierarchyLevel: type.subtask ? -1 : 0,
  };
}

function projectJson(context: ReadContext, project: SimProject) {
  return {
    self: `${apiRoot(context.siteUrl, context.api)}/project/${project.id}`,
    id: project.id,
    key: project.key,
    name: project.name,
    description: '',
    projectTypeKey: 'software',
    simplified: project.teamManaged ?? false,
    style: project.teamManaged ? 'next-gen' : 'classic',
    issueTypes: project.issueTypes.map((type) => issueTypeJson(context, type)),
    components: [],
    versions: [],
  };
}

function fieldsJson(api: SimDeployment, project: SimProject, type: IssueType): FieldMeta[] {
  const field = (fieldId: string, name: string, required: boolean, schema: FieldMeta['schema'], extra: Partial<FieldMeta> = {}) => ({
    fieldId,
    key: fieldId,
    name,
    required,
    schema,
    operations: ['set'],
    hasDefaultValue: false,
    ...extra,
  });
  const all = [
    field('summary', 'Summary', true, { type: 'string', system: 'summary' }),
    field('issuetype', 'Issue Type', true, { type: 'issuetype', system: 'issuetype' }, { allowedValues: [{ id: type.id, name: type.name }] }),
    field('project', 'Project', true, { type: 'project', system: 'project' }, { allowedValues: [{ id: project.id, name: project.name }] }),
    field('description', 'Description', false, { type: 'string', system: 'description' }),
    field('priority', 'Priority', false, { type: 'priority', system: 'priority' }, { allowedValues: PRIORITIES, hasDefaultValue: true }),
    field('labels', 'Labels', false, { type: 'array', items: 'string', system: 'labels' }, { operations: ['add', 'set', 'remove'] }),
  ];
  const shown = all.filter((meta) => ['summary', 'issuetype', 'project', ...project.screen].includes(meta.fieldId));
  // Data Center's FieldMeta has no `key` (contract §2).
  return api === 'cloud' ? shown : shown.map(({ key: _key, ...meta }) => meta);
}

function page(api: SimDeployment, cloudKey: 'issueTypes' | 'fields', all: unknown[], query: URLSearchParams): Reply {
  const startAt = Math.max(0, Number(query.get('startAt') ?? 0) || 0);
  const maxResults = Number(query.get('maxResults') ?? 50) || 50;
  if (maxResults > 200) return errors(400, [`Parameter 'maxResults' must not exceed the limit '200'`]);
  const items = all.slice(startAt, startAt + maxResults);
  if (api === 'cloud') return json(200, { [cloudKey]: items, maxResults, startAt, total: all.length });
  return json(200, { maxResults, startAt, total: all.length, isLast: startAt + items.length >= all.length, values: items });
}

/** `segments`: the path after /rest/api/{version}/, decoded. */
export function readRoute(context: ReadContext, segments: readonly string[], query: URLSearchParams): Reply {
  const [first, second, third, fourth, fifth] = segments;
  const findProject = (keyOrId: string) => context.projects.find((project) => project.key === keyOrId || project.id === keyOrId);
  if (segments.length === 1 && first === 'myself') return myself(context);
  if (segments.length === 2 && first === 'issue' && second !== undefined) {
    const issue = context.issues.find((candidate) => candidate.key === second || candidate.id === second);
    return issue ? json(200, issue) : errors(404, ['Issue does not exist or you do not have permission to see it.']);
  }
  if (segments.length === 2 && first === 'project' && second !== undefined) {
    const project = findProject(second);
    return project ? json(200, projectJson(context, project)) : projectNotFound(second);
  }
  if (first === 'issue' && second === 'createmeta' && third !== undefined && fourth === 'issuetypes' && segments.length <= 5) {
    const project = findProject(third);
    if (!project) return projectNotFound(third);
    if (fifth === undefined) return page(context.api, 'issueTypes', project.issueTypes.map((type) => issueTypeJson(context, type)), query);
    const type = project.issueTypes.find((candidate) => candidate.id === fifth);
    // UNCONFIRMED wording.
    if (!type) return errors(404, [`Issue type with id '${fifth}' does not exist in project '${project.key}'.`]);
    return page(context.api, 'fields', fieldsJson(context.api, project, type), query);
  }
  return text(404, '');
}
