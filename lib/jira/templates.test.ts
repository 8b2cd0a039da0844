import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES, JiraTemplates, headingsFor, layoutOf, sectionsFor } from './templates';

describe('JiraTemplates', () => {
  it('defaults to Bug, Task and Story with no project, labels or heading overrides', () => {
    expect(DEFAULT_TEMPLATES).toEqual({
      projectKey: '',
      issueTypes: [
        { name: 'Bug', layout: 'bug' },
        { name: 'Task', layout: 'task' },
        { name: 'Story', layout: 'task' },
      ],
      defaultLabels: [],
      headings: {},
    });
  });

  it('accepts Jira project keys and refuses what Jira would not take', () => {
    expect(JiraTemplates.safeParse({ projectKey: 'OPS_2' }).success).toBe(true);
    for (const key of ['ops', '2OPS', 'OPS-1', 'O P']) expect(JiraTemplates.safeParse({ projectKey: key }).success).toBe(false);
    expect(JiraTemplates.safeParse({ issueTypes: [] }).success).toBe(false);
    expect(JiraTemplates.parse({ defaultLabels: ['from browser'] }).defaultLabels).toEqual(['from-browser']);
  });
});

describe('sections and headings', () => {
  const templates = JiraTemplates.parse({ issueTypes: [{ name: 'Defect', layout: 'bug' }], headings: { source: 'Found at' } });

  it('gives each type the sections of its layout, and unknown types the task sections', () => {
    expect(sectionsFor('Defect', templates)).toEqual(['background', 'stepsToReproduce', 'expected', 'actual']);
    expect(layoutOf('Bug', templates)).toBe('task');
    expect(sectionsFor('Improvement', DEFAULT_TEMPLATES)).toEqual(['background', 'whatToDo', 'acceptanceCriteria']);
  });

  it('writes headings in Japanese for Japanese tickets, in English otherwise, under the organization overrides', () => {
    expect(headingsFor('ja-JP', DEFAULT_TEMPLATES).stepsToReproduce).toBe('再現手順');
    expect(headingsFor('de', DEFAULT_TEMPLATES).stepsToReproduce).toBe('Steps to reproduce');
    expect(headingsFor('ja', templates).source).toBe('Found at');
  });
});
