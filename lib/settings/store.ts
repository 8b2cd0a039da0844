/**
 * Where settings live: the person's values in `local:settings`, the policy in the managed area
 * (read through a cached copy in `session:` so start-up never waits on it, as uBlock Origin does).
 */
import { storage } from 'wxt/utils/storage';
import { parsePolicy, parseUserSettings, resolveSettings, type ResolvedSettings } from './resolve';
import type { Policy, UserSettings } from './schema';

export const userSettingsItem = storage.defineItem<Partial<UserSettings>>('local:settings', { fallback: {}, version: 1 });
const policyCacheItem = storage.defineItem<Policy>('local:policyCache', { fallback: {} });

export async function readPolicy(): Promise<Policy> {
  try {
    const policy = parsePolicy(await browser.storage.managed.get());
    await policyCacheItem.setValue(policy);
    return policy;
  } catch {
    // No managed_schema or not managed: the managed area throws; the person is in charge.
    return {};
  }
}

export async function getSettings(): Promise<ResolvedSettings> {
  const [policy, user] = await Promise.all([policyCacheItem.getValue(), userSettingsItem.getValue()]);
  return resolveSettings(parsePolicy(policy), parseUserSettings(user));
}

export async function saveUserSettings(patch: Partial<UserSettings>): Promise<ResolvedSettings> {
  const current = parseUserSettings(await userSettingsItem.getValue());
  const { locked } = await getSettings();
  const allowed = Object.fromEntries(Object.entries(patch).filter(([name]) => !locked.includes(name as keyof UserSettings)));
  await userSettingsItem.setValue(parseUserSettings({ ...current, ...allowed }));
  return getSettings();
}

export function watchSettings(cb: (settings: ResolvedSettings) => void): () => void {
  const refresh = () => void getSettings().then(cb);
  const unwatchUser = userSettingsItem.watch(refresh);
  const unwatchPolicy = policyCacheItem.watch(refresh);
  return () => {
    unwatchUser();
    unwatchPolicy();
  };
}
