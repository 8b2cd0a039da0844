/**
 * UI strings through chrome.i18n (public/_locales/{en,ja}), so the UI follows the browser's
 * language with no code of ours choosing it. Keys are typed from the English catalogue.
 */
import type en from '../public/_locales/en/messages.json';

export type MessageKey = keyof typeof en;

export function t(key: MessageKey, ...substitutions: (string | number)[]): string {
  const text = browser.i18n.getMessage(key, substitutions.map(String));
  return text || key;
}

/** 'ja' or 'en': the language the UI is showing, for formatting numbers and dates to match. */
export function uiLanguage(): 'ja' | 'en' {
  return browser.i18n.getMessage('@@ui_locale').startsWith('ja') || t('localeCode') === 'ja' ? 'ja' : 'en';
}

export function formatUsd(amount: number): string {
  const digits = amount !== 0 && Math.abs(amount) < 0.01 ? 4 : 2;
  return `$${amount.toFixed(digits)}`;
}

/*
 * Dates are written out here, not by Intl.DateTimeFormat: the first formatter a renderer makes loads
 * ICU's locale and calendar data (16–24 ms for the first, 0.1–0.2 ms after, measured in Node; the
 * same ICU in Chromium), and a popup opened in a new process paid that inside its first render, for
 * the budget's reset date (issue #17). The UI has two languages; these are the forms Chrome gives for
 * en-US and ja-JP with the same fields (lib/i18n.test.ts compares them with Intl's).
 */
const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function localDate(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "Dec 1, 2026" / "2026年12月1日", in the browser's time zone. */
export function formatDate(iso: string | null): string {
  if (!iso) return '';
  const date = localDate(iso);
  if (!date) return iso;
  const [year, month, day] = [date.getFullYear(), date.getMonth(), date.getDate()];
  return uiLanguage() === 'ja' ? `${year}年${month + 1}月${day}日` : `${MONTHS_EN[month]} ${day}, ${year}`;
}

/** A date with its time, for resets within the day (a one-hour budget window): "Dec 1, 3:05 PM" / "12月1日 15:05". */
export function formatDateTime(iso: string): string {
  const date = localDate(iso);
  if (!date) return iso;
  const [month, day, hours] = [date.getMonth(), date.getDate(), date.getHours()];
  const minutes = String(date.getMinutes()).padStart(2, '0');
  if (uiLanguage() === 'ja') return `${month + 1}月${day}日 ${hours}:${minutes}`;
  return `${MONTHS_EN[month]} ${day}, ${hours % 12 || 12}:${minutes} ${hours < 12 ? 'AM' : 'PM'}`;
}
