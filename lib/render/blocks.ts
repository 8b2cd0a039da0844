/**
 * A growing Markdown answer cut into its completed blocks and the block still being written, so
 * a streaming view renders each completed block once and re-renders only the last one: rendering
 * the whole answer on every update grew with its length, 187 ms an update at 20,000 tokens
 * (issue #17). A block ends at a blank line outside a code fence; the answer's final rendering is
 * of the whole text, so Markdown that spans blocks (a loose list's numbering) comes out right.
 */
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

export interface Blocks {
  done: string[];
  tail: string;
}

export function splitBlocks(text: string): Blocks {
  const done: string[] = [];
  let start = 0;
  let fence: string | null = null;
  let lineStart = 0;
  while (lineStart < text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    const line = text.slice(lineStart, lineEnd);
    const opener = FENCE.exec(line)?.[1];
    if (fence === null && opener) fence = opener;
    else if (fence !== null && opener && opener[0] === fence[0] && opener.length >= fence.length && line.trim() === opener) fence = null;
    else if (fence === null && newline !== -1 && line.trim() === '' && lineStart > start) {
      done.push(text.slice(start, lineEnd + 1));
      start = lineEnd + 1;
    }
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  return { done, tail: text.slice(start) };
}
