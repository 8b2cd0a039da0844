/**
 * `npm run package:crx -- --key path/to/key.pem [--base-url https://host/path] [--out-dir dist]`
 *
 * Builds the extension with the manifest `key` matching the private key (so its ID is fixed),
 * has Chromium pack and sign it as CRX3 (the browser's own packer, chromium.md), checks the
 * result as Chrome will, and writes the update manifest for self-hosting (docs/admin.md).
 * The key may also come from EXTENSION_SIGNING_KEY; it is never copied into the output.
 */
import { spawnSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'wxt';
import { repoRoot } from '../harness/paths';
import { readCrx3 } from './crx3';
import { extensionIdFromPublicKey, publicKeyDer } from './extension-id';
import { updateManifestXml } from './update-manifest';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const { values: args } = parseArgs({
  options: { key: { type: 'string' }, 'base-url': { type: 'string' }, 'out-dir': { type: 'string', default: 'dist' } },
});
const keyFile = args.key ?? process.env.EXTENSION_SIGNING_KEY;
if (!keyFile) {
  console.error('Give the signing key: --key path/to/key.pem or EXTENSION_SIGNING_KEY (make one: openssl genrsa -out key.pem 2048).');
  process.exit(2);
}
const baseUrl = args['base-url']?.replace(/\/+$/, '');
const outDir = resolve(args['out-dir']);

const privateKey = createPrivateKey(readFileSync(keyFile));
const publicKey = publicKeyDer(privateKey);
const id = extensionIdFromPublicKey(publicKey);

// wxt.config.ts reads these (manifest `key` and `update_url`); the update URL is only ever the
// one whose XML this run writes.
process.env.EXTENSION_PUBLIC_KEY = publicKey.toString('base64');
if (baseUrl) process.env.EXTENSION_UPDATE_URL = `${baseUrl}/updates.xml`;
else delete process.env.EXTENSION_UPDATE_URL;
mkdirSync(outDir, { recursive: true });
await build({ root: repoRoot, outDir });

const unpackedDir = join(outDir, 'chrome-mv3');
const manifest = JSON.parse(readFileSync(join(unpackedDir, 'manifest.json'), 'utf8')) as { key?: string; version: string };
if (manifest.key !== process.env.EXTENSION_PUBLIC_KEY) throw new Error('the built manifest does not carry the signing key; is wxt.config.ts reading EXTENSION_PUBLIC_KEY?');

// Chromium only reads PKCS#8 PEM; `openssl genrsa` of OpenSSL 1.x writes PKCS#1. The copy lives
// in a private temp dir for the second it takes to pack.
const scratch = mkdtempSync(join(tmpdir(), 'ga-pack-'));
const crxName = `gateway-assistant-${manifest.version}.crx`;
const crxPath = join(outDir, crxName);
try {
  const pkcs8 = join(scratch, 'key.pem');
  writeFileSync(pkcs8, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  rmSync(`${unpackedDir}.crx`, { force: true });
  // Its own profile, so the command is not handed to a Chromium already running with the default one.
  const packed = spawnSync(CHROMIUM, ['--no-sandbox', `--user-data-dir=${join(scratch, 'profile')}`, `--pack-extension=${unpackedDir}`, `--pack-extension-key=${pkcs8}`], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (packed.status !== 0) throw new Error(`Chromium could not pack the extension (exit ${packed.status}):\n${packed.stderr}`);
  renameSync(`${unpackedDir}.crx`, crxPath);
  // Chromium writes it owner-only; it is meant to be served.
  chmodSync(crxPath, 0o644);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const crx = readCrx3(readFileSync(crxPath));
if (!crx.signaturesValid || crx.declaredId !== id || !crx.signerIds.includes(id)) {
  throw new Error(`${crxName} is not signed for ${id} (declares ${crx.declaredId}, signed by ${crx.signerIds.join(', ')})`);
}

console.log(`\nExtension ID: ${id}`);
console.log(`Version:      ${manifest.version}`);
console.log(`CRX:          ${crxPath}`);
if (baseUrl) {
  writeFileSync(join(outDir, 'updates.xml'), updateManifestXml({ id, version: manifest.version, codebase: `${baseUrl}/${crxName}` }));
  console.log(`Update XML:   ${join(outDir, 'updates.xml')}`);
  console.log(`\nHost both at ${baseUrl}/ and force-install with ExtensionInstallForcelist: "${id};${baseUrl}/updates.xml"`);
} else {
  // One left from an earlier run would offer the previous version.
  rmSync(join(outDir, 'updates.xml'), { force: true });
  console.log('\nNo --base-url: no update manifest written (it needs the address the CRX will be served from).');
}
