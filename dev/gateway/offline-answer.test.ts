import { describe, expect, it } from 'vitest';
import { ASK_NOTICE, answerQuestion, readQuestionPrompt } from './offline-answer';

const prompt = [
  'A web page. Title: Notes',
  '<document>',
  '<part id="1">\nThe budget resets every month. Nothing else here.\n</part>',
  '<part id="2">\nVirtual keys expire after ninety days. Rate limits apply per key.\n</part>',
  '</document>',
  'Question: When do virtual keys expire?',
].join('\n');

describe('the offline model asked about a document in parts', () => {
  it('quotes the best-matching sentences with their part ids, under the simulator notice', () => {
    const parsed = readQuestionPrompt(prompt)!;
    expect(parsed.parts.map((p) => p.id)).toEqual([1, 2]);
    const answer = answerQuestion(parsed);
    expect(answer.split('\n')[0]).toBe(ASK_NOTICE.en);
    expect(answer).toContain('- Virtual keys expire after ninety days. [2]');
    expect(answer).not.toContain('[1]');
    expect(answerQuestion(parsed)).toBe(answer);
  });

  it('answers a Japanese question from Japanese parts', () => {
    const ja = '<document>\n<part id="4">\n予算は毎月リセットされます。キーは九十日で失効します。\n</part>\n</document>\nQuestion: キーはいつ失効しますか？';
    const answer = answerQuestion(readQuestionPrompt(ja)!);
    expect(answer.split('\n')[0]).toBe(ASK_NOTICE.ja);
    expect(answer).toContain('キーは九十日で失効します。 [4]');
    expect(answer).not.toContain('予算は');
  });

  it('says the document does not answer when no sentence shares a word', () => {
    expect(answerQuestion(readQuestionPrompt(prompt.replace(/Question: .*/, 'Question: zebras?'))!)).toContain('does not seem to say');
  });

  it('is not used for other prompts', () => {
    expect(readQuestionPrompt('Summarize a web page.\n<document>\ntext\n</document>')).toBeNull();
  });
});
