/** Policy over the person's values over defaults: pure, so the merge rule is tested in one place. */
import { DEFAULT_SETTINGS, type Policy, Settings, type SettingName, SETTING_NAMES, USER_SETTING_NAMES, type UserSettings } from './schema';

export interface ResolvedSettings {
  values: Settings;
  /** Settings the organization set; the UI shows them locked. */
  locked: SettingName[];
}

/** Keeps each valid field that is present and drops each invalid one; never fills in defaults. */
function parseFields(raw: unknown, names: readonly SettingName[]): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null) return {};
  const fields: Record<string, unknown> = {};
  for (const name of names) {
    const value = (raw as Record<string, unknown>)[name];
    if (value === undefined) continue;
    const parsed = Settings.shape[name].safeParse(value);
    if (parsed.success) fields[name] = parsed.data;
  }
  return fields;
}

/** An admin's typo in one field locks nothing else. */
export function parsePolicy(raw: unknown): Policy {
  return parseFields(raw, SETTING_NAMES) as Policy;
}

/** A person's stored values; admin-only fields in there (written by hand) are ignored. */
export function parseUserSettings(raw: unknown): Partial<UserSettings> {
  return parseFields(raw, USER_SETTING_NAMES) as Partial<UserSettings>;
}

export function resolveSettings(policy: Policy, user: Partial<UserSettings>): ResolvedSettings {
  const values: Settings = { ...DEFAULT_SETTINGS, ...user, ...policy };
  const locked = SETTING_NAMES.filter((name) => policy[name] !== undefined);
  // A default model outside the admin's allowed list would be offered and then refused.
  if (values.allowedModels.length > 0 && values.defaultModel && !values.allowedModels.includes(values.defaultModel)) {
    values.defaultModel = values.allowedModels[0] ?? '';
  }
  return { values, locked };
}
