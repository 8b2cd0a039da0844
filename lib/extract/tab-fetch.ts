/**
 * Fetches a document the way the tab showing it would: from inside the tab, as a first-party
 * request that carries all of the person's cookies for the site.
 *
 * The same fetch from the service worker does not. Under the activeTab grant alone (all this
 * extension has for most sites) Chromium 156 sends only SameSite=None cookies with it; with a
 * manifest host permission it sends them all (both measured here, with a Playwright-routed
 * origin and with the 127.0.0.1 page server). Session cookies are Lax by default, so from the
 * worker an intranet PDF or a Google Doc would come back as a sign-in page. Injection needs the
 * same grant the worker's fetch would: activeTab or a host permission.
 */
import { z } from 'zod';

export const TabFetchResult = z.discriminatedUnion('fetched', [
  /** `body` is the text, or the bytes as base64 (extension messages carry JSON, not bytes). */
  z.object({ fetched: z.literal(true), status: z.number(), contentType: z.string(), body: z.string() }),
  /** `tooLarge`: the file's size in bytes, when it is over the caller's limit and was not read. */
  z.object({ fetched: z.literal(false), error: z.string(), tooLarge: z.number().optional() }),
]);
export type TabFetchResult = z.infer<typeof TabFetchResult>;

export type BodyAs = 'text' | 'base64';

/**
 * Injected into the tab: self-contained, it runs in the page's isolated world, not in the worker.
 * `maxBytes` (null: no limit) refuses a file too big to cross an extension message, by its declared
 * length before the body is read when the server gives one, else by the bytes that came.
 */
export async function fetchFromPage(url: string, as: BodyAs, maxBytes: number | null = null): Promise<TabFetchResult> {
  const tooLarge = (bytes: number): TabFetchResult => ({ fetched: false, error: `The file is ${bytes} bytes, over the ${maxBytes} that can be read.`, tooLarge: bytes });
  try {
    const response = await fetch(url, { credentials: 'include' });
    const contentType = response.headers.get('content-type') ?? '';
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (maxBytes !== null && declared > maxBytes) {
      void response.body?.cancel();
      return tooLarge(declared);
    }
    if (as === 'text') return { fetched: true, status: response.status, contentType, body: await response.text() };
    const blob = await response.blob();
    if (maxBytes !== null && blob.size > maxBytes) return tooLarge(blob.size);
    const dataUrl = await new Promise<string>((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
      reader.readAsDataURL(blob);
    });
    return { fetched: true, status: response.status, contentType, body: dataUrl.slice(dataUrl.indexOf(',') + 1) };
  } catch (error) {
    return { fetched: false, error: error instanceof Error ? error.message : String(error) };
  }
}

export async function fetchInTab(tabId: number, url: string, as: BodyAs, maxBytes: number | null = null): Promise<TabFetchResult> {
  try {
    const [injection] = await browser.scripting.executeScript({ target: { tabId }, func: fetchFromPage, args: [url, as, maxBytes] });
    const parsed = TabFetchResult.safeParse(injection?.result);
    return parsed.success ? parsed.data : { fetched: false, error: 'The tab returned nothing readable.' };
  } catch (error) {
    return { fetched: false, error: error instanceof Error ? error.message : String(error) };
  }
}
