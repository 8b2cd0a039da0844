import { Icon } from '@/components/Icon';
import { t } from '@/lib/i18n';

/** Why a control cannot be changed, and whom to ask when the organization named someone. */
export function Locked({ adminContact = '' }: { adminContact?: string }) {
  return (
    <span className="locked" data-testid="locked">
      <Icon name="lock" />
      <span>{adminContact ? t('lockedByPolicyContact', adminContact) : t('lockedByPolicy')}</span>
    </span>
  );
}
