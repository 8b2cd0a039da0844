/** "Copy conversation": Markdown a person can paste anywhere, each answer followed by its citations as quotes. */
import { findCitations, visibleText } from './citations';
import type { Conversation } from './conversation';

export interface ExportLabels {
  question: string;
  unverified: string;
  page(page: number): string;
}

export function conversationMarkdown(conversation: Conversation, labels: ExportLabels): string {
  const document = conversation.document;
  const lines: string[] = [`# ${document?.title || conversation.url}`, '', conversation.url];
  for (const turn of conversation.turns) {
    if (!turn.answer) continue;
    lines.push('', `**${labels.question}** ${turn.question}`, '', turn.answer.trim());
    const seen = new Set<string>();
    for (const citation of findCitations(turn.answer, document?.parts ?? [])) {
      const where = citation.page === null ? `[${citation.part}]` : `[${citation.part}] (${labels.page(citation.page)})`;
      const quote = `> ${where} ${citation.passage ? visibleText(citation.passage) : labels.unverified}`;
      if (seen.has(quote)) continue;
      seen.add(quote);
      lines.push('', quote);
    }
  }
  return `${lines.join('\n')}\n`;
}
