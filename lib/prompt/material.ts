/**
 * The one delimiting scheme of every prompt (#15): untrusted material (page text, its title and
 * URL, the headings a part sits under, notes and answers a model made from them) travels inside
 * `<document>…</document>`, and nothing in it can spell a delimiter. Every look-alike of one —
 * any case, spaces inside the brackets, full-width or small angle brackets, invisible characters
 * between the letters, attributes — is rewritten to `[document]`, which reads the same to a
 * person and closes nothing.
 */
export const DOCUMENT_OPEN = '<document>';
export const DOCUMENT_CLOSE = '</document>';

/** Every tag the prompts use as a delimiter: the document, Ask's numbered parts, Jira's repair answer. */
const DELIMITER_TAGS = ['document', 'part', 'answer'] as const;

const INVISIBLE = '[\\u200B-\\u200D\\u2060\\uFEFF\\u00AD]*';
const OPEN_BRACKET = '[<\\uFF1C\\uFE64\\u2039\\u3008\\u27E8]';
const CLOSE_BRACKET = '[>\\uFF1E\\uFE65\\u203A\\u3009\\u27E9]';
const spelled = (word: string) => [...word].map((letter) => `${letter}${INVISIBLE}`).join('');
const LOOK_ALIKE = new RegExp(
  `${OPEN_BRACKET}[\\s\\u3000]*${INVISIBLE}(\\/?)[\\s\\u3000]*${INVISIBLE}(${DELIMITER_TAGS.map(spelled).join('|')})(?:[\\s\\u3000/][^<>\\uFF1C\\uFF1E]*)?${CLOSE_BRACKET}`,
  'giu',
);

/** Untrusted text with every delimiter look-alike made harmless. */
export function neutralize(text: string): string {
  return text.replace(LOOK_ALIKE, (_match, slash: string, tag: string) => `[${slash}${tag.replace(new RegExp(INVISIBLE, 'gu'), '').toLowerCase()}]`);
}

/** Text, or Ask's numbered parts, each in its own `<part id="n">` the answer cites. */
export type Material = string | readonly { id: number; text: string }[];

function body(material: Material): string {
  if (typeof material === 'string') return neutralize(material);
  return material.map((part) => [`<part id="${part.id}">`, neutralize(part.text.trim()), '</part>'].join('\n')).join('\n');
}

/**
 * The data block: labelled facts about the material (title, URL, the section a part starts in),
 * then the material itself, all neutralised.
 */
export function materialBlock(facts: readonly (readonly [label: string, value: string])[], material: Material): string {
  const header = facts.filter(([, value]) => value !== '').map(([label, value]) => `${label}: ${neutralize(oneLine(value))}`);
  return [DOCUMENT_OPEN, ...header, ...(header.length > 0 ? [''] : []), body(material), DOCUMENT_CLOSE].join('\n');
}

/** A title or URL on one line: a newline in it could otherwise start a line that looks like ours. */
function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}
