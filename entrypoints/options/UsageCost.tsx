/** A dollar amount in the usage view: ≈ when estimated from prices, "unknown" when nobody knows. */
import { formatUsd, t } from '@/lib/i18n';

export function UsageCost({ cost, estimated }: { cost: number | null; estimated: boolean }) {
  if (cost === null) return <span className="muted">{t('usageCostUnknown')}</span>;
  if (!estimated) return <>{formatUsd(cost)}</>;
  return (
    <span title={t('usageEstimated')}>
      <span aria-hidden="true">≈</span>
      {formatUsd(cost)}
      <span className="visually-hidden"> ({t('usageEstimated')})</span>
    </span>
  );
}
