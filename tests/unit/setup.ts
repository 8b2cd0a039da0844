/**
 * WXT's fake browser has no i18n; give it Chrome's behaviour over the English catalogue
 * (`$1`…`$9` substitutions), so code that speaks to the person can be unit-tested. Nor has it
 * storage.session.getKeys (Chrome 130): the keys of everything the area holds.
 */
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import en from '../../public/_locales/en/messages.json';

const catalog = en as Record<string, { message: string }>;

function getMessage(key: string, substitutions?: string | string[]): string {
  const subs = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
  return (catalog[key]?.message ?? '').replace(/\$(\d)/g, (_, n: string) => subs[Number(n) - 1] ?? '');
}

beforeEach(() => {
  fakeBrowser.reset();
  fakeBrowser.i18n.getMessage = getMessage as typeof fakeBrowser.i18n.getMessage;
  Object.assign(fakeBrowser.storage.session, { getKeys: async () => Object.keys(await fakeBrowser.storage.session.get(null)) });
});
