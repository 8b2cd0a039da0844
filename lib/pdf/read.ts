/**
 * Reads a PDF's text page by page with pdf.js. It takes pdf.js's `getDocument` as an argument so
 * the same code runs in the offscreen document (modern build, real worker) and in Node for the
 * unit tests and the benchmark (legacy build).
 */
import type { getDocument } from 'pdfjs-dist';
import { pageText, type TextRun } from './text';

export interface PdfText {
  /** One entry per page of the PDF, '' for a page without text. */
  pages: string[];
  title: string;
  author: string;
  /** The catalog's /Lang, '' when the PDF does not say. */
  lang: string;
}

export type PdfFailureKind = 'pdf_encrypted' | 'pdf_page';

export class PdfReadError extends Error {
  constructor(
    readonly kind: PdfFailureKind,
    message: string,
  ) {
    super(message);
    this.name = 'PdfReadError';
  }
}

/**
 * pdf.js rejects with a `PasswordException` (rebuilt by name on this side of its worker, and not
 * exported as a class) when a password is needed and none was given; every other failure means
 * the bytes are not a PDF it can read.
 */
export function failureKind(error: unknown): PdfFailureKind {
  return error instanceof Error && error.name === 'PasswordException' ? 'pdf_encrypted' : 'pdf_page';
}

const infoString = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

export async function readPdfText(open: typeof getDocument, data: Uint8Array, onPage: (done: number, total: number) => void, signal?: AbortSignal): Promise<PdfText> {
  // isEvalSupported: the extension's CSP forbids eval, so pdf.js should not even try.
  // verbosity 0 (errors only): without standard font data pdf.js warns on every page, and
  // text extraction does not need it (it only draws glyphs).
  const task = open({ data, isEvalSupported: false, verbosity: 0 });
  const cancel = () => void task.destroy();
  signal?.addEventListener('abort', cancel);
  try {
    const pdf = await task.promise;
    const { info } = await pdf.getMetadata();
    const fields = (info ?? {}) as Record<string, unknown>;
    const pages: string[] = [];
    for (let number = 1; number <= pdf.numPages; number++) {
      const page = await pdf.getPage(number);
      const content = await page.getTextContent();
      pages.push(pageText(content.items as TextRun[]));
      page.cleanup();
      onPage(number, pdf.numPages);
    }
    return { pages, title: infoString(fields.Title), author: infoString(fields.Author), lang: infoString(fields.Language) };
  } catch (error) {
    throw new PdfReadError(failureKind(error), error instanceof Error ? error.message : String(error));
  } finally {
    signal?.removeEventListener('abort', cancel);
    await task.destroy();
  }
}
