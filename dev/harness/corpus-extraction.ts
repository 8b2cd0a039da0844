/**
 * Running the extension's extractor on a corpus page in real Chromium, as the extension does,
 * and the reference text to compare it with: shared by the extraction test and its benchmark.
 */
import { tabIdOf, type ExtensionBrowser } from './chromium';
import type { StaticServer } from './static-server';

export async function expectedText(ext: ExtensionBrowser, site: StaticServer, name: string): Promise<string> {
  const reference = await ext.context.newPage();
  await reference.goto(site.url(`/corpus/pages/${name}/expected.html`));
  const text = await reference.evaluate(() => document.body.textContent ?? '');
  await reference.close();
  return text;
}

/** Opens the page and returns its tab, ready for `extractIn`. */
export async function openCorpusPage(ext: ExtensionBrowser, site: StaticServer, name: string): Promise<number> {
  const page = await ext.context.newPage();
  await page.goto(site.url(`/corpus/pages/${name}/source.html`));
  return tabIdOf(ext, page.url());
}
