import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { getSettings, POLICY_SETTLE_MS, refreshPolicyCache } from './store';

describe('the policy cache the pages read', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('takes the managed policy', async () => {
    await fakeBrowser.storage.managed.set({ adminContact: 'it-help@example.com', summaryLanguage: 'ja' });
    await refreshPolicyCache();
    const { values, locked } = await getSettings();
    expect(values.adminContact).toBe('it-help@example.com');
    expect(locked).toEqual(expect.arrayContaining(['adminContact', 'summaryLanguage']));
  });

  it('keeps the cached policy while Chromium has not loaded it yet at start-up, then follows a confirmed removal', async () => {
    await fakeBrowser.storage.managed.set({ adminContact: 'it-help@example.com' });
    await refreshPolicyCache();
    await fakeBrowser.storage.managed.clear();

    await refreshPolicyCache();
    expect((await getSettings()).values.adminContact).toBe('it-help@example.com');

    await vi.advanceTimersByTimeAsync(POLICY_SETTLE_MS);
    expect((await getSettings()).values.adminContact).toBe('');
  });

  it('a managed change event is final even when it empties the policy', async () => {
    await fakeBrowser.storage.managed.set({ adminContact: 'it-help@example.com' });
    await refreshPolicyCache();
    await fakeBrowser.storage.managed.clear();
    await refreshPolicyCache({ final: true });
    expect((await getSettings()).values.adminContact).toBe('');
  });
});
