/**
 * The description as headed sections of blocks, in the order the issue type's layout gives, plus
 * the link back to the source. Wiki markup, Markdown and ADF are three renderings of this outline.
 * Only the sections the form shows for the type are rendered: what the person sees is what is sent.
 */
import { isSafeLink, parseBlocks, parseListEntry, type Block, type Inline } from './blocks';
import { headingsFor, sectionsFor, type JiraTemplates, type SectionKey } from './templates';
import type { TicketDraft } from './ticket';

export interface OutlineSection {
  heading: string;
  blocks: Block[];
}

function sectionBlocks(key: SectionKey, draft: TicketDraft): Block[] {
  const value = draft.description[key];
  if (typeof value === 'string') return parseBlocks(value);
  const items = value.map(parseListEntry).filter((content) => content.length > 0);
  if (items.length === 0) return [];
  if (key === 'acceptanceCriteria') return [{ type: 'checklist', items }];
  return [{ type: 'orderedList', start: 1, items: items.map((content) => ({ content, children: [] })) }];
}

function sourceLine(draft: TicketDraft): Inline[] {
  const url = draft.sourceUrl.trim();
  const title = draft.sourceTitle.replace(/\s+/g, ' ').trim();
  if (!url) return title ? [{ type: 'text', text: title, strong: false }] : [];
  if (isSafeLink(url)) return [{ type: 'link', text: title || url, href: url }];
  // Pages such as file: or chrome: URLs are named, not linked: Jira would not open them anyway.
  return [{ type: 'text', text: title ? `${title} (${url})` : url, strong: false }];
}

export function descriptionOutline(draft: TicketDraft, templates: JiraTemplates): OutlineSection[] {
  const headings = headingsFor(draft.language, templates);
  const sections = sectionsFor(draft.issueType, templates)
    .map((key) => ({ heading: headings[key], blocks: sectionBlocks(key, draft) }))
    .filter((section) => section.blocks.length > 0);
  const source = sourceLine(draft);
  if (source.length > 0) sections.push({ heading: headings.source, blocks: [{ type: 'paragraph', content: source }] });
  return sections;
}
