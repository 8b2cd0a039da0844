import { t, uiLanguage } from '../i18n';

/** Sets the page language (for screen readers and CJK font choice) and the title. */
export function localizeDocument(titleKey: Parameters<typeof t>[0] = 'extName'): void {
  document.documentElement.lang = uiLanguage();
  document.title = t(titleKey);
}
