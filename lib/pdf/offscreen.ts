/**
 * The background's side of the PDF reader: opens the offscreen document when a PDF is to be
 * read, talks to it over a port, and closes it when no read is left.
 *
 * Closed when idle rather than kept: PDFs are read now and then, while an open document keeps
 * pdf.js and its worker in memory for as long as the browser runs (Chrome closes an idle audio
 * document by itself, not a WORKERS one). Opening it again took about 50 ms here, next to about
 * 600 ms to read the corpus's biggest PDF and seconds for the model's answer (`npm run bench -- pdf`).
 */
import { PDF_READ_PORT, PdfReadReport } from './read-protocol';
import { type PdfText, PdfReadError } from './read';

const OFFSCREEN_PATH = '/offscreen.html';

let reads = 0;
/** Opening and closing happen one after another: Chrome allows a single offscreen document. */
let lifecycle: Promise<void> = Promise.resolve();

function serially(step: () => Promise<void>): Promise<void> {
  const next = lifecycle.then(step);
  lifecycle = next.catch(() => undefined);
  return next;
}

// Checked rather than remembered: the document outlives a worker that Chrome stopped.
async function readerIsOpen(): Promise<boolean> {
  const contexts = await browser.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'], documentUrls: [browser.runtime.getURL(OFFSCREEN_PATH)] });
  return contexts.length > 0;
}

async function openReader(): Promise<void> {
  if (await readerIsOpen()) return;
  await browser.offscreen.createDocument({
    url: OFFSCREEN_PATH,
    reasons: ['WORKERS'],
    justification: 'Reads the text of a PDF with pdf.js, which parses in a web worker.',
  });
}

async function closeReaderIfIdle(): Promise<void> {
  if (reads === 0 && (await readerIsOpen())) await browser.offscreen.closeDocument();
}

function readOverPort(base64: string, onProgress: (done: number, total: number) => void): Promise<PdfText> {
  return new Promise((resolve, reject) => {
    const port = browser.runtime.connect({ name: PDF_READ_PORT });
    port.onDisconnect.addListener(() => reject(new PdfReadError('pdf_page', 'The PDF reader stopped before it finished.')));
    port.onMessage.addListener((message: unknown) => {
      const parsed = PdfReadReport.safeParse(message);
      const report = parsed.success ? parsed.data : ({ type: 'failed', kind: 'pdf_page', message: 'The PDF reader answered something unexpected.' } as const);
      if (report.type === 'progress') return onProgress(report.done, report.total);
      port.disconnect();
      if (report.type === 'done') resolve(report);
      else reject(new PdfReadError(report.kind, report.message));
    });
    // Over about 48 MB of PDF (64 MiB of base64) this throws "Message exceeded maximum allowed size
    // of 64MiB" (seen here); extract.ts refuses such a PDF by its size before it gets here.
    port.postMessage({ base64 });
  });
}

/** The text of the PDF whose bytes `base64` holds, page by page; `onProgress` after each page. */
export async function readInOffscreen(base64: string, onProgress: (done: number, total: number) => void): Promise<PdfText> {
  reads++;
  try {
    await serially(openReader);
    return await readOverPort(base64, onProgress);
  } finally {
    reads--;
    void serially(closeReaderIfIdle);
  }
}
