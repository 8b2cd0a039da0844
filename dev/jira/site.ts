/**
 * The simulated Jira site: its projects, people and priorities. Tests may pass their own projects
 * and people to startJiraSim; these are the defaults and the demo's.
 */

export type SimDeployment = 'cloud' | 'datacenter';

export interface SimProject {
  key: string;
  id: string;
  name: string;
  issueTypes: { id: string; name: string; subtask?: boolean }[];
  /** Field ids on the create screen, besides project, issuetype and summary. */
  screen: string[];
  teamManaged?: boolean;
}

export interface SimUser {
  displayName: string;
  /** Cloud identity. */
  accountId: string;
  email: string;
  apiToken: string;
  /** Data Center identity. */
  name: string;
  pat: string;
  /** Without it, creating answers 403 "You do not have permission to create issues in this project." */
  canCreate: boolean;
}

export const SIM_PROJECTS: SimProject[] = [
  {
    key: 'PROJ',
    id: '10000',
    name: 'Project',
    issueTypes: [
      { id: '10001', name: 'Bug' },
      { id: '10002', name: 'Task' },
      { id: '10003', name: 'Story' },
      { id: '10004', name: 'Sub-task', subtask: true },
    ],
    screen: ['description', 'priority', 'labels'],
  },
  {
    // Team-managed projects often lack a priority field: sending one is a 400.
    key: 'TEAM',
    id: '10100',
    name: 'Team-managed project',
    issueTypes: [
      { id: '10101', name: 'Task' },
      { id: '10102', name: 'Bug' },
    ],
    screen: ['description', 'labels'],
    teamManaged: true,
  },
];

export const SIM_USERS: SimUser[] = [
  {
    displayName: 'Sim Reporter',
    accountId: '5b10ac8d82e05b22cc7d4ef5',
    email: 'reporter@example.com',
    apiToken: 'sim-api-token',
    name: 'reporter',
    pat: 'sim-personal-access-token',
    canCreate: true,
  },
  {
    displayName: 'Sim Viewer',
    accountId: '5b10ac8d82e05b22cc7d4ef6',
    email: 'viewer@example.com',
    apiToken: 'sim-viewer-token',
    name: 'viewer',
    pat: 'sim-viewer-pat',
    canCreate: false,
  },
];

export const PRIORITIES = [
  { id: '1', name: 'Highest' },
  { id: '2', name: 'High' },
  { id: '3', name: 'Medium' },
  { id: '4', name: 'Low' },
  { id: '5', name: 'Lowest' },
];

/** Where each deployment's REST API lives: Cloud speaks v3, Data Center v2. */
export function apiRoot(siteUrl: string, api: SimDeployment): string {
  return `${siteUrl}/rest/api/${api === 'cloud' ? '3' : '2'}`;
}

/** An issue created during the simulator's life, as `GET /issue/{key}` returns it. */
export interface StoredIssue {
  id: string;
  key: string;
  self: string;
  fields: Record<string, unknown>;
}
