/**
 * The virtual key. Only the background imports this file (an invariant test checks it): the
 * options page hands the key over by message and never reads it back.
 */
import { storage } from 'wxt/utils/storage';

const gatewayKeyItem = storage.defineItem<string>('local:gatewayKey', { fallback: '' });
/** Jira Cloud API token or Data Center personal access token: as secret as the key. */
const jiraTokenItem = storage.defineItem<string>('local:jiraToken', { fallback: '' });

/** Content scripts can read `storage.local` by default (mv3-facts §1); close it on every start. */
export async function lockStorageToExtensionPages(): Promise<void> {
  await browser.storage.local.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' });
  await browser.storage.session.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' });
}

export const readGatewayKey = () => gatewayKeyItem.getValue();
export const writeGatewayKey = (key: string) => gatewayKeyItem.setValue(key.trim());
export const readJiraToken = () => jiraTokenItem.getValue();
export const writeJiraToken = (token: string) => jiraTokenItem.setValue(token.trim());

/** What the options page may show: enough to recognise the key, never enough to use it. */
export function maskKey(key: string): string {
  if (!key) return '';
  return key.length <= 8 ? '••••' : `${key.slice(0, 3)}…${key.slice(-4)}`;
}
