/**
 * Where settings live: the person's values in `local:settings`, the policy in the managed area
 * (read through a cached copy in `local:policyCache` so start-up never waits on it, as uBlock
 * Origin does).
 */
import { policyCacheItem, userSettingsItem } from '../storage/items';
import { parsePolicy, parseUserSettings, resolveSettings, type ResolvedSettings } from './resolve';
import type { Policy, UserSettings } from './schema';

/**
 * Chromium answers `{}` from the managed area for a few seconds after start-up, until it has read
 * the policy (chromium.md, seen 3–5 s). An empty answer at start-up therefore does not wipe a cached
 * policy at once: it must still be empty this much later, or a managed change event must say so.
 */
export const POLICY_SETTLE_MS = 10_000;

const isEmpty = (policy: Policy) => Object.keys(policy).length === 0;

/**
 * Copies the managed policy into the cache the pages read. `final`: the answer stands even when
 * empty (Chromium just reported a change to the managed area, or start-up has settled).
 */
export async function refreshPolicyCache({ final = false } = {}): Promise<void> {
  let policy: Policy;
  try {
    policy = parsePolicy(await browser.storage.managed.get());
  } catch {
    // No managed_schema or not managed: the managed area throws; the person is in charge.
    return;
  }
  if (!final && isEmpty(policy) && !isEmpty(await policyCacheItem.getValue())) {
    setTimeout(() => void refreshPolicyCache({ final: true }), POLICY_SETTLE_MS);
    return;
  }
  await policyCacheItem.setValue(policy);
  forget();
}

async function readSettings(): Promise<ResolvedSettings> {
  const [policy, user] = await Promise.all([policyCacheItem.getValue(), userSettingsItem.getValue()]);
  return resolveSettings(parsePolicy(policy), parseUserSettings(user));
}

/**
 * The worker's copy of the settings (issue #17: a click read them again, several times). Dropped
 * whenever either stored half changes, by this worker (below) or by a page (storage.onChanged).
 */
let remembered: Promise<ResolvedSettings> | null = null;
let remembering = false;
const forget = () => {
  remembered = null;
};

/** Called once by the worker: settings are then read from storage only after they change. */
export function keepSettingsInMemory(): void {
  remembering = true;
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && (userSettingsItem.storageKey in changes || policyCacheItem.storageKey in changes)) forget();
  });
}

export async function getSettings(): Promise<ResolvedSettings> {
  if (!remembering) return readSettings();
  remembered ??= readSettings();
  return remembered;
}

export async function saveUserSettings(patch: Partial<UserSettings>): Promise<ResolvedSettings> {
  const current = parseUserSettings(await userSettingsItem.getValue());
  const { locked } = await getSettings();
  const allowed = Object.fromEntries(Object.entries(patch).filter(([name]) => !locked.includes(name as keyof UserSettings)));
  await userSettingsItem.setValue(parseUserSettings({ ...current, ...allowed }));
  forget();
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
