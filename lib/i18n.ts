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

export function formatDate(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleDateString(uiLanguage() === 'ja' ? 'ja-JP' : 'en-US', { year: 'numeric', month: 'short', day: 'numeric' });
}

/** A date with its time, for resets within the day (a one-hour budget window). */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(uiLanguage() === 'ja' ? 'ja-JP' : 'en-US', { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
}
