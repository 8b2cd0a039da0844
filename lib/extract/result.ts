/** What extraction hands the background: the article as Markdown-ish text plus its metadata. */
import { z } from 'zod';

export const Extracted = z.object({
  kind: z.enum(['page', 'selection', 'summary', 'conversation']),
  title: z.string(),
  url: z.string(),
  /** BCP 47 tag from the page (`<html lang>`), or '' when the page does not say. */
  lang: z.string(),
  /** `document.contentType`: a PDF in Chrome's viewer shows up as application/pdf. */
  contentType: z.string(),
  byline: z.string().nullable(),
  text: z.string(),
  /** Pages read, for a PDF. */
  pages: z.number().nullable().optional(),
  /** Which route found the text, for the benchmark and for debugging poor extractions. */
  method: z.enum(['selection', 'readability', 'main', 'body', 'pdf', 'google-docs']),
});
export type Extracted = z.infer<typeof Extracted>;

export function wordCount(text: string): number {
  // CJK text has no spaces: count each ideograph/kana as a word so counts stay comparable.
  const cjk = text.match(/[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]/g)?.length ?? 0;
  const latin = text.replace(/[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]/g, ' ').match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
  return cjk + latin;
}
