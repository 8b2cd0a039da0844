/** How the usage view names features and writes times, in the UI's language. */
import { uiLanguage } from '@/lib/i18n';

const locale = () => (uiLanguage() === 'ja' ? 'ja-JP' : 'en-US');

/** The year only when it is not this one: the table is narrow and most rows are recent. */
export function formatDateTime(time: number): string {
  const date = new Date(time);
  const year = date.getFullYear() === new Date().getFullYear() ? undefined : 'numeric';
  return date.toLocaleString(locale(), { year, month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export const formatDay = (time: number) => new Date(time).toLocaleDateString(locale(), { month: 'short', day: 'numeric' });

export const formatCount = (n: number) => n.toLocaleString(locale());
