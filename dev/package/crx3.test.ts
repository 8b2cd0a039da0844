import { createHash, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readCrx3 } from './crx3';
import { extensionIdFromPublicKey, publicKeyDer } from './extension-id';

// A CRX3 written by hand from crx3.proto, so each way a file can be wrong can be made on purpose;
// the e2e spec reads one that Chromium packed.
function varint(n: number): Buffer {
  const bytes: number[] = [];
  for (; n >= 0x80; n = Math.floor(n / 128)) bytes.push((n % 128) | 0x80);
  bytes.push(n);
  return Buffer.from(bytes);
}
const field = (number: number, bytes: Buffer) => Buffer.concat([varint(number * 8 + 2), varint(bytes.length), bytes]);
const le32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};

function crx3(privateKey: KeyObject, archive: Buffer, options: { version?: number; declaredKey?: Buffer } = {}): Buffer {
  const publicKey = publicKeyDer(privateKey);
  const signedData = field(1, createHash('sha256').update(options.declaredKey ?? publicKey).digest().subarray(0, 16));
  const signature = sign('sha256', Buffer.concat([Buffer.from('CRX3 SignedData\0', 'latin1'), le32(signedData.length), signedData, archive]), privateKey);
  const header = Buffer.concat([field(2, Buffer.concat([field(1, publicKey), field(2, signature)])), field(10000, signedData)]);
  return Buffer.concat([Buffer.from('Cr24', 'latin1'), le32(options.version ?? 3), le32(header.length), header, archive]);
}

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const id = extensionIdFromPublicKey(publicKeyDer(privateKey));
const archive = Buffer.from('PK\x03\x04 pretend zip', 'latin1');

describe('readCrx3', () => {
  it('reads the version, the declared ID, the signer and a valid signature', () => {
    const crx = readCrx3(crx3(privateKey, archive));
    expect(crx).toMatchObject({ version: 3, declaredId: id, signerIds: [id], signaturesValid: true });
    expect(crx.archive).toEqual(archive);
  });

  it('finds a signature that does not cover the archive', () => {
    const file = crx3(privateKey, archive);
    file.writeUInt8(file.readUInt8(file.length - 1) ^ 1, file.length - 1);
    expect(readCrx3(file).signaturesValid).toBe(false);
  });

  it('shows a file declaring another ID than its signer', () => {
    const other = publicKeyDer(generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey);
    const crx = readCrx3(crx3(privateKey, archive, { declaredKey: other }));
    expect(crx.declaredId).toBe(extensionIdFromPublicKey(other));
    expect(crx.signerIds).toEqual([id]);
  });

  it('refuses what is not a CRX3', () => {
    expect(() => readCrx3(archive)).toThrow(/Cr24/);
    expect(() => readCrx3(crx3(privateKey, archive, { version: 2 }))).toThrow(/version 2/);
  });
});
