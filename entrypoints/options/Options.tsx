import { t } from '@/lib/i18n';
import { getSettings, watchSettings } from '@/lib/settings/store';
import { useStored } from '@/lib/ui/use-storage';
import { ConnectionSection } from './ConnectionSection';
import { DefaultsSection } from './DefaultsSection';
import { JiraSection } from './JiraSection';
import { UsageSection } from './UsageSection';

export function Options() {
  const settings = useStored(getSettings, watchSettings);
  if (!settings) return null;
  return (
    <main className="options">
      <h1>{t('optionsTitle')}</h1>
      <ConnectionSection settings={settings} />
      <DefaultsSection settings={settings} />
      <JiraSection settings={settings} />
      <UsageSection />
    </main>
  );
}
