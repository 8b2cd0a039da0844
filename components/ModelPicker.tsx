import { t } from '@/lib/i18n';

export function ModelPicker({ models, value, locked, onChange }: { models: string[]; value: string; locked: boolean; onChange: (model: string) => void }) {
  if (models.length === 0) return <p className="muted" data-testid="no-models">{t('noModels')}</p>;
  return (
    <label className="field inline">
      <span>{t('model')}</span>
      <select data-testid="model" value={value} disabled={locked || models.length === 1} onChange={(e) => onChange(e.target.value)} title={locked ? t('lockedByPolicy') : undefined}>
        {models.map((m) => (
          <option key={m} value={m}>
            {m}
          </option>
        ))}
      </select>
    </label>
  );
}
