import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { firstPaintNow, keepFirstPaint } from '../background/first-paint';
import { DEFAULT_SETTINGS } from '../settings/schema';
import { firstPaintItem } from '../storage/items';
import { FIRST_PAINT_KEY, firstPaintBuild, readFirstPaint, readPopupFirstPaint, startPopupFirstPaint, takePopupFirstPaint } from './first-paint';

describe('the first paint', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    globalThis.__popupFirstPaint = undefined;
    // The fake browser has no manifest; the copy is stamped with the extension's version.
    vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({ manifest_version: 3, name: 'test', version: '1.2.3' });
  });

  afterEach(() => vi.unstubAllGlobals());

  it('paints with nothing known when the storage read fails, so the popup still renders', async () => {
    vi.spyOn(fakeBrowser.storage.local, 'get').mockRejectedValueOnce(new Error('storage broke'));
    expect(await readFirstPaint()).toBeNull();
  });

  it('paints the copy the worker keeps, and follows a change to one of its items', async () => {
    await fakeBrowser.storage.local.set({ settings: { defaultModel: 'gpt-4o', summaryLength: 'nonsense' }, dismissedAlerts: ['a'] });
    keepFirstPaint();
    await vi.waitFor(async () => expect((await readFirstPaint())?.settings.values.defaultModel).toBe('gpt-4o'));
    const painted = (await readFirstPaint())!;
    // Each value as its owner parses it: the bad field dropped to its default.
    expect(painted.settings.values.summaryLength).toBe(DEFAULT_SETTINGS.summaryLength);
    expect(painted).toMatchObject({ budget: null, catalog: null, dismissed: ['a'], actions: { actions: [], problems: [] } });
    await fakeBrowser.storage.local.set({ dismissedAlerts: ['a', 'b'] });
    await vi.waitFor(async () => expect((await readFirstPaint())?.dismissed).toEqual(['a', 'b']));
  });

  it('a worker start writes the copy only when it is missing or from another build', async () => {
    const set = vi.spyOn(firstPaintItem, 'setValue');
    const current = { build: firstPaintBuild(), paint: await firstPaintNow() };
    await firstPaintItem.setValue(current);
    set.mockClear();
    keepFirstPaint();
    // Given every chance to write: a start with a current copy leaves it alone.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(set).not.toHaveBeenCalled();

    await firstPaintItem.setValue({ build: firstPaintBuild('0.0.0-older'), paint: current.paint });
    set.mockClear();
    keepFirstPaint();
    await vi.waitFor(() => expect(set).toHaveBeenCalledWith({ build: firstPaintBuild(), paint: current.paint }));
  });

  it('does not paint a copy another build wrote', async () => {
    await firstPaintItem.setValue({ build: firstPaintBuild('0.0.0-older'), paint: await firstPaintNow() });
    expect((await fakeBrowser.storage.local.get(FIRST_PAINT_KEY))[FIRST_PAINT_KEY]).not.toBeUndefined();
    expect(await readFirstPaint()).toBeNull();
  });

  it("reads the tab's job with the copy, so a result paints with the first render", async () => {
    vi.stubGlobal('location', { search: '?tabId=7' });
    const job = { id: 'j1', tabId: 7, status: 'done' };
    await fakeBrowser.storage.session.set({ 'job:7': job });
    expect(await readPopupFirstPaint()).toEqual({ paint: null, tabId: 7, job });
  });

  it("makes one read, whether popup.html's early script or the popup's module asks first", async () => {
    // Counted by the job's read, which only the popup's first paint makes (the worker's copy is read elsewhere too).
    vi.stubGlobal('location', { search: '?tabId=7' });
    const get = vi.spyOn(fakeBrowser.storage.session, 'get');
    const popupReads = () => get.mock.calls.filter(([keys]) => keys === 'job:7').length;
    startPopupFirstPaint();
    const started = globalThis.__popupFirstPaint;
    startPopupFirstPaint();
    expect(takePopupFirstPaint()).toBe(started);
    await started;
    expect(popupReads()).toBe(1);

    globalThis.__popupFirstPaint = undefined;
    const taken = takePopupFirstPaint();
    startPopupFirstPaint();
    expect(globalThis.__popupFirstPaint).toBe(taken);
    await taken;
    expect(popupReads()).toBe(2);
  });
});
