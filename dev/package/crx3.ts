/**
 * Reads a CRX3 file and checks it the way Chrome will before installing it: magic `Cr24`,
 * version 3, a protobuf header (chromium src/components/crx_file/crx3.proto) whose signed data
 * names the ID, and an RSA-SHA256 signature over that data and the ZIP archive.
 */
import { createPublicKey, verify } from 'node:crypto';
import { extensionIdFromDigest, extensionIdFromPublicKey } from './extension-id';

export interface Crx3 {
  version: number;
  /** ID of each RSA key that signed, as Chrome derives it. */
  signerIds: string[];
  /** The ID the file declares (crx3.proto SignedData.crx_id), as Chrome spells it. */
  declaredId: string;
  /** Every RSA signature verifies over the header's signed data and the archive. */
  signaturesValid: boolean;
  archive: Buffer;
}

type Field = { number: number; bytes: Buffer };

/** Length-delimited fields of a protobuf message; the others are skipped, as crx3.proto has none we read. */
function lengthDelimitedFields(message: Buffer): Field[] {
  const fields: Field[] = [];
  let at = 0;
  const varint = () => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = message[at++];
      if (byte === undefined) throw new Error('CRX header ends inside a varint');
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  };
  while (at < message.length) {
    const tag = varint();
    const wireType = tag % 8;
    if (wireType === 0) varint();
    else if (wireType === 1) at += 8;
    else if (wireType === 5) at += 4;
    else if (wireType === 2) {
      const length = varint();
      fields.push({ number: Math.floor(tag / 8), bytes: message.subarray(at, at + length) });
      at += length;
    } else throw new Error(`unsupported protobuf wire type ${wireType} in CRX header`);
  }
  return fields;
}

const SHA256_WITH_RSA = 2;
const SIGNED_HEADER_DATA = 10000;
const CRX_ID = 1;

export function readCrx3(file: Buffer): Crx3 {
  if (file.subarray(0, 4).toString('latin1') !== 'Cr24') throw new Error('not a CRX file (no Cr24 magic)');
  const version = file.readUInt32LE(4);
  if (version !== 3) throw new Error(`CRX version ${version}, expected 3`);
  const headerSize = file.readUInt32LE(8);
  const header = lengthDelimitedFields(file.subarray(12, 12 + headerSize));
  const archive = file.subarray(12 + headerSize);
  const signedData = header.find((f) => f.number === SIGNED_HEADER_DATA)?.bytes;
  const crxId = signedData && lengthDelimitedFields(signedData).find((f) => f.number === CRX_ID)?.bytes;
  if (!signedData || !crxId) throw new Error('CRX header has no signed crx_id');

  const sizeLe = Buffer.alloc(4);
  sizeLe.writeUInt32LE(signedData.length);
  const signedPayload = Buffer.concat([Buffer.from('CRX3 SignedData\0', 'latin1'), sizeLe, signedData, archive]);
  const proofs = header.filter((f) => f.number === SHA256_WITH_RSA).map((f) => {
    const parts = lengthDelimitedFields(f.bytes);
    return { publicKey: parts.find((p) => p.number === 1)?.bytes ?? Buffer.alloc(0), signature: parts.find((p) => p.number === 2)?.bytes ?? Buffer.alloc(0) };
  });
  const signaturesValid =
    proofs.length > 0 &&
    proofs.every(({ publicKey, signature }) => verify('sha256', signedPayload, createPublicKey({ key: publicKey, format: 'der', type: 'spki' }), signature));
  return {
    version,
    signerIds: proofs.map((p) => extensionIdFromPublicKey(p.publicKey)),
    // crx_id is the first 16 bytes of the key's SHA-256, the same digits the ID spells in a-p.
    declaredId: extensionIdFromDigest(crxId),
    signaturesValid,
    archive,
  };
}
