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
  /**
   * Where the page keeps content the script cannot read: a frameset's frames, or iframes (sandboxed
   * or from another origin, which the top frame's script does not enter). Tells an empty page apart
   * from one whose text lives in frames, so the person is told to open the frame itself.
   */
  frames: z.enum(['frameset', 'iframe']).nullable().optional(),
});
export type Extracted = z.infer<typeof Extracted>;

export function wordCount(text: string): number {
  // CJK text has no spaces: count each ideograph/kana as a word so counts stay comparable.
  const cjk = text.match(/[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]/g)?.length ?? 0;
  const latin = text.replace(/[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]/g, ' ').match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
  return cjk + latin;
}
