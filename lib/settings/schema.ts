/**
 * Every setting the extension has, once. A person's own values, the organization's policy
 * (chrome.storage.managed, public/managed_schema.json) and the defaults share these schemas.
 */
import { z } from 'zod';

export const SummaryLanguage = z.enum(['match', 'ja', 'en']);
export type SummaryLanguage = z.infer<typeof SummaryLanguage>;
export const SummaryLength = z.enum(['short', 'standard', 'detailed']);
export type SummaryLength = z.infer<typeof SummaryLength>;
export const SummaryForm = z.enum(['bullets', 'prose']);
export type SummaryForm = z.infer<typeof SummaryForm>;
export const Feature = z.enum(['summarize', 'summarize-selection', 'jira-draft']);
export type Feature = z.infer<typeof Feature>;

/** Values a person may set in the options page (unless policy locks them). */
export const UserSettings = z.object({
  gatewayUrl: z.string().default(''),
  defaultModel: z.string().default(''),
  summaryLanguage: SummaryLanguage.default('match'),
  summaryLength: SummaryLength.default('standard'),
  summaryForm: SummaryForm.default('bullets'),
  /** End-user id sent as `user`; empty means the key's own `user_id` from /key/info. */
  userId: z.string().default(''),
});
export type UserSettings = z.infer<typeof UserSettings>;

/** Values only an administrator sets (policy), with their defaults when no policy is present. */
export const AdminSettings = z.object({
  allowedModels: z.array(z.string()).default([]),
  extraTags: z.array(z.string()).default([]),
  adminContact: z.string().default(''),
  keyHelpUrl: z.string().default(''),
  disabledFeatures: z.array(Feature).default([]),
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
