import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { fetchFromPage, fetchInTab } from './tab-fetch';

describe('fetchFromPage (runs in the tab)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('fetches with the page’s cookies and says what came back', async () => {
    const fetchMock = vi.fn(async () => new Response('# Notes', { status: 200, headers: { 'content-type': 'text/x-markdown' } }));
    vi.stubGlobal('fetch', fetchMock);
    expect(await fetchFromPage('https://docs.google.com/document/d/x/export?format=md', 'text')).toEqual({ fetched: true, status: 200, contentType: 'text/x-markdown', body: '# Notes' });
    expect(fetchMock).toHaveBeenCalledWith('https://docs.google.com/document/d/x/export?format=md', { credentials: 'include' });
  });

  it('reports a network failure instead of throwing across the injection', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    expect(await fetchFromPage('https://intra.example/a.pdf', 'base64')).toEqual({ fetched: false, error: 'Failed to fetch' });
  });

  it('refuses a file over the limit, by its declared length or by the bytes that came', async () => {
    const declared = new Response('%PDF', { headers: { 'content-length': String(100 * 1024 * 1024) } });
    vi.stubGlobal('fetch', vi.fn(async () => declared));
    expect(await fetchFromPage('https://intra.example/big.pdf', 'base64', 1000)).toMatchObject({ fetched: false, tooLarge: 100 * 1024 * 1024 });
    vi.stubGlobal('fetch', vi.fn(async () => new Response(new Uint8Array(1001))));
    expect(await fetchFromPage('https://intra.example/big.pdf', 'base64', 1000)).toMatchObject({ fetched: false, tooLarge: 1001 });
    // Node has no FileReader; the tab's is stood in for by one that reads the blob the same way.
    vi.stubGlobal(
      'FileReader',
      class {
        result = '';
        onload = () => undefined;
        readAsDataURL(blob: Blob) {
          void blob.arrayBuffer().then((bytes) => {
            this.result = `data:application/pdf;base64,${Buffer.from(bytes).toString('base64')}`;
            this.onload();
          });
        }
      },
    );
    vi.stubGlobal('fetch', vi.fn(async () => new Response(new Uint8Array(1000))));
    expect(await fetchFromPage('https://intra.example/ok.pdf', 'base64', 1000)).toMatchObject({ fetched: true, status: 200, body: Buffer.alloc(1000).toString('base64') });
  });
});

describe('fetchInTab', () => {
  it('runs the fetch in the tab and checks what the tab returns', async () => {
    const executeScript = vi.fn(async () => [{ frameId: 0, documentId: 'd', result: { fetched: true, status: 200, contentType: 'application/pdf', body: 'JVBERg==' } }]);
    fakeBrowser.scripting.executeScript = executeScript as unknown as typeof fakeBrowser.scripting.executeScript;
    expect(await fetchInTab(4, 'https://intra.example/a.pdf', 'base64')).toEqual({ fetched: true, status: 200, contentType: 'application/pdf', body: 'JVBERg==' });
    expect(executeScript).toHaveBeenCalledWith({ target: { tabId: 4 }, func: fetchFromPage, args: ['https://intra.example/a.pdf', 'base64', null] });
  });

  it('turns a refused injection or a malformed answer into a failure with a reason', async () => {
    fakeBrowser.scripting.executeScript = vi.fn(async () => Promise.reject(new Error('Cannot access contents of url "file:///a.pdf".'))) as unknown as typeof fakeBrowser.scripting.executeScript;
    expect(await fetchInTab(4, 'file:///a.pdf', 'base64')).toEqual({ fetched: false, error: 'Cannot access contents of url "file:///a.pdf".' });
    fakeBrowser.scripting.executeScript = vi.fn(async () => [{ frameId: 0, documentId: 'd', result: { body: 42 } }]) as unknown as typeof fakeBrowser.scripting.executeScript;
    expect(await fetchInTab(4, 'https://intra.example/a.pdf', 'base64')).toEqual({ fetched: false, error: 'The tab returned nothing readable.' });
  });
});
