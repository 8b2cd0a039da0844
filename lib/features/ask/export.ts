/** "Copy conversation": Markdown a person can paste anywhere, each answer followed by its citations as quotes. */
import { findCitations, visibleText } from './citations';
import type { Extracted } from '../../extract/result';
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

/** The prompt around the material is English, so the labels in it are too, whatever the UI's language. */
const MATERIAL_LABELS: ExportLabels = { question: 'Question:', unverified: '(passage not found in the document)', page: (page) => `page ${page}` };

/**
 * "Turn into a ticket": the conversation's finished turns as the material of a jira-draft job, in
 * the same Markdown as "Copy conversation". The worker builds it from the stored conversation, so
 * no text a page of the extension sends reaches the prompt. Null while no turn is finished.
 */
export function conversationMaterial(conversation: Conversation): Extracted | null {
  const turns = conversation.turns.filter((turn) => turn.status === 'done' && turn.answer.trim() !== '');
  if (turns.length === 0) return null;
  return {
    kind: 'conversation',
    title: conversation.document?.title ?? '',
    url: conversation.url,
    lang: conversation.document?.lang ?? '',
    contentType: 'text/markdown',
    byline: null,
    text: conversationMarkdown({ ...conversation, turns }, MATERIAL_LABELS),
    method: 'readability',
  };
}
