/**
 * The virtual key and the Jira token. Only the background imports this file, and only this file
 * imports their storage items (an invariant test checks both): the options page hands a secret
 * over by message and never reads it back.
 */
import { secretItems } from '../storage/items';

/** Content scripts can read `storage.local` by default (mv3-facts §1); close it on every start. */
export async function lockStorageToExtensionPages(): Promise<void> {
  await browser.storage.local.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' });
  await browser.storage.session.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' });
}

export const readGatewayKey = () => secretItems.gatewayKey.getValue();
export const writeGatewayKey = (key: string) => secretItems.gatewayKey.setValue(key.trim());
export const readJiraToken = () => secretItems.jiraToken.getValue();
export const writeJiraToken = (token: string) => secretItems.jiraToken.setValue(token.trim());

/** What the options page may show: enough to recognise the key, never enough to use it. */
export function maskKey(key: string): string {
  if (!key) return '';
  return key.length <= 8 ? '••••' : `${key.slice(0, 3)}…${key.slice(-4)}`;
}
