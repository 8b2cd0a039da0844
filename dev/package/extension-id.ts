/**
 * The extension ID Chrome derives from a manifest `key` (chromium.md): SHA-256 of the DER
 * SubjectPublicKeyInfo, first 32 hex digits, each mapped 0-9a-f → a-p. No dependencies, so
 * wxt.config.ts can use it at build time.
 */
import { createHash, createPublicKey, KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

export function extensionIdFromPublicKey(der: Uint8Array): string {
  return extensionIdFromDigest(createHash('sha256').update(der).digest());
}

/** The ID spelled from the first 16 bytes of a SHA-256 digest. */
export function extensionIdFromDigest(digest: Uint8Array): string {
  const hex = Buffer.from(digest.subarray(0, 16)).toString('hex');
  return [...hex].map((digit) => String.fromCharCode(97 + parseInt(digit, 16))).join('');
}

/** DER SubjectPublicKeyInfo of a public key, or of the public half of a private key (PEM or KeyObject). */
export function publicKeyDer(key: string | Buffer | KeyObject): Buffer {
  const publicKey = key instanceof KeyObject && key.type === 'public' ? key : createPublicKey(key);
  return publicKey.export({ type: 'spki', format: 'der' });
}

/**
 * The manifest `key` for a self-hosted build: EXTENSION_PUBLIC_KEY (base64 DER) or
 * EXTENSION_KEY_FILE (a .pem public key; a private key also works, only its public half is used).
 * Neither set: no key, and Chrome derives the ID from the folder path, as it should in development.
 */
export function manifestKeyFromEnv(env: Record<string, string | undefined>): string | undefined {
  // Parsed, not copied, so a mangled value fails the build instead of shipping an unloadable manifest.
  if (env.EXTENSION_PUBLIC_KEY) return publicKeyDer(createPublicKey({ key: Buffer.from(env.EXTENSION_PUBLIC_KEY, 'base64'), format: 'der', type: 'spki' })).toString('base64');
  if (env.EXTENSION_KEY_FILE) return publicKeyDer(readFileSync(env.EXTENSION_KEY_FILE)).toString('base64');
  return undefined;
}
