/** The gateway connection as the background uses it: URL from settings, key from secrets. */
import { gatewayRoot, originPattern } from '../gateway/endpoints';
import type { GatewayConnection } from '../gateway/client';
import { readGatewayKey } from '../settings/secrets';
import { getSettings } from '../settings/store';
import { netErrors } from './net-errors';

export async function hasHostAccess(root: string): Promise<boolean> {
  return browser.permissions.contains({ origins: [originPattern(root)] }).catch(() => false);
}

export function connectionFor(gatewayUrl: string, key: string): GatewayConnection | null {
  if (!gatewayUrl || !key) return null;
  let root: string;
  try {
    root = gatewayRoot(gatewayUrl);
  } catch {
    return null;
  }
  return { root, key, hostAccess: () => hasHostAccess(root), netErrors };
}

export async function currentConnection(): Promise<GatewayConnection | null> {
  const [{ values }, key] = await Promise.all([getSettings(), readGatewayKey()]);
  return connectionFor(values.gatewayUrl, key);
}
