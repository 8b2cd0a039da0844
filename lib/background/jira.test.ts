import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { jiraCreatedItem } from '../storage/items';
import { forgetJiraCreated } from './jira';

describe('the record of issues created from jobs', () => {
  beforeEach(() => fakeBrowser.reset());

  it("ends with the tab: a closed tab's jobs leave no entry, other tabs' stay (tab 1 is not tab 12)", async () => {
    const issue = (key: string) => ({ key, url: `https://jira.test/browse/${key}` });
    await jiraCreatedItem.setValue({ '1-100': issue('A-1'), '1-200': issue('A-2'), '12-100': issue('A-3') });
    await forgetJiraCreated(1);
    expect(await jiraCreatedItem.getValue()).toEqual({ '12-100': issue('A-3') });
    await forgetJiraCreated(5);
    expect(await jiraCreatedItem.getValue()).toEqual({ '12-100': issue('A-3') });
  });
});
