import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../lib/gateway/wire';
import { NOTICE, offlineAnswer, streamPieces } from './offline-model';
import { detectLanguage, documentText, splitSentences } from './sentences';
import { LONG_DOCUMENT, validatorFor } from './test-support';
import { countTokens } from './tokens';

const JAPANESE_DOCUMENT = [
  '# LiteLLMゲートウェイの導入記録',
  '当社では社内の生成AI利用をLiteLLMゲートウェイに集約しました。',
  '利用者ごとに仮想キーを発行し、月ごとの予算を設定しています。',
  '予算を使い切ったキーは、リセット日まで予算超過のエラーになります。',
  'ゲートウェイはキーごと、チームごと、タグごとに費用を記録します。',
  'ストリーミング応答は一秒以内に始まりました。',
  '一方で、レート制限の設定には注意が必要でした。',
  '今後は古いプロバイダーキーを廃止する予定です。',
].join('\n');

const request = (content: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({ model: 'sim-fast', messages: [{ role: 'user', content }], ...extra });
const bulletsOf = (content: string) => content.split('\n').filter((line) => line.startsWith('- ')).map((line) => line.slice(2));

describe('extractive answers', () => {
  it('says it is a simulator, then quotes central sentences in document order', () => {
    const { content, finishReason } = offlineAnswer(request(`Summarize:\n<document>\n${LONG_DOCUMENT}\n</document>`), 1000, 0);
    expect(finishReason).toBe('stop');
    expect(content.split('\n')[0]).toBe(NOTICE.en);
    const bullets = bulletsOf(content);
    expect(bullets.length).toBeGreaterThan(0);
    const sentences = splitSentences(LONG_DOCUMENT).map((s) => s.text);
    const positions = bullets.map((b) => sentences.indexOf(b));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('extracts Japanese sentences, scored by character bigrams, under the Japanese notice', () => {
    const { content } = offlineAnswer(request(JAPANESE_DOCUMENT), 1000, 0);
    expect(content.split('\n')[0]).toBe(NOTICE.ja);
    const bullets = bulletsOf(content);
    expect(bullets.length).toBeGreaterThan(0);
    for (const bullet of bullets) expect(JAPANESE_DOCUMENT).toContain(bullet);
    expect(bullets.some((b) => b.includes('予算'))).toBe(true);
  });

  it('keeps the Japanese notice but quotes English when asked for Japanese about an English page', () => {
    const { content } = offlineAnswer({ model: 'sim-fast', messages: [{ role: 'system', content: '日本語で要約してください。' }, { role: 'user', content: LONG_DOCUMENT }] }, 1000, 0);
    expect(content.split('\n')[0]).toBe(NOTICE.ja);
    for (const bullet of bulletsOf(content)) expect(LONG_DOCUMENT).toContain(bullet);
  });

  it('never answers more than max_tokens', () => {
    for (const maxTokens of [1, 5, 20, 40, 80]) {
      const answer = offlineAnswer(request(LONG_DOCUMENT), maxTokens, 0);
      expect(countTokens(answer.content)).toBeLessThanOrEqual(maxTokens);
    }
    expect(offlineAnswer(request(LONG_DOCUMENT), 5, 0).finishReason).toBe('length');
  });

  it('answers an empty document honestly', () => {
    expect(offlineAnswer(request(''), 100, 0).content).toBe(`${NOTICE.en}\n\n- (no text to summarize)`);
  });
});

describe('json_schema answers', () => {
  const ticketSchema = {
    type: 'object',
    properties: {
      summary: { type: 'string', minLength: 5, maxLength: 40 },
      issueType: { type: 'string', enum: ['Story', 'Bug', 'Task'] },
      priority: { anyOf: [{ type: 'null' }, { type: 'string', enum: ['High', 'Medium', 'Low'] }] },
      description: { type: 'string' },
      acceptanceCriteria: { type: 'array', items: { type: 'string' }, minItems: 2, maxItems: 4 },
      labels: { type: 'array', items: { type: 'string', pattern: '^\\S+$' }, uniqueItems: true },
      estimate: { type: 'integer', minimum: 1, maximum: 13 },
      confidential: { type: 'boolean' },
      reporter: { $ref: '#/$defs/person' },
      link: { type: 'string', format: 'uri' },
    },
    required: ['summary', 'issueType', 'priority', 'description', 'acceptanceCriteria', 'labels', 'estimate', 'confidential', 'reporter', 'link'],
    additionalProperties: false,
    $defs: { person: { type: 'object', properties: { name: { type: 'string' }, email: { type: 'string', format: 'email' } }, required: ['name', 'email'], additionalProperties: false } },
  };
  const ask = (content: string, maxTokens = 2000) =>
    offlineAnswer(request(content, { response_format: { type: 'json_schema', json_schema: { name: 'ticket', schema: ticketSchema, strict: true } } }), maxTokens, Date.UTC(2026, 0, 2));

  it('fills every field with values the schema accepts, from the document', () => {
    const { content, finishReason } = ask(LONG_DOCUMENT);
    expect(finishReason).toBe('stop');
    const ticket = validatorFor(ticketSchema).parse(JSON.parse(content)) as Record<string, unknown>;
    expect(ticket.summary).toBe('Gateway rollout plan');
    expect(ticket.issueType).toBe('Story');
    expect(ticket.priority).toBe('High');
    expect(String(ticket.description).split('\n')[0]).toBe(NOTICE.en);
    for (const criterion of ticket.acceptanceCriteria as string[]) expect(LONG_DOCUMENT).toContain(criterion);
    expect(ticket.estimate).toBe(1);
  });

  it('stays valid JSON under a tight max_tokens by quoting fewer sentences', () => {
    const full = ask(LONG_DOCUMENT).content;
    const tight = ask(LONG_DOCUMENT, countTokens(full) - 30);
    expect(tight.finishReason).toBe('stop');
    expect(() => validatorFor(ticketSchema).parse(JSON.parse(tight.content))).not.toThrow();
  });

  it('fills a Japanese document with Japanese text', () => {
    const ticket = JSON.parse(ask(JAPANESE_DOCUMENT).content) as Record<string, unknown>;
    expect(ticket.summary).toBe('LiteLLMゲートウェイの導入記録');
    expect(String(ticket.description).split('\n')[0]).toBe(NOTICE.ja);
  });
});

describe('text analysis', () => {
  it('takes the longest delimited block as the document', () => {
    expect(documentText(`Instructions here.\n<page title="x">\n${LONG_DOCUMENT}\n</page>`)).toBe(LONG_DOCUMENT);
    expect(documentText(`Summarize:\n"""\n${LONG_DOCUMENT}\n"""`)).toBe(LONG_DOCUMENT);
    expect(documentText('Just a question?')).toBe('Just a question?');
  });

  it('tells Japanese from English', () => {
    expect(detectLanguage(JAPANESE_DOCUMENT)).toBe('ja');
    expect(detectLanguage(LONG_DOCUMENT)).toBe('en');
    expect(detectLanguage('The 予算 meter shows the remaining budget for the key.')).toBe('en');
  });

  it('splits on Japanese and Latin sentence ends', () => {
    expect(splitSentences('一つ目です。二つ目です！ Third one. Fourth? Fifth').map((s) => s.text)).toEqual(['一つ目です。', '二つ目です！', 'Third one.', 'Fourth?', 'Fifth']);
  });

  it('streams pieces of a few tokens that join back into the answer, whole characters only', () => {
    const text = `${NOTICE.ja}\n\n- 絵文字🎉も含みます。`;
    const pieces = streamPieces(text);
    expect(pieces.join('')).toBe(text);
    expect(pieces.every((p) => !p.includes('\uFFFD') && countTokens(p) <= 6)).toBe(true);
  });
});
