import { describe, expect, it } from 'vitest';
import { sendsQuestion } from './keys';

const key = (over: Partial<Parameters<typeof sendsQuestion>[0]>) => sendsQuestion({ key: 'Enter', shiftKey: false, keyCode: 13, nativeEvent: { isComposing: false }, ...over });

describe('the question box’s Enter', () => {
  it('sends on Enter, not on Shift+Enter or other keys', () => {
    expect(key({})).toBe(true);
    expect(key({ shiftKey: true })).toBe(false);
    expect(key({ key: 'a', keyCode: 65 })).toBe(false);
  });

  it('never sends while a Japanese IME is composing', () => {
    expect(key({ nativeEvent: { isComposing: true } })).toBe(false);
    expect(key({ keyCode: 229 })).toBe(false);
  });
});
