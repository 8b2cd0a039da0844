import { memo, useMemo } from 'react';
import { splitBlocks } from '@/lib/render/blocks';
import { renderMarkdown } from '@/lib/render/markdown';

export { warmRenderer } from '@/lib/render/markdown';

/** Renders untrusted model output; renderMarkdown() is what makes this innerHTML safe. */
export function Markdown({ text, testId, streaming = false }: { text: string; testId?: string; streaming?: boolean }) {
  if (streaming) return <StreamingMarkdown text={text} testId={testId} />;
  return <Html text={text} className="markdown" testId={testId} />;
}

/**
 * Completed blocks per group. With every block a child of the answer, each update still compared
 * and laid out all of them: per-update cost grew about 3× over a 20,000-token answer (bench/stream.bench.ts).
 */
const GROUP = 64;

/** While an answer grows, its completed blocks render once each and only the last one again (lib/render/blocks.ts). */
function StreamingMarkdown({ text, testId }: { text: string; testId?: string }) {
  const { done, tail } = splitBlocks(text);
  const groups: string[][] = [];
  for (let i = 0; i < done.length; i += GROUP) groups.push(done.slice(i, i + GROUP));
  return (
    <div className="markdown" data-testid={testId}>
      {groups.map((blocks, i) => (
        <Group key={i} blocks={blocks} />
      ))}
      {tail && <Html text={tail} />}
    </div>
  );
}

/** A full group's blocks never change again, so it is neither re-rendered nor (being its own box) re-laid out child by child. */
const Group = memo(
  function Group({ blocks }: { blocks: string[] }) {
    return (
      <div>
        {blocks.map((block, i) => (
          <Block key={i} text={block} />
        ))}
      </div>
    );
  },
  (before, after) => before.blocks.length === after.blocks.length && before.blocks.every((block, i) => block === after.blocks[i]),
);

const Block = memo(function Block({ text }: { text: string }) {
  return <Html text={text} />;
});

function Html({ text, className, testId }: { text: string; className?: string; testId?: string }) {
  const html = useMemo(() => renderMarkdown(text), [text]);
  return <div className={className} data-testid={testId} dangerouslySetInnerHTML={{ __html: html }} />;
}
