/**
 * The description as Atlassian Document Format v1, the only form Jira Cloud's REST v3 accepts for
 * `description` (jira-contract.md §1.2, §4). Built by hand from the outline: the node set a ticket
 * needs is small, and Atlassian's own ADF libraries pull in an editor's worth of dependencies.
 */
import { hiddenHost, stripBidiControls } from '../render/link-host';
import type { Block, Inline, List, ListItem } from './blocks';
import { descriptionOutline } from './outline';
import type { JiraTemplates } from './templates';
import type { TicketDraft } from './ticket';

export type AdfMark = { type: 'strong' } | { type: 'code' } | { type: 'link'; attrs: { href: string } };

export interface AdfNode {
  type: string;
  attrs?: Record<string, string | number>;
  content?: AdfNode[];
  text?: string;
  marks?: AdfMark[];
}

export interface AdfDoc {
  type: 'doc';
  version: 1;
  content: AdfNode[];
}

// The ADF schema has no optional-but-present keys: an empty `content` or `marks` is left out.
function node(type: string, fields: Omit<AdfNode, 'type'> = {}): AdfNode {
  const result: AdfNode = { type };
  if (fields.attrs) result.attrs = fields.attrs;
  if (fields.content?.length) result.content = fields.content;
  if (fields.text !== undefined) result.text = fields.text;
  if (fields.marks?.length) result.marks = fields.marks;
  return result;
}

// A text node must not be empty, and the code mark may only be combined with link (contract §4.2).
function inlines(content: Inline[]): AdfNode[] {
  return content.flatMap((inline): AdfNode[] => {
    switch (inline.type) {
      case 'break':
        return [node('hardBreak')];
      case 'code':
        return inline.text ? [node('text', { text: inline.text, marks: [{ type: 'code' }] })] : [];
      case 'link': {
        // A label that hides where the link goes gets the real host beside it, as plain text (#15).
        const host = hiddenHost(inline.text, inline.href);
        const link = node('text', { text: stripBidiControls(inline.text) || inline.href, marks: [{ type: 'link', attrs: { href: inline.href } }] });
        return host ? [link, node('text', { text: ` (${host})` })] : [link];
      }
      case 'text':
        return inline.text ? [node('text', { text: inline.text, marks: inline.strong ? [{ type: 'strong' }] : [] })] : [];
    }
  });
}

const paragraph = (content: Inline[]) => node('paragraph', { content: inlines(content) });

function listItem(item: ListItem): AdfNode {
  return node('listItem', { content: [paragraph(item.content), ...item.children.map(list)] });
}

function list(block: List): AdfNode {
  const content = block.items.map(listItem);
  if (block.type === 'bulletList') return node('bulletList', { content });
  return node('orderedList', { content, ...(block.start === 1 ? {} : { attrs: { order: block.start } }) });
}

function tableRow(cells: Inline[][], cellType: 'tableHeader' | 'tableCell'): AdfNode {
  return node('tableRow', { content: cells.map((cell) => node(cellType, { content: [paragraph(cell)] })) });
}

function block(value: Block): AdfNode {
  switch (value.type) {
    case 'paragraph':
      return paragraph(value.content);
    case 'bulletList':
    case 'orderedList':
      return list(value);
    case 'codeBlock':
      return node('codeBlock', {
        ...(value.language ? { attrs: { language: value.language } } : {}),
        content: value.text ? [node('text', { text: value.text })] : [],
      });
    case 'table':
      return node('table', {
        content: [tableRow(value.header, 'tableHeader'), ...value.rows.map((row) => tableRow(row, 'tableCell'))],
      });
    case 'checklist':
      // A taskList renders as checkboxes in Cloud descriptions created through REST (contract §4.2).
      return node('taskList', {
        attrs: { localId: 'acceptance-criteria' },
        content: value.items.map((content, index) =>
          node('taskItem', { attrs: { localId: `acceptance-criteria-${index + 1}`, state: 'TODO' }, content: inlines(content) }),
        ),
      });
  }
}

export function toAdfDescription(draft: TicketDraft, templates: JiraTemplates): AdfDoc {
  return {
    type: 'doc',
    version: 1,
    content: descriptionOutline(draft, templates).flatMap((section) => [
      node('heading', { attrs: { level: 2 }, content: [node('text', { text: section.heading })] }),
      ...section.blocks.map(block),
    ]),
  };
}
