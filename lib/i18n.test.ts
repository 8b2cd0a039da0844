import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { formatDate, formatDateTime } from './i18n';

/** Every hour of a day, and days across the year (local time: the runner's zone, as the browser's). */
const moments = [
  ...Array.from({ length: 24 }, (_, hour) => new Date(2026, 11, 1, hour, hour * 2)),
  ...Array.from({ length: 12 }, (_, month) => new Date(2027, month, 1 + month * 2, 9, 5)),
  new Date(2026, 0, 31, 23, 59),
];

function inLanguage(language: 'en' | 'ja') {
  const getMessage = fakeBrowser.i18n.getMessage;
  fakeBrowser.i18n.getMessage = ((key: string, subs?: string | string[]) => (key === '@@ui_locale' ? language : getMessage(key, subs))) as typeof getMessage;
}

describe('dates written without Intl (issue #17: the first formatter of a new renderer costs ~20 ms)', () => {
  for (const [language, locale] of [['en', 'en-US'], ['ja', 'ja-JP']] as const) {
    it(`match Intl's ${locale} forms for the same fields`, () => {
      inLanguage(language);
      // Newer ICU puts a narrow no-break space before AM/PM; Chromium's en-US form has a plain one (tests/e2e/scopes.spec.ts).
      const intl = (text: string) => text.replace(/\u202f/g, ' ');
      for (const moment of moments) {
        const iso = moment.toISOString();
        expect(formatDate(iso)).toBe(intl(moment.toLocaleDateString(locale, { year: 'numeric', month: 'short', day: 'numeric' })));
        expect(formatDateTime(iso)).toBe(intl(moment.toLocaleString(locale, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' })));
      }
    });
  }

  it('gives back what is not a date, and nothing for no date', () => {
    expect(formatDate('soon')).toBe('soon');
    expect(formatDateTime('soon')).toBe('soon');
    expect(formatDate(null)).toBe('');
  });
});
