import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extensionIdFromPublicKey, manifestKeyFromEnv, publicKeyDer } from './extension-id';

/** A public key and the ID Chromium 156 gave it when loaded unpacked with this manifest `key` (observed here). */
const OBSERVED = {
  key: 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAws02qhfUhgD1rxAEB9QhRVkxeTpT7HWyGg6JlRJ6Qg+pXd6K7F3wLsKGCKMd4A+ltGeX8O/0KF6vtzfxYmMmw7VDFcu7nETxPRh57k6vH2Av9LB9hzYsqV8iqWsUBpyVv8kUYUvwF34Zf69BtNXrFnaZxkSnMFNRF0P3U7A3LTMRkLlLtBibZfs7M/Zz8tNdqG/PU3UTYBCVW5GsPZmW/wgqpbYmrXvw+dWSkHtqgQg3cY2h6MaEdw8IiZ6qz6dbswPTFID6spIUiqp5HiTSNe6JUWddWpVgz0rdwG57LHPgPmh/9JoaL6GP9wk2SJXI6hhTzgAqRDDmqqRPrGnOewIDAQAB',
  id: 'bnlaboihijdbgjkobjmddnalnoagigll',
};

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

describe('extension ID', () => {
  it('is the ID Chromium derives from the same key', () => {
    expect(extensionIdFromPublicKey(Buffer.from(OBSERVED.key, 'base64'))).toBe(OBSERVED.id);
  });

  it('is 32 letters a-p, the same from the public key, the private key or their DER', () => {
    const id = extensionIdFromPublicKey(publicKeyDer(publicPem));
    expect(id).toMatch(/^[a-p]{32}$/);
    expect(extensionIdFromPublicKey(publicKeyDer(privatePem))).toBe(id);
    expect(extensionIdFromPublicKey(publicKeyDer(publicKey))).toBe(id);
    expect(extensionIdFromPublicKey(publicKey.export({ type: 'spki', format: 'der' }))).toBe(id);
  });

  it('differs between keys', () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    expect(extensionIdFromPublicKey(publicKeyDer(other))).not.toBe(extensionIdFromPublicKey(publicKeyDer(publicKey)));
  });
});

describe('manifest key from the environment', () => {
  const der = publicKeyDer(publicKey).toString('base64');

  it('is absent when nothing is set, so development builds keep a path-derived ID', () => {
    expect(manifestKeyFromEnv({})).toBeUndefined();
  });

  it('takes EXTENSION_PUBLIC_KEY as base64 DER', () => {
    expect(manifestKeyFromEnv({ EXTENSION_PUBLIC_KEY: der })).toBe(der);
  });

  it('takes EXTENSION_KEY_FILE as a public .pem, or only the public half of a private one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ga-key-'));
    try {
      writeFileSync(join(dir, 'public.pem'), publicPem);
      writeFileSync(join(dir, 'private.pem'), privatePem);
      expect(manifestKeyFromEnv({ EXTENSION_KEY_FILE: join(dir, 'public.pem') })).toBe(der);
      expect(manifestKeyFromEnv({ EXTENSION_KEY_FILE: join(dir, 'private.pem') })).toBe(der);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails the build on a value that is not a public key, rather than shipping an unloadable manifest', () => {
    expect(() => manifestKeyFromEnv({ EXTENSION_PUBLIC_KEY: 'bm90IGEga2V5' })).toThrow();
  });
});
