import { describe, expect, it } from 'vitest';
import ja from '../../public/_locales/ja/messages.json';
import { jiraValueLabel } from './labels';
import { PRIORITIES } from './ticket';

describe('Jira value labels', () => {
  it('names the standard types and priorities through the catalogue, and leaves a custom type as it is', () => {
    expect(jiraValueLabel('Bug')).toBe('Bug');
    expect(jiraValueLabel('Highest')).toBe('Highest');
    expect(jiraValueLabel('Spike')).toBe('Spike');
  });

  it('has a Japanese name for every priority and standard type', () => {
    const catalog = ja as Record<string, { message: string }>;
    for (const name of [...PRIORITIES, 'Bug', 'Task', 'Story', 'Epic', 'Subtask']) expect(catalog[`jiraValue_${name}`]?.message, name).toMatch(/^[^A-Za-z]+$/);
  });
});
