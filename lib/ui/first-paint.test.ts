import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DEFAULT_SETTINGS } from '../settings/schema';
import { readFirstPaint } from './first-paint';

describe('readFirstPaint', () => {
  it('paints with nothing known when the storage read fails, so the popup still renders', async () => {
    vi.spyOn(fakeBrowser.storage.local, 'get').mockRejectedValueOnce(new Error('storage broke'));
    const first = await readFirstPaint();
    expect(first.settings.values).toEqual(DEFAULT_SETTINGS);
    expect(first).toMatchObject({ budget: null, catalog: null, dismissed: [], actions: { actions: [], problems: [] } });
  });

});
