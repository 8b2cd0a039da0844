import { t } from '@/lib/i18n';
import { getSettings, watchSettings } from '@/lib/settings/store';
import { useStored } from '@/lib/ui/use-storage';
import { ConnectionSection } from './ConnectionSection';
import { DefaultsSection } from './DefaultsSection';

export function Options() {
  const settings = useStored(getSettings, watchSettings);
  if (!settings) return null;
  return (
    <main className="options">
      <h1>{t('optionsTitle')}</h1>
      <ConnectionSection settings={settings} />
      <DefaultsSection settings={settings} />
    </main>
  );
}
