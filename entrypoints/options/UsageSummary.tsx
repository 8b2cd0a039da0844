/** The last 30 days: total, cost per day, and where the money went (feature, model). */
import { BarChart, type ChartBar } from '@/components/BarChart';
import { formatUsd, t, type MessageKey } from '@/lib/i18n';
import type { GroupCost, UsageSummary as Summary } from '@/lib/usage/aggregate';
import { featureLabel } from '@/lib/features/runnables';
import { formatCount, formatDay } from './usage-format';
import { UsageCost } from './UsageCost';

/** One tick a week, counted back from today, keeps 30 day labels from colliding. */
const TICK_EVERY_DAYS = 7;

function Breakdown<K extends string>({ title, keyHeading, groups, label, testId }: { title: MessageKey; keyHeading: MessageKey; groups: GroupCost<K>[]; label: (key: K) => string; testId: string }) {
  return (
    <div className="usage-breakdown">
      <h3>{t(title)}</h3>
      <table data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">{t(keyHeading)}</th>
            <th scope="col">{t('usageRequests')}</th>
            <th scope="col">{t('usageCost')}</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((group) => (
            <tr key={group.key} data-key={group.key} data-cost={group.cost}>
              <th scope="row">{label(group.key)}</th>
              <td className="number">{formatCount(group.requests)}</td>
              <td className="number">
                <UsageCost cost={group.cost} estimated={group.estimated} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function UsageSummary({ summary, actionName }: { summary: Summary; actionName(usageAction: string): string }) {
  const { total, days, byFeature, byAction, byModel } = summary;
  if (total.requests === 0) return <p className="muted" data-testid="usage-period-empty">{t('usagePeriodEmpty')}</p>;
  const bars: ChartBar[] = days.map((day, i) => ({
    key: day.day,
    label: formatDay(day.start),
    value: day.cost,
    valueText: formatUsd(day.cost),
    tick: (days.length - 1 - i) % TICK_EVERY_DAYS === 0 ? formatDay(day.start) : undefined,
  }));
  const highest = Math.max(...days.map((day) => day.cost));
  return (
    <>
      <p className="usage-total" data-testid="usage-total" data-cost={total.cost}>
        <strong>{t('usagePeriodTotal', formatUsd(total.cost), formatCount(total.requests))}</strong>
        <span className="muted"> · {t('usagePeriodTokens', formatCount(total.promptTokens), formatCount(total.completionTokens))}</span>
      </p>
      {total.unpriced > 0 && <p className="hint">{t('usageUnpriced', formatCount(total.unpriced))}</p>}
      <BarChart
        caption={t('usageChartTitle')}
        note={t('usageChartHighest', formatUsd(highest))}
        bars={bars}
        labelHeading={t('usageDay')}
        valueHeading={t('usageCost')}
        tableToggle={t('usageChartAsTable')}
        testId="usage-chart"
      />
      <div className="usage-breakdowns">
        <Breakdown title="usageByFeature" keyHeading="usageFeature" groups={byFeature} label={(feature) => featureLabel(feature)} testId="usage-by-feature" />
        {byAction.length > 0 && <Breakdown title="usageByAction" keyHeading="usageAction" groups={byAction} label={actionName} testId="usage-by-action" />}
        <Breakdown title="usageByModel" keyHeading="usageModel" groups={byModel} label={(model) => model} testId="usage-by-model" />
      </div>
    </>
  );
}
