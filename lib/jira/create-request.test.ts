import { describe, expect, it } from 'vitest';
import { HARD_BUG, draftWith } from '../../dev/jira/sample-drafts';
import { createIssueBody } from './create-request';
import { JiraTemplates } from './templates';
import { NO_PRIORITY } from './ticket';
import { toAdfDescription } from './to-adf';
import { toWikiDescription } from './to-wiki';

const templates = JiraTemplates.parse({ projectKey: 'PROJ' });

describe('createIssueBody', () => {
  it('sends ADF to Cloud and wiki markup to Data Center, with the same other fields', () => {
    const cloud = createIssueBody('cloud', HARD_BUG, templates);
    const datacenter = createIssueBody('datacenter', HARD_BUG, templates);
    expect(cloud.fields.description).toEqual(toAdfDescription(HARD_BUG, templates));
    expect(datacenter.fields.description).toBe(toWikiDescription(HARD_BUG, templates));
    const { description: _cloud, ...cloudRest } = cloud.fields;
    const { description: _datacenter, ...datacenterRest } = datacenter.fields;
    expect(cloudRest).toEqual(datacenterRest);
    expect(cloudRest).toEqual({
      project: { key: 'PROJ' },
      issuetype: { name: 'Bug' },
      summary: HARD_BUG.summary,
      priority: { name: 'High' },
      labels: ['login', 'regression'],
    });
  });

  it('sends no priority when the person chose "No priority"', () => {
    expect(createIssueBody('cloud', { ...HARD_BUG, priority: NO_PRIORITY }, templates).fields).not.toHaveProperty('priority');
  });

  it('leaves out labels when there are none', () => {
    expect(createIssueBody('cloud', draftWith({}), templates).fields).not.toHaveProperty('labels');
  });

  it('leaves out optional fields the create screen does not have', () => {
    const fields = createIssueBody('cloud', HARD_BUG, templates, new Set(['summary', 'issuetype', 'project', 'labels'])).fields;
    expect(Object.keys(fields).sort()).toEqual(['issuetype', 'labels', 'project', 'summary']);
  });
});
