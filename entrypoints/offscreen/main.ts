/**
 * The offscreen document: reads PDFs for the background, which cannot run pdf.js itself (a
 * service worker can start no Worker and may not import code at run time). Opened and closed by
 * lib/pdf/offscreen.ts.
 */
import { getDocument, GlobalWorkerOptions } from 'pdfjs-dist';
// Bundled with the extension: pdf.js must never load its worker from a CDN (design.md, least privilege).
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { PDF_READ_PORT, type PdfReadReport, PdfReadRequest } from '@/lib/pdf/read-protocol';
import { base64ToBytes } from '@/lib/pdf/base64';
import { PdfReadError, readPdfText } from '@/lib/pdf/read';

GlobalWorkerOptions.workerSrc = workerUrl;

browser.runtime.onConnect.addListener((port) => {
  // Ports the popup opens to the worker arrive here too; they are not ours to close.
  if (port.name !== PDF_READ_PORT || port.sender?.id !== browser.runtime.id) return;
  // A disconnect means the worker stopped: nobody is left to read for.
  const reading = new AbortController();
  port.onDisconnect.addListener(() => reading.abort());
  const report = (message: PdfReadReport) => {
    if (!reading.signal.aborted) port.postMessage(message);
  };
  port.onMessage.addListener(async (message: unknown) => {
    try {
      const { base64 } = PdfReadRequest.parse(message);
      const text = await readPdfText(getDocument, base64ToBytes(base64), (done, total) => report({ type: 'progress', done, total }), reading.signal);
      report({ type: 'done', ...text });
    } catch (error) {
      report({ type: 'failed', kind: error instanceof PdfReadError ? error.kind : 'pdf_page', message: error instanceof Error ? error.message : String(error) });
    }
  });
});
