import { describe, expect, it } from 'vitest';
import { separatePageBuilds } from './page-builds';

const page = (name: string) => ({ name });

describe('separatePageBuilds', () => {
  it('moves each named page out of the pages’ build into one of its own, leaving the other builds as they were', () => {
    const background = page('background');
    const groups = [[page('options'), page('popup'), page('sidepanel')], background];
    separatePageBuilds(groups, ['popup', 'sidepanel']);
    expect(groups).toEqual([[page('options')], background, [page('popup')], [page('sidepanel')]]);
  });

  it('leaves the groups alone when the page is already alone or absent', () => {
    const alone = [[page('options')], [page('popup')]];
    separatePageBuilds(alone, ['popup']);
    expect(alone).toEqual([[page('options')], [page('popup')]]);
    const none = [[page('options'), page('sidepanel')]];
    separatePageBuilds(none, ['popup']);
    expect(none).toEqual([[page('options'), page('sidepanel')]]);
  });
});
