/**
 * Markdown taken out of a plain-text Jira field (the summary): Jira shows such a field as typed,
 * so a model's "1\.", "## " or `code` would reach the ticket's title literally (issue #13).
 * Only the marks go; the words, and a "#" inside the text ("fix #12"), stay.
 */
export function plainText(markdown: string): string {
  return markdown
    .split(/\r?\n/)
    .map((line) =>
      line
        .replace(/^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+)/, '')
        .replace(/\s+#+\s*$/, '')
        .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
        .replace(/(`+)(.*?)\1/g, '$2')
        .replace(/(\*\*|__|~~)(\S(?:.*?\S)?)\1/g, '$2')
        .replace(/\*(\S(?:[^*]*?\S)?)\*/g, '$1')
        .replace(/\\([\\`*_{}[\]()#+\-.!|>~<])/g, '$1'),
    )
    .join('\n');
}
