/**
 * Every setting the extension has, once. A person's own values, the organization's policy
 * (chrome.storage.managed, public/managed_schema.json) and the defaults share these schemas.
 */
import { z } from 'zod';
import { SUMMARY_FORMS, SUMMARY_LANGUAGES, SUMMARY_LENGTHS } from './choices';
import { IssueTypeTemplate } from '../jira/templates';
import { Label } from '../jira/ticket';
import { Feature } from '../features/feature-schema';

export const SummaryLanguage = z.enum(SUMMARY_LANGUAGES);
export type SummaryLanguage = z.infer<typeof SummaryLanguage>;
export const SummaryLength = z.enum(SUMMARY_LENGTHS);
export type SummaryLength = z.infer<typeof SummaryLength>;
export const SummaryForm = z.enum(SUMMARY_FORMS);
export type SummaryForm = z.infer<typeof SummaryForm>;
export { Feature } from '../features/feature-schema';

export const JiraDeployment = z.enum(['cloud', 'datacenter']);
export type JiraDeployment = z.infer<typeof JiraDeployment>;

/** Where tickets go. The API token or PAT is not a setting: it lives with the key (secrets.ts). */
export const JiraSettings = z.object({
  jiraUrl: z.string().default(''),
  jiraDeployment: JiraDeployment.default('cloud'),
  /** Jira Cloud signs in with email + API token; Data Center with a personal access token. */
  jiraEmail: z.string().default(''),
  jiraProjectKey: z.string().default(''),
  jiraIssueTypes: z.array(IssueTypeTemplate).min(1).default([
    { name: 'Bug', layout: 'bug' },
    { name: 'Task', layout: 'task' },
    { name: 'Story', layout: 'task' },
  ]),
  jiraDefaultLabels: z.array(Label).default([]),
});

/** Values a person may set in the options page (unless policy locks them). */
export const UserSettings = z.object({
  gatewayUrl: z.string().default(''),
  defaultModel: z.string().default(''),
  summaryLanguage: SummaryLanguage.default('match'),
  summaryLength: SummaryLength.default('standard'),
  summaryForm: SummaryForm.default('bullets'),
  /** End-user id sent as `user`; empty means the key's own `user_id` from /key/info. */
  userId: z.string().default(''),
}).extend(JiraSettings.shape);
export type UserSettings = z.infer<typeof UserSettings>;

/** Values only an administrator sets (policy), with their defaults when no policy is present. */
export const AdminSettings = z.object({
  allowedModels: z.array(z.string()).default([]),
  extraTags: z.array(z.string()).default([]),
  adminContact: z.string().default(''),
  keyHelpUrl: z.string().default(''),
  disabledFeatures: z.array(Feature).default([]),
  /**
   * The company's own use cases (features/action/action.ts): kept as objects here and parsed one by
   * one where they are used, so one malformed action is skipped and reported, not the whole list.
   */
  actions: z.array(z.record(z.string(), z.unknown())).default([]),
  /** Whether people may add their own actions in the options page (tagged `action:personal`). */
  allowPersonalActions: z.boolean().default(true),
  /** Ask before a request estimated above this many dollars… */
  costConfirmUsd: z.number().nonnegative().default(0.05),
  /** …or above this share of the budget left, whichever is lower (issue #4). */
  costConfirmFraction: z.number().min(0).max(1).default(0.1),
  /** The most parts one job may split a document into: a page that needs more is refused (#15). */
  maxPartsPerJob: z.number().int().min(1).default(200),
  /** Warn once per budget period when this much of the budget is used (issue #6). */
  budgetWarnPercents: z.array(z.number().min(1).max(100)).default([80, 95]),
  /** A request that receives no byte for this long ends with its own sentence (issue #15). */
  requestIdleTimeoutS: z.number().positive().default(60),
  /** No request, however steadily it streams, runs longer than this. */
  requestTotalTimeoutS: z.number().positive().default(600),
});
export type AdminSettings = z.infer<typeof AdminSettings>;

export const Settings = UserSettings.extend(AdminSettings.shape);
export type Settings = z.infer<typeof Settings>;
export type SettingName = keyof Settings;

/**
 * Policy may set any setting. Each field is parsed on its own (see resolve.ts), so one bad value
 * from an admin's JSON drops that field only, never the whole policy.
 */
export const Policy = Settings.partial();
export type Policy = z.infer<typeof Policy>;

export const DEFAULT_SETTINGS: Settings = Settings.parse({});
export const USER_SETTING_NAMES = Object.keys(UserSettings.shape) as (keyof UserSettings)[];
export const SETTING_NAMES = Object.keys(Settings.shape) as SettingName[];
