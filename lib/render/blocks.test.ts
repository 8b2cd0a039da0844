import { describe, expect, it } from 'vitest';
import { splitBlocks } from './blocks';

describe('splitBlocks', () => {
  it('cuts completed blocks at blank lines and keeps the growing one apart; joined they give the text back', () => {
    const text = '# Title\n\nFirst paragraph\nstill first.\n\n- a\n- b\n\nGrowing';
    const { done, tail } = splitBlocks(text);
    expect(done).toEqual(['# Title\n\n', 'First paragraph\nstill first.\n\n', '- a\n- b\n\n']);
    expect(tail).toBe('Growing');
    expect(done.join('') + tail).toBe(text);
  });

  it('never cuts inside a code fence, even at a blank line', () => {
    const text = 'Intro\n\n```js\nconst a = 1;\n\nconst b = 2;\n```\n\nAfter';
    expect(splitBlocks(text)).toEqual({ done: ['Intro\n\n', '```js\nconst a = 1;\n\nconst b = 2;\n```\n\n'], tail: 'After' });
  });

  it('keeps an unclosed fence in the growing block', () => {
    expect(splitBlocks('A\n\n~~~\ncode\n\nmore')).toEqual({ done: ['A\n\n'], tail: '~~~\ncode\n\nmore' });
  });

  it('a text without a blank line is all tail', () => {
    expect(splitBlocks('one line')).toEqual({ done: [], tail: 'one line' });
    expect(splitBlocks('')).toEqual({ done: [], tail: '' });
  });
});
