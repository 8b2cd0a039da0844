/** Issue #13: the popup fits: no horizontal clipping at 400 px, and a finished answer's buttons show without scrolling. */
import { expect, test } from './support/fixtures';

const ARTICLE = '/corpus/pages/ars-1/source.html';

test('at 400 × 600 the popup does not clip sideways, and a finished summary shows Copy and its cost without scrolling', async ({ openPopupFor, connect, site }) => {
  await connect();
  const { popup } = await openPopupFor(site.url(ARTICLE));
  await popup.page.setViewportSize({ width: 400, height: 600 });
  const overflow = () => popup.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  await expect(popup.summarizeButton()).toBeVisible();
  expect(await overflow()).toBe(0);

  await popup.runJob(() => popup.summarize());
  // The answer is taller than the popup, yet Copy, Turn into ticket and the cost are in view.
  expect(await popup.page.evaluate(() => document.documentElement.scrollHeight)).toBeGreaterThan(600);
  expect(await popup.page.evaluate(() => window.scrollY)).toBe(0);
  await expect(popup.copyButton()).toBeInViewport({ ratio: 1 });
  await expect(popup.cost()).toBeInViewport({ ratio: 1 });
  // The model and options fold away once there is a result.
  await expect(popup.model()).toBeHidden();
  expect(await overflow()).toBe(0);
});

test('a Jira draft taller than the popup keeps its Copy and Create row in view', async ({ openPopupFor, connect, site }) => {
  await connect();
  const { popup } = await openPopupFor(site.url('/corpus/pages/gitlab-blog/source.html'));
  await popup.page.setViewportSize({ width: 400, height: 600 });
  await popup.runJob(() => popup.draftTicket());
  await expect(popup.copyForJiraButton()).toBeVisible();
  expect(await popup.page.evaluate(() => document.documentElement.scrollHeight)).toBeGreaterThan(600);
  await expect(popup.copyForJiraButton()).toBeInViewport({ ratio: 1 });
});
