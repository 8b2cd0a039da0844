/** Issue #6, "My usage": the recorded requests as a chart, tables and a CSV, against the simulator. */
import { localDay } from '../../lib/usage/aggregate';
import type { UsageEntry } from '../../lib/usage/entry';
import { expect, test } from './support/fixtures';
import { read, seed } from './support/state';

const PAGES = ['ars-1', 'bbc-1', 'v8-blog'].map((name) => `/corpus/pages/${name}/source.html`);

/** Noon, `daysAgo` local calendar days back: far from midnight and from DST changes. */
const noon = (daysAgo: number) => {
  const today = new Date();
  return new Date(today.getFullYear(), today.getMonth(), today.getDate() - daysAgo, 12).getTime();
};

const CSV_HEADER = 'time,page title,page url,feature,action,model,prompt tokens,completion tokens,cost usd,estimated';

test('three summaries appear in My usage with the simulator’s costs, in the chart, by feature and in the CSV; clearing empties it', async ({
  connect,
  openPopupFor,
  openOptions,
  site,
  gateway,
  ext,
}) => {
  await connect();
  for (const path of PAGES) {
    const { page, popup } = await openPopupFor(site.url(path));
    await popup.summarize();
    await expect(popup.job()).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
    await popup.close();
    await page.close();
  }
  const calls = (await gateway.control.log()).filter((entry) => entry.path.endsWith('/chat/completions') && entry.status === 200);
  expect(calls).toHaveLength(3);
  const totalCost = calls.reduce((sum, call) => sum + call.cost, 0);

  const options = await openOptions();
  const rows = options.usageRows();
  await expect(rows).toHaveCount(3);
  // Newest first: the last page summarized is the first row, and each row costs what the gateway charged.
  const newestFirst = calls.slice().reverse();
  const urls = PAGES.map((path) => site.url(path)).reverse();
  for (const [i, call] of newestFirst.entries()) {
    const row = rows.nth(i);
    expect(call.cost).toBeGreaterThan(0);
    expect(Number(await row.getAttribute('data-cost'))).toBeCloseTo(call.cost, 6);
    await expect(options.usageRowCost(row)).toContainText('$');
    await expect(row.getByRole('link')).toHaveAttribute('href', urls[i]!);
    await expect(row).toHaveAttribute('data-feature', 'summarize');
  }
  expect(Number(await options.usageTotal().getAttribute('data-cost'))).toBeCloseTo(totalCost, 6);
  await expect(options.usageTotal()).toContainText('3 requests');

  const chart = options.usageChart();
  await expect(chart.locator('[data-key]')).toHaveCount(30);
  expect(Number(await chart.locator(`[data-key="${localDay(Date.now())}"]`).getAttribute('data-value'))).toBeCloseTo(totalCost, 6);
  await expect(chart.locator('[data-key]:not([data-value="0"])')).toHaveCount(1);

  const summarize = options.usageByFeature().locator('[data-key="summarize"]');
  await expect(summarize).toContainText('Summarize page');
  await expect(summarize).toContainText('3');

  const { fileName, text } = await options.exportUsageCsv();
  expect(fileName).toBe(`gateway-assistant-usage-${localDay(Date.now())}.csv`);
  expect(text.startsWith(`\uFEFF${CSV_HEADER}\r\n`)).toBe(true);
  const lines = text.slice(1).trimEnd().split('\r\n').slice(1);
  expect(lines).toHaveLength(3);
  for (const [i, call] of calls.entries()) expect(Number(lines[i]!.split(',').at(-2))).toBeCloseTo(call.cost, 6);

  // Escape backs out of the confirmation; only the explicit button deletes.
  await options.askToClearUsage();
  await expect(options.keepUsageButton()).toBeFocused();
  await options.page.keyboard.press('Escape');
  await expect(options.deleteUsageButton()).toHaveCount(0);
  await expect(rows).toHaveCount(3);
  await options.askToClearUsage();
  await options.deleteUsageButton().click();
  await expect(options.usageEmpty()).toContainText('No requests yet');
  await expect(options.usageNote()).toHaveText('History cleared.');
  await expect(rows).toHaveCount(0);
  expect(await read(ext, 'usage')).toEqual([]);
});

test('a seeded history spread over days: bars on those days only, 30-day totals, show more, and a CSV Excel reads', async ({ ext, openOptions }) => {
  let n = 0;
  const entry = (time: number, extra: Partial<UsageEntry> = {}): UsageEntry => ({
    id: `seed-${n++}`,
    time,
    feature: 'summarize',
    action: null,
    model: 'sim-fast',
    promptTokens: 1000,
    completionTokens: 100,
    cost: 0.001,
    estimated: false,
    pageTitle: 'Release notes',
    pageUrl: 'https://example.com/notes',
    ...extra,
  });
  const japaneseTitle = '障害報告、"第2版"';
  const history = [
    entry(noon(45), { model: 'old-model', cost: 1 }),
    ...Array.from({ length: 55 }, () => entry(noon(10))),
    entry(noon(3), { feature: 'summarize-selection', cost: 0.05, pageTitle: japaneseTitle }),
    entry(noon(0) - 60_000, { feature: 'jira-draft', model: 'sim-cache', cost: 0.06 }),
    entry(noon(0), { feature: 'jira-draft', model: 'sim-cache', cost: 0.04, estimated: true }),
  ];
  await seed(ext, { usage: history });

  const options = await openOptions();
  const chart = options.usageChart();
  await expect(chart.locator('[data-key]')).toHaveCount(30);
  const nonZero = await chart.locator('[data-key]:not([data-value="0"])').evaluateAll((bars) => bars.map((bar) => [bar.getAttribute('data-key'), Number(bar.getAttribute('data-value'))]));
  expect(nonZero.map(([day]) => day)).toEqual([localDay(noon(10)), localDay(noon(3)), localDay(noon(0))]);
  expect(nonZero.map(([, cost]) => cost)).toEqual([expect.closeTo(0.055, 6), expect.closeTo(0.05, 6), expect.closeTo(0.1, 6)]);

  // The 45-day-old request is outside the period: not in the total, nor in the model table.
  expect(Number(await options.usageTotal().getAttribute('data-cost'))).toBeCloseTo(0.205, 6);
  await expect(options.usageTotal()).toContainText('58 requests');
  await expect(options.usageByModel().locator('[data-key]')).toHaveCount(2);
  await expect(options.usageByModel()).not.toContainText('old-model');
  await expect(options.usageByFeature().locator('[data-key]').first()).toHaveAttribute('data-key', 'jira-draft');
  await expect(options.page.getByText('≈ marks a cost computed')).toBeVisible();

  // The chart's numbers are also a table, one keyboard press away.
  await options.page.getByText('Show the numbers as a table').focus();
  await options.page.keyboard.press('Enter');
  await expect(chart.getByRole('table').getByRole('row')).toHaveCount(31);

  const rows = options.usageRows();
  await expect(rows).toHaveCount(50);
  await expect(rows.first()).toHaveAttribute('data-feature', 'jira-draft');
  await expect(options.usageShowing()).toHaveText('Showing 50 of 59');
  await options.showMoreUsage();
  await expect(rows).toHaveCount(59);
  await expect(options.showMoreUsageButton()).toHaveCount(0);

  const { text } = await options.exportUsageCsv();
  expect(text.charCodeAt(0)).toBe(0xfeff);
  expect(text).toContain(`"障害報告、""第2版"""`);
  expect(text.trimEnd().split('\r\n')).toHaveLength(1 + history.length);

  await expect(options.keepPageText()).not.toBeChecked();
  await options.keepPageText().check();
  await expect.poll(() => read(ext, 'keepUsageText')).toBe(true);
});

test.describe('in Japanese', () => {
  test.use({ lang: 'ja' });

  test('the empty usage view speaks Japanese', async ({ openOptions }) => {
    const options = await openOptions();
    await expect(options.page.getByRole('heading', { name: '利用状況' })).toBeVisible();
    await expect(options.usageEmpty()).toContainText('まだリクエストはありません');
    await expect(options.keepPageText()).not.toBeChecked();
  });
});
