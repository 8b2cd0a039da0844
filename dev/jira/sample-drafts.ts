/**
 * Ticket drafts whose text is full of what breaks converters: markup characters of all three
 * formats, code fences, nested lists, tables, URLs with brackets and pipes, backslashes, Japanese.
 * Shared by the converter tests and usable by the demo.
 */
import type { TicketDraft } from '../../lib/jira/ticket';

export const HARD_BUG: TicketDraft = {
  summary: 'Login fails with {code} [x] | *stars* _under_ -dash- #1 and `ticks`',
  issueType: 'Bug',
  priority: 'High',
  description: {
    background: [
      'Since v2.3 the *login* page (https://example.com/login?next=/a_b&x=1) returns 500.',
      'See [the runbook](https://wiki.example.com/runbook_(v2)) and `config.{env}.json`; a * b = c, snake_case_name.',
      '',
      '- first point',
      '  - nested with `code`',
      '    1. deeper ordered',
      '- second point',
      '',
      '| Browser | Result |',
      '| --- | --- |',
      '| Chrome 120 | fails \\| 500 |',
      '| Firefox | |',
      '',
      '# not a heading',
      'h1. not a heading either',
      '----',
      '{noformat} C:\\path\\to\\*.txt and \\\\server\\share',
    ].join('\n'),
    stepsToReproduce: ['Open https://example.com/login.', '1. Enter user `admin` and password `p*ss_w|rd`', 'Click **Sign in**', '   '],
    expected: 'The dashboard opens.',
    actual: ['An error page:', '```json', '{"error": "boom", "path": "{code}"}', '```'].join('\n'),
    whatToDo: 'not shown for a bug',
    acceptanceCriteria: ['not shown for a bug'],
  },
  labels: ['login', 'regression'],
  sourceUrl: 'https://example.com/issues/42?filter=[open]|all',
  sourceTitle: 'Issue 42 | Example [beta]',
  language: 'en',
};

export const JAPANESE_TASK: TicketDraft = {
  summary: 'ログイン画面の「次へ」ボタンが反応しない',
  issueType: 'Task',
  priority: 'Medium',
  description: {
    background: '社内ポータル（https://portal.example.jp/login）で発生。詳細はhttps://example.jp/docs参照。',
    stepsToReproduce: [],
    expected: '',
    actual: '',
    whatToDo: ['1. ボタンのイベントハンドラを修正する', '2. `onClick` のテストを追加する', '   - 単体テスト', '   - E2Eテスト'].join('\n'),
    acceptanceCriteria: ['「次へ」を押すと次の画面に進む', '- [ ] エラー時は *赤字* でメッセージを表示する', ''],
  },
  labels: ['frontend'],
  sourceUrl: 'https://portal.example.jp/page',
  sourceTitle: '社内ポータル',
  language: 'ja',
};

export const EMPTY_STORY: TicketDraft = {
  summary: 'Nothing but a summary',
  issueType: 'Story',
  priority: 'Low',
  description: { background: '  \n ', stepsToReproduce: [], expected: '', actual: '', whatToDo: '', acceptanceCriteria: ['', ' '] },
  labels: [],
  sourceUrl: '',
  sourceTitle: '',
  language: 'en',
};

/** A plain Task whose description holds only `description`, for one converter case at a time. */
export function draftWith(description: Partial<TicketDraft['description']>, draft: Partial<Omit<TicketDraft, 'description'>> = {}): TicketDraft {
  return {
    ...EMPTY_STORY,
    issueType: 'Task',
    ...draft,
    description: { ...EMPTY_STORY.description, background: '', acceptanceCriteria: [], ...description },
  };
}
