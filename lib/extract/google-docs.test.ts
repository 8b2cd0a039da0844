import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProblemError } from '../errors/problem';
import { extractGoogleDoc, googleDocExportUrl, googleDocTitle, withoutEmbeddedImages } from './google-docs';
import { fetchInTab } from './tab-fetch';

vi.mock('./tab-fetch', () => ({ fetchInTab: vi.fn() }));
const tabFetch = vi.mocked(fetchInTab);

const DOC = 'https://docs.google.com/document/d/1AbC-d_9/edit?tab=t.0#heading=h.x';
const EXPORT = 'https://docs.google.com/document/d/1AbC-d_9/export?format=md';

describe('googleDocExportUrl', () => {
  it('is the Markdown export of the document the tab shows', () => {
    expect(googleDocExportUrl(DOC)).toBe(EXPORT);
    expect(googleDocExportUrl('https://docs.google.com/document/d/1AbC-d_9')).toBe(EXPORT);
  });

  it('keeps the signed-in account the tab uses', () => {
    expect(googleDocExportUrl('https://docs.google.com/document/u/1/d/1AbC-d_9/edit')).toBe('https://docs.google.com/document/u/1/d/1AbC-d_9/export?format=md');
  });

  it('is null for anything that is not a Google Doc', () => {
    for (const url of ['https://docs.google.com/spreadsheets/d/1AbC/edit', 'https://docs.google.com/document/', 'http://docs.google.com/document/d/1AbC/edit', 'https://evil.example/document/d/1AbC/edit', 'https://docs.google.com.evil.example/document/d/1AbC/edit', undefined, 'nonsense']) {
      expect(googleDocExportUrl(url), String(url)).toBeNull();
    }
  });
});

describe('googleDocTitle', () => {
  it('drops the app’s suffix, in either UI language', () => {
    expect(googleDocTitle('Design review - Google Docs')).toBe('Design review');
    expect(googleDocTitle('設計レビュー - Google ドキュメント')).toBe('設計レビュー');
    expect(googleDocTitle('Notes - draft')).toBe('Notes - draft');
  });
});

describe('withoutEmbeddedImages', () => {
  it('drops base64 images and the references to them, keeping other images and links', () => {
    const markdown = [
      '# Plan',
      '',
      'Text ![][image1] more.',
      '',
      '![chart](data:image/png;base64,AAAA)',
      '![logo](https://example.com/logo.png) and [a link][ref]',
      '',
      '[image1]: <data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAA>',
      '[ref]: https://example.com',
    ].join('\n');
    expect(withoutEmbeddedImages(markdown)).toBe('# Plan\n\nText  more.\n\n![logo](https://example.com/logo.png) and [a link][ref]\n\n[ref]: https://example.com');
  });
});

describe('extractGoogleDoc', () => {
  afterEach(() => tabFetch.mockReset());
  const tab = { url: DOC, title: 'Design review - Google Docs' };
  const kindOf = (promise: Promise<unknown>) => promise.then(() => 'resolved', (error: unknown) => (error instanceof ProblemError ? error.problem.kind : String(error)));
  const answer = (status: number, contentType: string, body: string) => tabFetch.mockResolvedValue({ fetched: true, status, contentType, body });

  it('reads the export from inside the tab, with the person’s session', async () => {
    answer(200, 'text/x-markdown; charset=utf-8', '\uFEFF# Design review\n\nWe ship on Friday.');
    expect(await extractGoogleDoc(3, EXPORT, tab)).toEqual({
      kind: 'page',
      title: 'Design review',
      url: DOC,
      lang: '',
      contentType: 'text/markdown',
      byline: null,
      text: '# Design review\n\nWe ship on Friday.',
      method: 'google-docs',
    });
    expect(tabFetch).toHaveBeenCalledWith(3, EXPORT, 'text');
  });

  it('a sign-in page, a refusal or no connection is not the document', async () => {
    answer(200, 'text/html; charset=utf-8', '<title>Sign in</title>');
    expect(await kindOf(extractGoogleDoc(3, EXPORT, tab))).toBe('extraction_failed');
    answer(403, 'text/plain', '');
    expect(await kindOf(extractGoogleDoc(3, EXPORT, tab))).toBe('extraction_failed');
    tabFetch.mockResolvedValue({ fetched: false, error: 'Failed to fetch' });
    expect(await kindOf(extractGoogleDoc(3, EXPORT, tab))).toBe('extraction_failed');
  });

  it('an empty document has nothing to summarize', async () => {
    answer(200, 'text/x-markdown', '\uFEFF\n');
    expect(await kindOf(extractGoogleDoc(3, EXPORT, tab))).toBe('empty_page');
  });
});
