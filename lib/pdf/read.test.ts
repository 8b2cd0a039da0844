/** The reader with the real pdf.js (legacy build, which runs in Node) on real and hand-made PDFs. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { imageOnlyPdf, textPdf } from '../../dev/harness/make-pdf';
import { corpusDir } from '../../dev/harness/paths';
import { failureKind, PdfReadError, readPdfText } from './read';

const read = (data: Buffer, onPage: (done: number, total: number) => void = () => undefined) => readPdfText(getDocument, new Uint8Array(data), onPage);

describe('readPdfText', () => {
  it('reads every page of the corpus paper, reporting each page as it goes', async () => {
    const progress: [number, number][] = [];
    const pdf = await read(readFileSync(join(corpusDir, 'pdf/tracemonkey.pdf')), (done, total) => progress.push([done, total]));
    expect(pdf.pages).toHaveLength(14);
    expect(pdf.pages[0]).toContain('Trace-based Just-in-Time Type Specialization');
    expect(pdf.pages.join('\n')).toContain('TraceMonkey');
    expect(progress).toEqual(Array.from({ length: 14 }, (_, i) => [i + 1, 14]));
  });

  it('takes the title from the PDF’s metadata', async () => {
    const pdf = await read(readFileSync(join(corpusDir, 'pdf/TAMReview.pdf')));
    expect(pdf.title).toBe('Overview of the Technology Acceptance Model: Origins, Developments and Future Directions');
  });

  it('gives each page its own text, in order', async () => {
    const pdf = await read(textPdf([['Alpha line one', 'Alpha line two'], ['Beta (in brackets)']]));
    expect(pdf.pages).toEqual(['Alpha line one\nAlpha line two', 'Beta (in brackets)']);
  });

  it('says a password-protected PDF is encrypted', async () => {
    const error = await read(textPdf([['Quarterly figures']], 'secret')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PdfReadError);
    expect((error as PdfReadError).kind).toBe('pdf_encrypted');
  });

  it('the encrypted test PDF is a real one: its password opens it', async () => {
    const pdf = await getDocument({ data: new Uint8Array(textPdf([['Quarterly figures']], 'secret')), password: 'secret', verbosity: 0 }).promise;
    const content = await (await pdf.getPage(1)).getTextContent();
    expect(content.items.map((item) => ('str' in item ? item.str : '')).join('')).toBe('Quarterly figures');
    await pdf.destroy();
  });

  it('finds no text on a scanned (image-only) page, without failing', async () => {
    const pdf = await read(imageOnlyPdf());
    expect(pdf.pages).toEqual(['']);
  });

  it('says bytes that are not a PDF cannot be read', async () => {
    const error = await read(Buffer.from('<html>Sign in to continue</html>')).catch((e: unknown) => e);
    expect((error as PdfReadError).kind).toBe('pdf_page');
  });
});

describe('failureKind', () => {
  it('tells a password prompt from any other failure', () => {
    expect(failureKind(Object.assign(new Error('No password given'), { name: 'PasswordException' }))).toBe('pdf_encrypted');
    expect(failureKind(Object.assign(new Error('Invalid PDF structure.'), { name: 'InvalidPDFException' }))).toBe('pdf_page');
    expect(failureKind('boom')).toBe('pdf_page');
  });
});
