/** Policy over the person's values over defaults: pure, so the merge rule is tested in one place. */
import { DEFAULT_SETTINGS, type Policy, Settings, type SettingName, SETTING_NAMES, type UserSettings } from './schema';

export interface ResolvedSettings {
  values: Settings;
  /** Settings the organization set; the UI shows them locked. */
  locked: SettingName[];
}

/** Keeps each valid policy field and drops each invalid one, so a typo in one field locks nothing else. */
export function parsePolicy(raw: unknown): Policy {
  if (typeof raw !== 'object' || raw === null) return {};
  const policy: Record<string, unknown> = {};
  for (const name of SETTING_NAMES) {
    const value = (raw as Record<string, unknown>)[name];
    if (value === undefined) continue;
    const parsed = Settings.shape[name].safeParse(value);
    if (parsed.success) policy[name] = parsed.data;
  }
  return policy as Policy;
}

export function parseUserSettings(raw: unknown): Partial<UserSettings> {
  const parsed = Settings.partial().safeParse(raw ?? {});
  return parsed.success ? parsed.data : {};
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

/** The models a person may pick: the key's models, narrowed by policy when it names any. */
export function pickableModels(keyModels: string[], settings: Settings): string[] {
  if (settings.allowedModels.length === 0) return keyModels;
  return keyModels.filter((m) => settings.allowedModels.includes(m));
}
