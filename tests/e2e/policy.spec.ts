/**
 * Issue #7, proof: enterprise policy in real Chromium. A throwaway key gives the build a fixed ID,
 * so a real policy file in /etc/chromium/policies/managed (chromium.md) can address it; then the
 * packaged CRX is force-installed from an update server on 127.0.0.1.
 */
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchWithExtension, tabIdOf, type ExtensionBrowser, type LaunchOptions } from '../../dev/harness/chromium';
import { repoRoot } from '../../dev/harness/paths';
import { readCrx3 } from '../../dev/package/crx3';
import { extensionIdFromPublicKey, publicKeyDer } from '../../dev/package/extension-id';
import type { Policy } from '../../lib/settings/schema';
import { Options } from './pages/options';
import { Popup } from './pages/popup';
import { DEMO_KEY, expect, test as base } from './support/fixtures';
import { seed } from './support/state';
import { isRoot, managedConfig, NOT_ROOT, POLICY_APPLIED, policyFile, type PolicyFile, removeOrphanedPolicyFiles } from '../../dev/harness/policy-file';


interface Packaged {
  id: string;
  version: string;
  unpackedDir: string;
  crxName: string;
  distDir: string;
}

let work: string;
let packaged: Packaged;
let updateServer: { url: string; requests: string[]; server: Server };

/** Serves the update manifest and the CRX, and records what Chromium asked for. */
async function serveUpdates(dir: string): Promise<typeof updateServer> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    requests.push(req.url ?? '');
    const type = path === '/updates.xml' ? 'text/xml' : path.endsWith('.crx') ? 'application/x-chrome-extension' : null;
    if (!type || path.includes('..')) return void res.writeHead(404).end();
    try {
      res.writeHead(200, { 'content-type': type }).end(readFileSync(join(dir, path)));
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, server };
}

/** `npm run package:crx` as an admin runs it, into a temp folder so .output/chrome-mv3 stays as the other specs expect. */
async function packageCrx(keyFile: string, baseUrl: string, outDir: string): Promise<string> {
  const child = spawn('npx', ['tsx', 'dev/package/crx.ts', '--key', keyFile, '--base-url', baseUrl, '--out-dir', outDir], { cwd: repoRoot });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`package:crx failed (${code}):\n${output}`);
  return output;
}

// Fixtures, not try/finally in the test: Playwright runs their teardown even when a test times out,
// so neither the policy file nor a Chromium outlives a failed run. Teardown runs in reverse order:
// the browsers close before the policy goes.
const test = base.extend<{ policyFile: PolicyFile; launch: (options: LaunchOptions) => Promise<ExtensionBrowser> }>({
  policyFile: async ({}, use) => {
    const file = policyFile();
    try {
      await use(file);
    } finally {
      file.remove();
    }
  },
  launch: async ({}, use) => {
    const launched: ExtensionBrowser[] = [];
    try {
      await use(async (options) => {
        const ext = await launchWithExtension(options);
        launched.push(ext);
        return ext;
      });
    } finally {
      await Promise.all(launched.map((ext) => ext.close()));
    }
  },
});

test.beforeAll(async () => {
  test.setTimeout(120_000);
  if (isRoot) removeOrphanedPolicyFiles();
  work = mkdtempSync(join(tmpdir(), 'ga-policy-'));
  const keyFile = join(work, 'key.pem');
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  const distDir = join(work, 'dist');
  updateServer = await serveUpdates(distDir);
  const output = await packageCrx(keyFile, updateServer.url, distDir);

  const id = /Extension ID: ([a-p]{32})/.exec(output)?.[1];
  expect(id, output).toBe(extensionIdFromPublicKey(publicKeyDer(privateKey)));
  const manifest = JSON.parse(readFileSync(join(distDir, 'chrome-mv3/manifest.json'), 'utf8')) as { version: string };
  packaged = { id: id!, version: manifest.version, unpackedDir: join(distDir, 'chrome-mv3'), crxName: `gateway-assistant-${manifest.version}.crx`, distDir };
});

test.afterAll(async () => {
  if (updateServer) await new Promise((resolve) => updateServer.server.close(resolve));
  if (work) rmSync(work, { recursive: true, force: true });
});

test('the CRX is signed for the printed ID and the update manifest names it, its version and where it is served', () => {
  const crx = readCrx3(readFileSync(join(packaged.distDir, packaged.crxName)));
  expect(crx.archive.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
  expect(crx.version).toBe(3);
  expect(crx.declaredId).toBe(packaged.id);
  expect(crx.signerIds).toEqual([packaged.id]);
  expect(crx.signaturesValid).toBe(true);

  const xml = readFileSync(join(packaged.distDir, 'updates.xml'), 'utf8');
  expect(xml).toContain(`appid='${packaged.id}'`);
  expect(xml).toContain(`codebase='${updateServer.url}/${packaged.crxName}'`);
  expect(xml).toContain(`version='${packaged.version}'`);
  // Without update_url in the manifest, a self-hosted install would look for updates in the Web Store.
  const manifest = JSON.parse(readFileSync(join(packaged.unpackedDir, 'manifest.json'), 'utf8')) as { update_url?: string };
  expect(manifest.update_url).toBe(`${updateServer.url}/updates.xml`);
});

test('policy sets the gateway and language (locked), narrows the models, tags requests, and changes apply live', async ({ policyFile: policy, launch, gateway, site }) => {
  test.skip(!isRoot, NOT_ROOT);
  test.setTimeout(120_000);
  await gateway.control.reset();
  const tags = ['department:platform', 'product:e2e-policy'];
  const admin: Policy = { gatewayUrl: gateway.url, adminContact: 'it-help@example.com', extraTags: tags };
  policy.write(managedConfig(packaged.id, { ...admin, allowedModels: ['sim-fast'], summaryLanguage: 'ja' }));
  const ext = await launch({ extension: packaged.unpackedDir });
  expect(ext.extensionId).toBe(packaged.id);
  // The person's own choices, which the policy outranks while it sets the same fields.
  await seed(ext, { key: DEMO_KEY, settings: { gatewayUrl: 'http://127.0.0.1:9/', summaryLanguage: 'en' } });

  const options = await Options.open(ext);
  const url = options.gatewayUrl();
  await expect(url).toHaveValue(gateway.url, POLICY_APPLIED);
  await expect(url).toBeDisabled();
  await expect(options.lockedNote(url)).toHaveText(/Set by your organization/);
  const language = options.setting('summaryLanguage');
  await expect(language).toHaveValue('ja');
  await expect(language).toBeDisabled();
  await expect(options.lockedNote(language)).toHaveText(/Set by your organization/);
  await expect(options.setting('summaryLength')).toBeEnabled();

  // The demo key may use every model; the policy allows one.
  const keyModels = (await (await fetch(`${gateway.url}/v1/models`, { headers: { authorization: `Bearer ${DEMO_KEY}` } })).json()) as { data: { id: string }[] };
  expect(keyModels.data.map((m) => m.id)).toEqual(expect.arrayContaining(['sim-fast', 'sim-cache']));
  const article = await ext.context.newPage();
  await article.goto(site.url('/corpus/pages/ars-1/source.html'));
  const popup = await Popup.open(ext, await tabIdOf(ext, article.url()));
  const offered = popup.model().locator('option');
  await expect(offered).toHaveText(['sim-fast']);
  // The locked summary language says why, and whom to ask, with a drawn lock (no emoji font needed).
  const locked = popup.page.getByTestId('locked');
  await expect(locked).toHaveText('Set by your organization. To change it, contact it-help@example.com.');
  await expect(locked.locator('svg[data-icon="lock"]')).toBeVisible();

  await popup.summarize();
  await expect(popup.job()).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
  const call = (await gateway.control.log()).filter((entry) => entry.path.endsWith('/chat/completions')).at(-1);
  expect(call?.model).toBe('sim-fast');
  expect(call?.tags).toEqual(expect.arrayContaining(['gateway-assistant:summarize', ...tags]));

  // The admin swaps the allowed model and stops imposing the language; the open pages follow, no restart.
  policy.write(managedConfig(packaged.id, { ...admin, allowedModels: ['sim-cache'] }));
  await expect(offered).toHaveText(['sim-cache'], POLICY_APPLIED);
  await expect(language).toBeEnabled(POLICY_APPLIED);
  await expect(language).toHaveValue('en');
  await expect(url).toBeDisabled();
});

test('the packaged CRX force-installs from a 127.0.0.1 update server and runs with its managed configuration', async ({ policyFile: policy, launch, gateway }) => {
  test.skip(!isRoot, NOT_ROOT);
  test.setTimeout(90_000);
  policy.write({
    ExtensionInstallForcelist: [`${packaged.id};${updateServer.url}/updates.xml`],
    // Without it Chromium hides a force-installed extension from DevTools, so from Playwright (chromium.md).
    DeveloperToolsAvailability: 1,
    ...managedConfig(packaged.id, { gatewayUrl: gateway.url, allowedModels: ['sim-fast'] }),
  });
  updateServer.requests.length = 0;
  const ext = await launch({ extension: 'policy' });
  expect(ext.extensionId).toBe(packaged.id);
  expect(updateServer.requests).toEqual(expect.arrayContaining([expect.stringMatching(/^\/updates\.xml\?.*installedby%3Dpolicy/), `/${packaged.crxName}`]));
  const self = await ext.worker.evaluate(() => chrome.management.getSelf());
  expect(self).toMatchObject({ installType: 'admin', version: packaged.version });

  const options = await Options.open(ext);
  const url = options.gatewayUrl();
  await expect(url).toHaveValue(gateway.url, POLICY_APPLIED);
  await expect(url).toBeDisabled();
  await expect(options.lockedNote(url)).toHaveText(/Set by your organization/);
});
