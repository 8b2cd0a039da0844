/**
 * The background has the offscreen document (entrypoints/offscreen) read a PDF over a port: one
 * request with the bytes, then a report per page read and a last one with the text or the
 * failure. A port, because a runtime message is answered once and the job records page n of N.
 * Apart from lib/messaging.ts, the rest of the protocol, so the offscreen document loads this and
 * not every schema of the extension.
 */
import { z } from 'zod';

export const PDF_READ_PORT = 'bg.pdfRead';
export const PdfReadRequest = z.object({ base64: z.string() });
export const PdfReadReport = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), done: z.number().int(), total: z.number().int() }),
  z.object({ type: z.literal('done'), pages: z.array(z.string()), title: z.string(), author: z.string(), lang: z.string() }),
  z.object({ type: z.literal('failed'), kind: z.enum(['pdf_encrypted', 'pdf_page']), message: z.string() }),
]);
export type PdfReadReport = z.infer<typeof PdfReadReport>;
