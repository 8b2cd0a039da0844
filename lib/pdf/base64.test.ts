import { describe, expect, it } from 'vitest';
import { base64ToBytes } from './base64';

describe('base64ToBytes', () => {
  it('gives back every byte value of what the tab encoded', () => {
    const bytes = new Uint8Array(100_000).map((_, i) => (i * 7919) % 256);
    expect(base64ToBytes(Buffer.from(bytes).toString('base64'))).toEqual(bytes);
  });

  it('handles an empty file', () => {
    expect(base64ToBytes('')).toEqual(new Uint8Array());
  });
});
