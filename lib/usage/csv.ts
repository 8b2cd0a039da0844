/** The usage history as CSV (RFC 4180), for a spreadsheet or an expense report. */
import { localDay } from './aggregate';
import type { UsageEntry } from './entry';

/**
 * Excel decodes a CSV without a byte order mark in the system's legacy code page (Shift_JIS on
 * Japanese Windows), which turns every Japanese page title into mojibake; the BOM makes it read UTF-8.
 */
const BOM = '\uFEFF';

export const CSV_HEADER = ['time', 'page title', 'page url', 'feature', 'action', 'model', 'prompt tokens', 'completion tokens', 'cost usd', 'estimated'];

/**
 * Page titles and URLs come from web pages: a cell starting with = + - @ (or a tab or CR) is run
 * as a formula by Excel, so such cells get a leading apostrophe (OWASP "CSV Injection").
 */
function inert(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** RFC 4180 §2.6–2.7: quote a field holding a comma, quote or line break, doubling its quotes. */
function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Plain decimal notation: String(3e-7) is "3e-7", which spreadsheets may read as text. */
function dollars(cost: number | null): string {
  if (cost === null) return '';
  return cost.toFixed(10).replace(/\.?0+$/, '');
}

function row(entry: UsageEntry): string[] {
  return [
    new Date(entry.time).toISOString(),
    inert(entry.pageTitle),
    inert(entry.pageUrl),
    entry.feature,
    inert(entry.action ?? ''),
    inert(entry.model),
    String(entry.promptTokens),
    String(entry.completionTokens),
    dollars(entry.cost),
    String(entry.estimated),
  ];
}

/** One row per entry, in the order given; CRLF line ends as RFC 4180 §2.1 asks. */
export function usageCsv(entries: readonly UsageEntry[]): string {
  return BOM + [CSV_HEADER, ...entries.map(row)].map((cells) => cells.map(field).join(',')).join('\r\n') + '\r\n';
}

export function usageCsvFileName(now: number): string {
  return `gateway-assistant-usage-${localDay(now)}.csv`;
}
