/**
 * Issue #4: extraction sends the article, not the page chrome. Every corpus page is served on
 * 127.0.0.1, extracted inside real Chromium exactly as the background does it (the built
 * /extract.js injected with chrome.scripting), and compared with the article Readability's own
 * test suite expects.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { corpusDir } from '../../dev/harness/paths';
import { tabIdOf } from '../../dev/harness/chromium';
import { extractionQuality } from '../../lib/extract/quality';
import { expect, test } from './support/fixtures';

const RECALL = 0.95;
const PRECISION = 0.9;

const pages = readdirSync(join(corpusDir, 'pages'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

test('the corpus has its twenty pages', () => {
  expect(pages).toHaveLength(20);
});

for (const name of pages) {
  test(`extracts the article of ${name}`, async ({ ext, site }) => {
    // The pages still point at their original sites (scripts, images, fonts): refuse those at once,
    // so the test is hermetic and a page's load does not wait on the network.
    await ext.context.route((url) => /^https?:$/.test(url.protocol) && url.hostname !== '127.0.0.1', (route) => route.abort());
    const reference = await ext.context.newPage();
    await reference.goto(site.url(`/corpus/pages/${name}/expected.html`));
    const expected = await reference.evaluate(() => document.body.textContent ?? '');
    await reference.close();

    const page = await ext.context.newPage();
    await page.goto(site.url(`/corpus/pages/${name}/source.html`));
    const tabId = await tabIdOf(ext, page.url());
    const extracted = await ext.worker.evaluate(async (id) => {
      const [injection] = await chrome.scripting.executeScript({ target: { tabId: id }, files: ['/extract.js'] });
      return injection?.result as { text: string; method: string };
    }, tabId);

    const quality = extractionQuality(extracted.text, expected);
    const figures = `${name}: recall ${quality.recall.toFixed(3)}, precision ${quality.precision.toFixed(3)} (${extracted.method}, ${quality.extractedWords} words extracted, ${quality.expectedWords} expected)`;
    test.info().annotations.push({ type: 'quality', description: figures });
    console.log(figures);
    expect(quality.recall, `recall on ${name}`).toBeGreaterThanOrEqual(RECALL);
    expect(quality.precision, `precision on ${name}`).toBeGreaterThanOrEqual(PRECISION);
  });
}
