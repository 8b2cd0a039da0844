import { describe, expect, it } from 'vitest';
import { userSettingsItem } from '../storage/items';
import { getSettings, keepSettingsInMemory, saveUserSettings } from './store';

describe('settings in the worker’s memory', () => {
  it('are read once, and again only after they change, by this worker or by a page', async () => {
    keepSettingsInMemory();
    const first = await getSettings();
    expect(await getSettings()).toBe(first);

    expect((await saveUserSettings({ summaryLength: 'short' })).values.summaryLength).toBe('short');
    // A page writes the item directly; storage.onChanged drops the copy.
    await userSettingsItem.setValue({ summaryLength: 'detailed' });
    await expect.poll(async () => (await getSettings()).values.summaryLength).toBe('detailed');
  });
});
