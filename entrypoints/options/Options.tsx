import { t } from '@/lib/i18n';
import { getSettings, watchSettings } from '@/lib/settings/store';
import { useStored } from '@/lib/ui/use-storage';
import { ConnectionSection } from './ConnectionSection';
import { DefaultsSection } from './DefaultsSection';
import { JiraSection } from './JiraSection';
import { ActionsSection } from './ActionsSection';
import { readCatalog } from '@/lib/budget/store';
import { catalogItem } from '@/lib/storage/items';
import { UsageSection } from './UsageSection';

export function Options() {
  const settings = useStored(getSettings, watchSettings);
  const catalog = useStored(readCatalog, (cb) => catalogItem.watch(cb));
  if (!settings) return null;
  return (
    <main className="options">
      <h1>{t('optionsTitle')}</h1>
      <ConnectionSection settings={settings} />
      <DefaultsSection settings={settings} />
      <JiraSection settings={settings} />
      <ActionsSection settings={settings} models={catalog?.models ?? []} />
      <UsageSection />
    </main>
  );
}
