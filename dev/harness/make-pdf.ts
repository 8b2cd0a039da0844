/**
 * Small PDFs written byte by byte, for the kinds the corpus lacks: password-protected and
 * image-only (a scan). Both are real PDFs: pdf.js opens the encrypted one with its password and
 * draws the image, so a test that gets "encrypted" or "no text" back is testing the reader's
 * judgement, not a broken file.
 */
import { createHash } from 'node:crypto';

/** PDF 1.7 (ISO 32000-1) §7.6.3.3: the padding every Standard-handler password is cut or filled to. */
const PASSWORD_PAD = Buffer.from('28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a', 'hex');
/** Permissions word: everything allowed (bits 1–2 must be 0). */
const PERMISSIONS = -4;
const FILE_ID = Buffer.from('67617465776179617373697374616e74', 'hex');

const md5 = (...parts: Buffer[]) => createHash('md5').update(Buffer.concat(parts)).digest();

// Node's OpenSSL 3 leaves RC4 to the legacy provider, which is not loaded by default.
function rc4(key: Buffer, data: Buffer): Buffer {
  const s = Array.from({ length: 256 }, (_, i) => i);
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i]! + key[i % key.length]!) & 255;
    [s[i], s[j]] = [s[j]!, s[i]!];
  }
  const out = Buffer.alloc(data.length);
  for (let n = 0, i = 0, j = 0; n < data.length; n++) {
    i = (i + 1) & 255;
    j = (j + s[i]!) & 255;
    [s[i], s[j]] = [s[j]!, s[i]!];
    out[n] = data[n]! ^ s[(s[i]! + s[j]!) & 255]!;
  }
  return out;
}

const padded = (password: string) => Buffer.concat([Buffer.from(password, 'latin1'), PASSWORD_PAD]).subarray(0, 32);

/** Standard security handler, revision 2 (40-bit RC4): Algorithms 2, 3 and 4 of §7.6.3.3–4. */
function standardSecurity(userPassword: string, ownerPassword: string) {
  const owner = rc4(md5(padded(ownerPassword)).subarray(0, 5), padded(userPassword));
  const permissions = Buffer.alloc(4);
  permissions.writeInt32LE(PERMISSIONS);
  const key = md5(padded(userPassword), owner, permissions, FILE_ID).subarray(0, 5);
  const user = rc4(key, PASSWORD_PAD);
  return {
    dictionary: `<< /Filter /Standard /V 1 /R 2 /O <${owner.toString('hex')}> /U <${user.toString('hex')}> /P ${PERMISSIONS} >>`,
    /** Algorithm 1: each object's streams are encrypted with a key derived from its number. */
    encrypt(objectNumber: number, data: Buffer): Buffer {
      const salt = Buffer.from([objectNumber & 255, (objectNumber >> 8) & 255, (objectNumber >> 16) & 255, 0, 0]);
      return rc4(md5(key, salt).subarray(0, 10), data);
    },
  };
}

type PdfObject = string | { dictionary: string; stream: Buffer };

function assemble(objects: PdfObject[], security?: ReturnType<typeof standardSecurity>): Buffer {
  const chunks: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let length = chunks[0]!.length;
  const offsets: number[] = [];
  const push = (chunk: Buffer) => {
    chunks.push(chunk);
    length += chunk.length;
  };
  const all: PdfObject[] = security ? [...objects, security.dictionary] : objects;
  all.forEach((object, index) => {
    const number = index + 1;
    offsets.push(length);
    if (typeof object === 'string') {
      push(Buffer.from(`${number} 0 obj\n${object}\nendobj\n`, 'latin1'));
      return;
    }
    // The Encrypt dictionary itself is never encrypted; it is the last object and has no stream.
    const data = security ? security.encrypt(number, object.stream) : object.stream;
    push(Buffer.from(`${number} 0 obj\n<< ${object.dictionary} /Length ${data.length} >>\nstream\n`, 'latin1'));
    push(data);
    push(Buffer.from('\nendstream\nendobj\n', 'latin1'));
  });
  const xref = length;
  const rows = offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  const encryption = security ? ` /Encrypt ${all.length} 0 R /ID [<${FILE_ID.toString('hex')}> <${FILE_ID.toString('hex')}>]` : '';
  push(Buffer.from(`xref\n0 ${all.length + 1}\n0000000000 65535 f \n${rows}trailer\n<< /Size ${all.length + 1} /Root 1 0 R${encryption} >>\nstartxref\n${xref}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(chunks);
}

const escapePdfString = (text: string) => text.replace(/[\\()]/g, (c) => `\\${c}`);

/** Catalog, page tree and one page per content stream; object numbers: 1 catalog, 2 pages, 3 font, then page/content pairs. */
function pagesPdf(contents: { stream: string; resources: string }[], extra: PdfObject[], security?: ReturnType<typeof standardSecurity>): Buffer {
  const firstPage = 4 + extra.length;
  const kids = contents.map((_, i) => `${firstPage + i * 2} 0 R`).join(' ');
  const objects: PdfObject[] = ['<< /Type /Catalog /Pages 2 0 R >>', `<< /Type /Pages /Kids [${kids}] /Count ${contents.length} >>`, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>', ...extra];
  contents.forEach((content, i) => {
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources ${content.resources} /Contents ${firstPage + i * 2 + 1} 0 R >>`);
    objects.push({ dictionary: '', stream: Buffer.from(content.stream, 'latin1') });
  });
  return assemble(objects, security);
}

/** One page per entry, each line of it a line of Helvetica text (Latin-1 only). */
export function textPdf(pages: string[][], password?: string): Buffer {
  const contents = pages.map((lines) => ({
    stream: `BT /F1 12 Tf 14 TL 72 720 Td ${lines.map((line) => `(${escapePdfString(line)}) Tj T*`).join(' ')} ET`,
    resources: '<< /Font << /F1 3 0 R >> >>',
  }));
  return pagesPdf(contents, [], password === undefined ? undefined : standardSecurity(password, `${password}-owner`));
}

/** A scanned page: one grey image and not a single text operator. */
export function imageOnlyPdf(): Buffer {
  const image: PdfObject = { dictionary: '/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /ASCIIHexDecode', stream: Buffer.from('20E0E020>', 'latin1') };
  return pagesPdf([{ stream: 'q 400 0 0 400 100 200 cm /Im1 Do Q', resources: '<< /XObject << /Im1 4 0 R >> >>' }], [image]);
}
