import { describe, expect, it } from 'vitest';
import { separatePopupBuild } from './popup-build';

const page = (name: string) => ({ name });

describe('separatePopupBuild', () => {
  it('moves the popup out of the pages’ build into one of its own, leaving the other builds as they were', () => {
    const background = page('background');
    const groups = [[page('options'), page('popup'), page('sidepanel')], background];
    separatePopupBuild(groups);
    expect(groups).toEqual([[page('options'), page('sidepanel')], background, [page('popup')]]);
  });

  it('leaves the groups alone when the popup is already alone or absent', () => {
    const alone = [[page('options')], [page('popup')]];
    separatePopupBuild(alone);
    expect(alone).toEqual([[page('options')], [page('popup')]]);
    const none = [[page('options'), page('sidepanel')]];
    separatePopupBuild(none);
    expect(none).toEqual([[page('options'), page('sidepanel')]]);
  });
});
