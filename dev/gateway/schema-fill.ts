/**
 * Fills a JSON Schema (response_format json_schema) from a document, so the offline model answers
 * structured requests with valid JSON built from the input: title-like fields get the title,
 * description-like fields the central sentences (after the simulator notice), label-like arrays
 * keywords, other strings sentences; enums their first value, numbers 0 (within bounds), booleans
 * false. Every property is filled, required or not.
 */
import { isoUtc } from './py-format';

type Schema = Record<string, unknown>;

export interface FillSource {
  title: string;
  /** Central sentences, most central first. */
  sentences: string[];
  keywords: string[];
  notice: string;
  /** How many sentences a description gets. */
  descriptionSentences: number;
  nowMs: number;
}

const TITLE_LIKE = /^(summary|title|name|subject|headline|heading)$|(title|summary|name|subject)$/i;
const DESCRIPTION_LIKE = /desc|body|detail|content|text|explanation|note|context|rationale|reason|impact|steps/i;
const KEYWORD_LIKE = /label|tag|keyword|topic|component|categor/i;
const DEFAULT_ARRAY_ITEMS = 3;

const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

function resolveRef(schema: Schema, root: Schema): Schema {
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return schema;
  let target: unknown = root;
  for (const part of ref.slice(2).split('/')) target = isSchema(target) ? target[part.replaceAll('~1', '/').replaceAll('~0', '~')] : undefined;
  return isSchema(target) ? resolveRef(target, root) : {};
}

function typeOf(schema: Schema): string {
  const type = schema.type;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return (type.find((t) => t !== 'null') as string | undefined) ?? 'null';
  if (isSchema(schema.properties)) return 'object';
  if (schema.items !== undefined) return 'array';
  return 'string';
}

class Filler {
  #noticeUsed = false;

  constructor(
    private readonly root: Schema,
    private readonly source: FillSource,
  ) {}

  fill(raw: unknown, name: string, index: number): unknown {
    const schema = resolveRef(isSchema(raw) ? raw : {}, this.root);
    if ('const' in schema) return schema.const;
    if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
    for (const combinator of ['anyOf', 'oneOf', 'allOf'] as const) {
      const options = schema[combinator];
      if (Array.isArray(options) && options.length > 0) {
        const chosen = options.map((o) => resolveRef(isSchema(o) ? o : {}, this.root)).find((o) => typeOf(o) !== 'null') ?? options[0];
        return this.fill(chosen, name, index);
      }
    }
    switch (typeOf(schema)) {
      case 'object':
        return this.#object(schema);
      case 'array':
        return this.#array(schema, name);
      case 'integer':
      case 'number':
        return this.#number(schema);
      case 'boolean':
        return false;
      case 'null':
        return null;
      default:
        return this.#string(schema, name, index);
    }
  }

  #object(schema: Schema): Record<string, unknown> {
    const properties = isSchema(schema.properties) ? schema.properties : {};
    return Object.fromEntries(Object.entries(properties).map(([key, sub]) => [key, this.fill(sub, key, 0)]));
  }

  #array(schema: Schema, name: string): unknown[] {
    const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
    const max = typeof schema.maxItems === 'number' ? schema.maxItems : Number.POSITIVE_INFINITY;
    const available = KEYWORD_LIKE.test(name) ? this.source.keywords.length : this.source.sentences.length;
    const count = Math.min(max, Math.max(min, Math.min(DEFAULT_ARRAY_ITEMS, Math.max(1, available))));
    return Array.from({ length: count }, (_, i) => this.fill(schema.items, name, i));
  }

  #number(schema: Schema): number {
    const step = schema.type === 'integer' ? 1 : 0.5;
    let value = 0;
    if (typeof schema.minimum === 'number') value = Math.max(value, schema.minimum);
    if (typeof schema.exclusiveMinimum === 'number') value = Math.max(value, schema.exclusiveMinimum + step);
    if (typeof schema.maximum === 'number') value = Math.min(value, schema.maximum);
    if (typeof schema.exclusiveMaximum === 'number') value = Math.min(value, schema.exclusiveMaximum - step);
    return schema.type === 'integer' ? Math.ceil(value) : value;
  }

  #string(schema: Schema, name: string, index: number): string {
    const { sentences, keywords, title } = this.source;
    const formatted = this.#formatted(schema.format);
    if (formatted !== null) return formatted;
    let text: string;
    if (KEYWORD_LIKE.test(name) && keywords.length > 0) text = keywords[index % keywords.length] ?? '';
    else if (TITLE_LIKE.test(name)) text = index === 0 ? title : (sentences[index % Math.max(1, sentences.length)] ?? title);
    else if (DESCRIPTION_LIKE.test(name)) text = this.#description();
    else text = sentences[index % Math.max(1, sentences.length)] ?? title;
    return fitLength(text, schema, [title, ...sentences].join(' '));
  }

  #description(): string {
    const bullets = this.source.sentences.slice(0, this.source.descriptionSentences).map((s) => `- ${s}`);
    const withNotice = this.#noticeUsed ? bullets : [this.source.notice, '', ...bullets];
    this.#noticeUsed = true;
    return withNotice.join('\n');
  }

  #formatted(format: unknown): string | null {
    const now = isoUtc(this.source.nowMs);
    switch (format) {
      case 'date-time':
        return now;
      case 'date':
        return now.slice(0, 10);
      case 'time':
        return now.slice(11);
      case 'email':
        return 'simulator@example.invalid';
      case 'uri':
      case 'url':
        return 'https://example.invalid/';
      case 'uuid':
        return '00000000-0000-4000-8000-000000000000';
      default:
        return null;
    }
  }
}

/** Cuts to maxLength (at a space when one is near) and pads to minLength from the document. */
function fitLength(text: string, schema: Schema, filler: string): string {
  let chars = [...text];
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  if (chars.length < min) chars = [...`${text} ${filler}`.padEnd(min, '.')];
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Number.POSITIVE_INFINITY;
  if (chars.length <= max) return chars.join('');
  const cut = chars.slice(0, max).join('');
  const space = cut.lastIndexOf(' ');
  return space > max * 0.6 && space >= min ? cut.slice(0, space) : cut;
}

export function fillSchema(schema: Schema, source: FillSource): unknown {
  return new Filler(schema, source).fill(schema, '', 0);
}
