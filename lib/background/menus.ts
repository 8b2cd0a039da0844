/** The right-click menu: what it offers follows the settings (features an admin turned off are not shown). */
import { t } from '../i18n';
import type { Feature, Settings } from '../settings/schema';

export const MENU_ITEMS: { id: string; feature: Feature; contexts: ['page'] | ['selection']; title: Parameters<typeof t>[0] }[] = [
  { id: 'summarize-page', feature: 'summarize', contexts: ['page'], title: 'menuSummarizePage' },
  { id: 'summarize-selection', feature: 'summarize-selection', contexts: ['selection'], title: 'menuSummarizeSelection' },
  { id: 'draft-ticket-selection', feature: 'jira-draft', contexts: ['selection'], title: 'menuDraftTicket' },
];

export async function buildMenus(settings: Settings): Promise<void> {
  await browser.contextMenus.removeAll();
  for (const item of MENU_ITEMS) {
    if (settings.disabledFeatures.includes(item.feature)) continue;
    browser.contextMenus.create({ id: item.id, title: t(item.title), contexts: item.contexts });
  }
}

export function menuFeature(menuItemId: string | number): Feature | null {
  return MENU_ITEMS.find((item) => item.id === menuItemId)?.feature ?? null;
}
