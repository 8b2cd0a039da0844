import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../settings/schema';
import { actionInstructions, actionTag, parseActions } from './action';
import { actionTitle } from '../runnables';
import { availableActions } from './available';

const good = { id: 'translate-ja', title: { ja: '日本語に翻訳', en: 'Translate to Japanese' }, instructions: 'Translate into {{language}}.', input: 'either', output: 'markdown' };

describe('actions the company or a person defines', () => {
  it('keeps well-formed actions and names the action and field of each malformed one', () => {
    const { actions, problems } = parseActions(
      [good, { ...good, id: 'no-title', title: {} }, { ...good, id: 'bad-input', input: 'tab' }, { ...good, id: 'other-model', model: 'gpt-9' }, { ...good }, { title: good.title }],
      'policy',
      ['sim-fast'],
    );
    expect(actions.map((a) => a.id)).toEqual(['translate-ja']);
    expect(actions[0]).toMatchObject({ origin: 'policy', surfaces: ['popup', 'menu', 'panel'] });
    expect(problems.map((p) => [p.action, p.field])).toEqual([
      ['no-title', 'title'],
      ['bad-input', 'input'],
      ['other-model', 'model'],
      ['translate-ja', 'id'],
      ['#6', 'id'],
      ['#6', 'instructions'],
      ['#6', 'input'],
      ['#6', 'output'],
    ]);
  });

  it('does not judge the model while the key’s models are unknown', () => {
    expect(parseActions([{ ...good, model: 'gpt-9' }], 'policy', null).problems).toEqual([]);
  });

  it('fills the language and points at the page’s title and URL without splicing them in', () => {
    const text = actionInstructions('Summarize {{title}} ({{url}}) in {{language}}.', 'ja');
    expect(text).toBe('Summarize the document title (given with the document) (the document URL (given with the document)) in Japanese (日本語).');
  });

  it('tags each policy action by id and every personal one alike', () => {
    expect(actionTag({ origin: 'policy', id: 'translate-ja' })).toBe('action:translate-ja');
    expect(actionTag({ origin: 'personal', id: 'mine' })).toBe('action:personal');
  });

  it('titles an action in the UI language, falling back to the other', () => {
    expect(actionTitle({ title: { ja: '翻訳' } }, 'en')).toBe('翻訳');
    expect(actionTitle(good, 'ja')).toBe('日本語に翻訳');
  });

  it('runs personal actions only while policy allows them', () => {
    const settings = { ...DEFAULT_SETTINGS, actions: [good] };
    const personal = [{ ...good, id: 'mine' }];
    expect(availableActions(settings, personal, null).actions.map((a) => `${a.origin}:${a.id}`)).toEqual(['policy:translate-ja', 'personal:mine']);
    expect(availableActions({ ...settings, allowPersonalActions: false }, personal, null).actions.map((a) => a.id)).toEqual(['translate-ja']);
  });

  it('the examples shipped for administrators are all valid', () => {
    const examples = JSON.parse(readFileSync(join(__dirname, '../../../docs/example-actions.json'), 'utf8')) as unknown[];
    const { actions, problems } = parseActions(examples, 'policy', null);
    expect(problems).toEqual([]);
    expect(actions.map((a) => [a.input, a.output])).toEqual([
      ['either', 'markdown'],
      ['either', 'markdown'],
      ['page', 'markdown'],
      ['selection', 'ticket'],
    ]);
  });
});
