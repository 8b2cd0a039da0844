import { memo, useMemo } from 'react';
import { splitBlocks } from '@/lib/render/blocks';
import { renderMarkdown } from '@/lib/render/markdown';

/** Renders untrusted model output; renderMarkdown() is what makes this innerHTML safe. */
export function Markdown({ text, testId, streaming = false }: { text: string; testId?: string; streaming?: boolean }) {
  if (streaming) return <StreamingMarkdown text={text} testId={testId} />;
  return <Html text={text} className="markdown" testId={testId} />;
}

/** While an answer grows, its completed blocks render once each and only the last one again (lib/render/blocks.ts). */
function StreamingMarkdown({ text, testId }: { text: string; testId?: string }) {
  const { done, tail } = splitBlocks(text);
  return (
    <div className="markdown" data-testid={testId}>
      {done.map((block, i) => (
        <Block key={i} text={block} />
      ))}
      {tail && <Html text={tail} />}
    </div>
  );
}

const Block = memo(function Block({ text }: { text: string }) {
  return <Html text={text} />;
});

function Html({ text, className, testId }: { text: string; className?: string; testId?: string }) {
  const html = useMemo(() => renderMarkdown(text), [text]);
  return <div className={className} data-testid={testId} dangerouslySetInnerHTML={{ __html: html }} />;
}
