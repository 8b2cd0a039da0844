/**
 * Issue #4: extraction sends the article, not the page chrome. Every corpus page is served on
 * 127.0.0.1, extracted inside real Chromium exactly as the background does it (the built
 * /extract.js injected with chrome.scripting), and compared with the article Readability's own
 * test suite expects.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { corpusDir } from '../../dev/harness/paths';
import { blockRemoteRequests, expectedText, openCorpusPage } from '../../dev/harness/corpus-extraction';
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
    await blockRemoteRequests(ext.context);
    const expected = await expectedText(ext, site, name);
    const tabId = await openCorpusPage(ext, site, name);
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
