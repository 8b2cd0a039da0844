/** Which sentence the person gets for each way a PDF can fail, and what a good one becomes. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProblemError } from '../errors/problem';
import { fetchInTab } from '../extract/tab-fetch';
import { extractPdf, fileNameOf, MAX_PDF_BYTES } from './extract';
import { readInOffscreen } from './offscreen';
import { PdfReadError } from './read';

vi.mock('./offscreen', () => ({ readInOffscreen: vi.fn() }));
vi.mock('../extract/tab-fetch', () => ({ fetchInTab: vi.fn() }));
const reader = vi.mocked(readInOffscreen);
const tabFetch = vi.mocked(fetchInTab);
const TAB = 7;
const URL_OF_PDF = 'http://127.0.0.1:8080/corpus/pdf/tracemonkey.pdf';

const kindOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: unknown) => (error instanceof ProblemError ? error.problem.kind : String(error)),
  );

beforeEach(() => {
  tabFetch.mockResolvedValue({ fetched: true, status: 200, contentType: 'application/pdf', body: 'JVBERg==' });
});
afterEach(() => {
  tabFetch.mockReset();
  reader.mockReset();
});

describe('extractPdf', () => {
  it('has the tab fetch its PDF and hands the bytes to the reader', async () => {
    reader.mockResolvedValue({ pages: ['Abstract', '', 'Results'], title: '', author: 'A. Gal', lang: 'en' });
    const progress = vi.fn();
    const extracted = await extractPdf(TAB, URL_OF_PDF, '127.0.0.1:8080/corpus/pdf/tracemonkey.pdf', progress);
    expect(tabFetch).toHaveBeenCalledWith(TAB, URL_OF_PDF, 'base64', MAX_PDF_BYTES);
    expect(reader).toHaveBeenCalledWith('JVBERg==', progress);
    expect(extracted).toEqual({
      kind: 'page',
      title: 'tracemonkey.pdf',
      url: URL_OF_PDF,
      lang: 'en',
      contentType: 'application/pdf',
      byline: 'A. Gal',
      text: '## Page 1\n\nAbstract\n\n## Page 3\n\nResults',
      pages: 3,
      method: 'pdf',
    });
  });

  it('prefers the PDF’s own title', async () => {
    reader.mockResolvedValue({ pages: ['text'], title: 'Quarterly report', author: '', lang: '' });
    expect((await extractPdf(TAB, URL_OF_PDF, 'tab')).title).toBe('Quarterly report');
  });

  it('a PDF that does not download is one that failed to load', async () => {
    tabFetch.mockResolvedValue({ fetched: true, status: 404, contentType: 'text/plain', body: 'Z29uZQ==' });
    expect(await kindOf(extractPdf(TAB, URL_OF_PDF, ''))).toBe('pdf_page');
    tabFetch.mockResolvedValue({ fetched: false, error: 'Cannot access contents of url "file:///home/me/report.pdf".' });
    expect(await kindOf(extractPdf(TAB, 'file:///home/me/report.pdf', ''))).toBe('pdf_page');
    expect(reader).not.toHaveBeenCalled();
  });

  it('a PDF over the message size limit is refused by its size, before it is read', async () => {
    tabFetch.mockResolvedValue({ fetched: false, error: 'The file is too big.', tooLarge: 100 * 1024 * 1024 });
    const failure = await extractPdf(TAB, URL_OF_PDF, '').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ProblemError);
    expect((failure as ProblemError).problem).toMatchObject({ kind: 'pdf_too_large', message: `${100 * 1024 * 1024}/${MAX_PDF_BYTES}` });
    expect(tabFetch).toHaveBeenCalledWith(TAB, URL_OF_PDF, 'base64', MAX_PDF_BYTES);
    expect(reader).not.toHaveBeenCalled();
    // Its base64 must fit Chrome's 64 MiB message limit.
    expect(Math.ceil(MAX_PDF_BYTES / 3) * 4).toBeLessThan(64 * 1024 * 1024);
  });

  it('passes on the reader’s verdict: encrypted, or not a PDF it can read', async () => {
    reader.mockRejectedValue(new PdfReadError('pdf_encrypted', 'No password given'));
    expect(await kindOf(extractPdf(TAB, URL_OF_PDF, ''))).toBe('pdf_encrypted');
    reader.mockRejectedValue(new PdfReadError('pdf_page', 'Invalid PDF structure.'));
    expect(await kindOf(extractPdf(TAB, URL_OF_PDF, ''))).toBe('pdf_page');
    reader.mockRejectedValue(new Error('Message length exceeded maximum allowed length.'));
    expect(await kindOf(extractPdf(TAB, URL_OF_PDF, ''))).toBe('pdf_page');
  });

  it('a PDF with no text on any page (a scan) says so', async () => {
    reader.mockResolvedValue({ pages: ['', ''], title: '', author: '', lang: '' });
    expect(await kindOf(extractPdf(TAB, URL_OF_PDF, ''))).toBe('pdf_no_text');
  });
});

describe('fileNameOf', () => {
  it('is the last path segment, decoded', () => {
    expect(fileNameOf('https://intra.example/docs/Q3%20report.pdf?v=2')).toBe('Q3 report.pdf');
    expect(fileNameOf('https://intra.example/')).toBe('');
    expect(fileNameOf('not a url')).toBe('');
  });
});
