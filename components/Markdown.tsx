import { useMemo } from 'react';
import { renderMarkdown } from '@/lib/render/markdown';

/** Renders untrusted model output; renderMarkdown() is what makes this innerHTML safe. */
export function Markdown({ text, testId }: { text: string; testId?: string }) {
  const html = useMemo(() => renderMarkdown(text), [text]);
  return <div className="markdown" data-testid={testId} dangerouslySetInnerHTML={{ __html: html }} />;
}
