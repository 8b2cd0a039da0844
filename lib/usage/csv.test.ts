import { describe, expect, it } from 'vitest';
import { CSV_HEADER, usageCsv, usageCsvFileName } from './csv';
import type { UsageEntry } from './entry';

const entry = (extra: Partial<UsageEntry> = {}): UsageEntry => ({
  id: 'e1',
  time: Date.UTC(2026, 2, 15, 9, 30, 0),
  feature: 'summarize',
  action: null,
  model: 'sim-fast',
  promptTokens: 1200,
  completionTokens: 150,
  cost: 0.0027,
  estimated: false,
  pageTitle: 'Plain title',
  pageUrl: 'https://example.com/a',
  ...extra,
});

/** A small RFC 4180 reader, to check that what we write reads back as what we meant. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    } else cell += c;
  }
  return rows;
}

describe('usage CSV', () => {
  it('starts with a UTF-8 BOM and the header, and ends each line with CRLF', () => {
    const csv = usageCsv([]);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toBe('\uFEFFtime,page title,page url,feature,action,model,prompt tokens,completion tokens,cost usd,estimated\r\n');
  });

  it('writes one row per entry with ISO time and plain decimal cost', () => {
    const rows = parseCsv(usageCsv([entry(), entry({ cost: 3e-7, estimated: true }), entry({ cost: null, feature: 'action', action: 'translate-ja' })]).slice(1));
    expect(rows[0]).toEqual(CSV_HEADER);
    expect(rows.slice(1)).toEqual([
      ['2026-03-15T09:30:00.000Z', 'Plain title', 'https://example.com/a', 'summarize', '', 'sim-fast', '1200', '150', '0.0027', 'false'],
      ['2026-03-15T09:30:00.000Z', 'Plain title', 'https://example.com/a', 'summarize', '', 'sim-fast', '1200', '150', '0.0000003', 'true'],
      ['2026-03-15T09:30:00.000Z', 'Plain title', 'https://example.com/a', 'action', 'translate-ja', 'sim-fast', '1200', '150', '', 'false'],
    ]);
  });

  it('quotes commas, quotes and line breaks, and keeps Japanese as it is', () => {
    const title = '障害報告、"第2版"\r\n原因と対策';
    const csv = usageCsv([entry({ pageTitle: title, pageUrl: 'https://example.com/?a=1,2' })]);
    expect(csv).toContain('"障害報告、""第2版""\r\n原因と対策"');
    expect(parseCsv(csv.slice(1))[1]?.slice(1, 3)).toEqual([title, 'https://example.com/?a=1,2']);
  });

  it('keeps a hostile page title from running as a spreadsheet formula', () => {
    const rows = parseCsv(usageCsv([entry({ pageTitle: '=HYPERLINK("https://evil.example","x")' }), entry({ pageTitle: '-2+3' })]).slice(1));
    expect(rows[1]?.[1]).toBe('\'=HYPERLINK("https://evil.example","x")');
    expect(rows[2]?.[1]).toBe("'-2+3");
  });

  it('names the file by the local date', () => {
    expect(usageCsvFileName(new Date(2026, 0, 7, 23, 0).getTime())).toBe('gateway-assistant-usage-2026-01-07.csv');
  });
});
