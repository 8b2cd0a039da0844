import { t } from '@/lib/i18n';

export function Locked() {
  return (
    <span className="locked" data-testid="locked">
      🔒 {t('lockedByPolicy')}
    </span>
  );
}
