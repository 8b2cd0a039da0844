/**
 * `npm run demo`: the whole thing on one machine, no account needed. Starts the gateway
 * simulator with a demo key, builds the extension, opens Chromium with it loaded and already
 * connected, on a real article, with the popup beside it.
 * `npm run demo -- --headless`: the same without a display; it summarizes the page, saves
 * screenshots, and prints the summary and the budget before and after.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startGateway } from './gateway/server';
import { type ExtensionBrowser, launchWithExtension, tabIdOf } from './harness/chromium';
import { isRoot, managedConfig, POLICY_APPLIED, policyFile, type PolicyFile } from './harness/policy-file';
import { repoRoot } from './harness/paths';
import { startStaticServer } from './harness/static-server';

const DEMO_KEY = 'sk-demo-5usd';
const { values: args } = parseArgs({
  options: {
    headless: { type: 'boolean', default: false },
    page: { type: 'string', default: '/corpus/ja/litellm-poc-blog.html' },
    out: { type: 'string', default: 'demo-out' },
    port: { type: 'string', default: '4000' },
  },
});

/** Without a CJK font, Chromium draws Japanese as empty boxes: the demo's article and screenshots would be unreadable. */
function hasJapaneseFont(): boolean {
  try {
    return execFileSync('fc-list', [':lang=ja', 'family'], { encoding: 'utf8' }).trim() !== '';
  } catch {
    return false;
  }
}

/**
 * The example actions (docs/example-actions.json) as IT would push them: a real policy file when
 * this runs as root (removed on exit), otherwise as the person's own actions.
 */
async function applyDemoPolicy(ext: ExtensionBrowser): Promise<PolicyFile | null> {
  const actions = JSON.parse(readFileSync(resolve(repoRoot, 'docs/example-actions.json'), 'utf8')) as Record<string, unknown>[];
  if (!isRoot) {
    await ext.worker.evaluate((list) => chrome.storage.local.set({ personalActions: list }), actions);
    console.log('Not root: the example actions are added as your own actions (as root they come by policy).');
    return null;
  }
  const file = policyFile();
  file.write(managedConfig(ext.extensionId, { actions, adminContact: 'it-help@example.com (demo)' }));
  // Chromium rereads its policy folder a few seconds after a change (chromium.md): wait for it, so the popup shows them.
  const deadline = Date.now() + POLICY_APPLIED.timeout;
  while (Date.now() < deadline && !(await ext.worker.evaluate(async () => Array.isArray((await chrome.storage.managed.get('actions')).actions)))) {
    await new Promise((r) => setTimeout(r, 250));
  }
  console.log('Example actions set by policy (removed on exit): see chrome://policy.');
  return file;
}

async function main(): Promise<void> {
  const headless = args.headless || !process.env.DISPLAY;
  if (!args.headless && headless) console.log('No display found: running headless (pass --headless to silence this).');
  if (!hasJapaneseFont()) {
    console.warn('Warning: no Japanese font is installed, so Japanese text shows as empty boxes. Install one: apt-get install -y fonts-noto-cjk');
  }

  console.log('Building the extension…');
  execFileSync('npx', ['wxt', 'build'], { cwd: repoRoot, stdio: 'ignore' });

  const gateway = await startGateway({ port: Number(args.port), keys: resolve(repoRoot, 'dev/gateway/keys.example.json') }).catch(() => startGateway({ port: 0 }));
  const site = await startStaticServer();
  // With a display, the person may browse on from the article: the browser reaches the internet.
  const ext = await launchWithExtension({ headless, remoteHosts: !headless });
  const policy = await applyDemoPolicy(ext);
  const shutdown = async () => {
    await ext.close().catch(() => undefined);
    policy?.remove();
    await site.close();
    await gateway.close();
  };
  process.once('SIGINT', () => void shutdown().then(() => process.exit(0)));

  await ext.worker.evaluate(
    async ({ url, key }) => chrome.storage.local.set({ gatewayKey: key, settings: { gatewayUrl: url } }),
    { url: gateway.url, key: DEMO_KEY },
  );
  const page = await ext.context.newPage();
  await page.goto(site.url(args.page));
  const tabId = await tabIdOf(ext, page.url());
  const popup = await ext.context.newPage();
  await popup.setViewportSize({ width: 440, height: 640 });
  await popup.goto(`chrome-extension://${ext.extensionId}/popup.html?tabId=${tabId}`);

  console.log(`Gateway simulator: ${gateway.url}  (demo key ${DEMO_KEY})`);
  console.log(`Article:           ${page.url()}`);

  if (!headless) {
    console.log('Chromium is open with the extension connected. Press Ctrl-C to stop.');
    return;
  }

  const out = resolve(repoRoot, args.out);
  mkdirSync(out, { recursive: true });
  const budget = popup.getByTestId('budget-left');
  await budget.waitFor();
  await popup.waitForFunction(() => !document.querySelector('[data-testid=budget]')?.getAttribute('aria-busy') && !document.querySelector('.spinner'));
  const before = await budget.innerText();
  await popup.screenshot({ path: resolve(out, 'popup-before.png') });
  await popup.getByTestId('summarize-page').click();
  await popup.locator('[data-testid=job][data-status=done], [data-testid=job][data-status=error]').waitFor({ timeout: 60_000 });
  await popup.screenshot({ path: resolve(out, 'popup-summary.png'), fullPage: true });
  const after = await budget.innerText();
  const answer = (await popup.getByTestId('answer').count()) ? await popup.getByTestId('answer').innerText() : await popup.getByTestId('problem').innerText();
  const cost = (await popup.getByTestId('answer-cost').count()) ? await popup.getByTestId('answer-cost').innerText() : '';

  console.log(`\nBudget before: ${before}\n\n${answer}\n\n${cost}\nBudget after:  ${after}`);
  console.log(`Screenshots:   ${out}/popup-before.png, ${out}/popup-summary.png`);
  await shutdown();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
