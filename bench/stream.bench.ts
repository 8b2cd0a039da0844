/**
 * Issue #17 figure: `storage.session` bytes written while one long answer streams into the popup,
 * counted in the browser by a storage.onChanged listener, against the answer's own size (target ≤ 3×).
 */
import { startGateway } from '../dev/gateway/server';
import { simControl } from '../dev/gateway/control';
import { launchWithExtension, tabIdOf } from '../dev/harness/chromium';
import { startStaticServer } from '../dev/harness/static-server';

const RUNS = 5;
/** About 20,000 tokens of Markdown: paragraphs and lists, as a long answer has. */
const ANSWER = Array.from({ length: 700 }, (_, i) => `## Part ${i + 1}\n\nThe gateway answered this part with a paragraph of ordinary words about the page.\n\n- one point\n- another point\n`).join('\n');

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const gateway = await startGateway({ port: 0, batchWriteS: 0 });
  const control = simControl(gateway.url);
  const site = await startStaticServer();
  const ext = await launchWithExtension();
  try {
    await ext.worker.evaluate(async (url) => chrome.storage.local.set({ gatewayKey: 'sk-demo-5usd', settings: { gatewayUrl: url } }), gateway.url);
    const article = await ext.context.newPage();
    await article.goto(site.url('/corpus/pages/v8-blog/source.html'));
    const tabId = await tabIdOf(ext, article.url());
    const popup = await ext.context.newPage();
    await popup.goto(`chrome-extension://${ext.extensionId}/popup.html?tabId=${tabId}`);
    await popup.locator('[data-testid=summarize-page]:not([disabled])').waitFor();
    const ratios: number[] = [];
    const written: number[] = [];
    let answerBytes = 0;
    for (let i = 0; i < RUNS; i++) {
      await control.faults({ nextContent: ANSWER });
      await popup.evaluate(() => {
        const counter = { bytes: 0, writes: 0 };
        (globalThis as { benchWrites?: typeof counter }).benchWrites = counter;
        chrome.storage.session.onChanged.addListener((changes) => {
          for (const change of Object.values(changes)) {
            counter.bytes += JSON.stringify(change.newValue ?? null).length;
            counter.writes++;
          }
        });
      });
      await popup.getByTestId('summarize-page').click();
      await popup.locator('[data-testid=job][data-status=done]').waitFor({ timeout: 120_000 });
      const { bytes, writes, answer } = await popup.evaluate(async () => {
        const counter = (globalThis as { benchWrites?: { bytes: number; writes: number } }).benchWrites!;
        return { ...counter, answer: document.querySelector('[data-testid=answer]')?.textContent?.length ?? 0 };
      });
      answerBytes = JSON.stringify(ANSWER).length;
      written.push(bytes);
      ratios.push(bytes / answerBytes);
      console.log(`  run ${i + 1}: ${(bytes / 1e6).toFixed(2)} MB in ${writes} writes (answer shown: ${answer} chars)`);
      await popup.reload();
      await popup.locator('[data-testid=summarize-page]:not([disabled])').waitFor();
    }
    console.log(`storage.session bytes for one ~20,000-token answer (${(answerBytes / 1024).toFixed(0)} KB): median ${(median(written) / 1e6).toFixed(2)} MB, ${median(ratios).toFixed(2)}× the answer (min ${Math.min(...ratios).toFixed(2)}×, max ${Math.max(...ratios).toFixed(2)}×, n=${RUNS}); target ≤ 3×`);
  } finally {
    await ext.close();
    await site.close();
    await gateway.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
