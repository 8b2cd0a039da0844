/** "Copy conversation": Markdown a person can paste anywhere, each answer followed by its citations as quotes. */
import { findCitations, visibleText } from './citations';
import type { Conversation } from './conversation';

export interface ExportLabels {
  question: string;
  unverified: string;
}

export function conversationMarkdown(conversation: Conversation, labels: ExportLabels): string {
  const document = conversation.document;
  const lines: string[] = [`# ${document?.title || conversation.url}`, '', conversation.url];
  for (const turn of conversation.turns) {
    if (!turn.answer) continue;
    lines.push('', `**${labels.question}** ${turn.question}`, '', turn.answer.trim());
    const seen = new Set<string>();
    for (const citation of findCitations(turn.answer, document?.parts ?? [])) {
      const quote = citation.passage ? `> [${citation.part}] ${visibleText(citation.passage)}` : `> [${citation.part}] ${labels.unverified}`;
      if (seen.has(quote)) continue;
      seen.add(quote);
      lines.push('', quote);
    }
  }
  return `${lines.join('\n')}\n`;
}
