import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { keepItemsInMemory, tagsRejectedItem } from './items';

describe("stored items in the worker's memory", () => {
  it('are read from storage once, and again after a write here, a change from elsewhere or a failed read', async () => {
    keepItemsInMemory();
    const get = vi.spyOn(fakeBrowser.storage.local, 'get');
    const reads = () => get.mock.calls.length;

    expect(await tagsRejectedItem.getValue()).toBe(false);
    const once = reads();
    expect(await tagsRejectedItem.getValue()).toBe(false);
    expect(await tagsRejectedItem.getValue()).toBe(false);
    expect(reads()).toBe(once);

    await tagsRejectedItem.setValue(true);
    expect(await tagsRejectedItem.getValue()).toBe(true);

    // A page (or a test) writes the key itself: storage.onChanged drops the copy.
    await fakeBrowser.storage.local.set({ tagsRejected: false });
    await expect.poll(() => tagsRejectedItem.getValue()).toBe(false);

    await tagsRejectedItem.setValue(true);
    get.mockRejectedValueOnce(new Error('storage broke'));
    await expect(tagsRejectedItem.getValue()).rejects.toThrow('storage broke');
    expect(await tagsRejectedItem.getValue()).toBe(true);
  });
});
