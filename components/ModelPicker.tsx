import { t } from '@/lib/i18n';

/** `unavailable`: models whose own budget is used up; still listed, so the person sees why, but not pickable. */
export function ModelPicker({
  models,
  unavailable = [],
  value,
  locked,
  onChange,
}: {
  models: string[];
  unavailable?: readonly string[];
  value: string;
  locked: boolean;
  onChange: (model: string) => void;
}) {
  if (models.length === 0) return <p className="muted" data-testid="no-models">{t('noModels')}</p>;
  return (
    <label className="field inline">
      <span>{t('model')}</span>
      <select data-testid="model" value={value} disabled={locked || models.length === 1} onChange={(e) => onChange(e.target.value)} title={locked ? t('lockedByPolicy') : undefined}>
        {models.map((m) => (
          <option key={m} value={m} disabled={unavailable.includes(m)} data-unavailable={unavailable.includes(m)}>
            {unavailable.includes(m) ? t('budgetModelUsedUp', m) : m}
          </option>
        ))}
      </select>
    </label>
  );
}
