import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CsvWriter, type ExportTable, NdjsonWriter } from './export-writers.js';

interface Row {
  label: string;
  amount: number | null;
  ok: boolean;
}
const table: ExportTable<Row> = { columns: ['label', 'amount', 'ok'], cells: (r) => [r.label, r.amount, r.ok], json: (r) => r };

describe('export writers', () => {
  it('neutralise text cells that a spreadsheet would run, and keep numbers numeric (a negative number is no formula)', () => {
    const csv = new CsvWriter(table);
    const rows: Row[] = [
      { label: '=HYPERLINK("http://evil.example","x")', amount: -3, ok: true },
      { label: '+1', amount: 0, ok: false },
      { label: '-2+3', amount: 2.5, ok: true },
      { label: '@SUM(A1:A2)', amount: null, ok: true },
      { label: '\tTab', amount: 1, ok: true },
      { label: '\rCR', amount: 1, ok: true },
      { label: '＝full-width', amount: 1, ok: true },
      { label: 'plain - text = fine', amount: 1, ok: true },
    ];
    const text = csv.start() + csv.write(rows.slice(0, 3)) + csv.write([]) + csv.write(rows.slice(3));
    const parsed = parse(text, { columns: true }) as Record<string, string>[];
    expect(parsed.map((r) => r.label)).toEqual(["'=HYPERLINK(\"http://evil.example\",\"x\")", "'+1", "'-2+3", "'@SUM(A1:A2)", "'\tTab", "'\rCR", "'＝full-width", 'plain - text = fine']);
    expect(parsed.map((r) => r.amount)).toEqual(['-3', '0', '2.5', '', '1', '1', '1', '1']);
    expect(parsed.map((r) => r.ok)).toEqual(['true', 'false', 'true', 'true', 'true', 'true', 'true', 'true']);
    expect(text.startsWith('label,amount,ok\r\n')).toBe(true);
    expect(csv.contentType).toBe('text/csv; charset=utf-8');
  });

  it('write NDJSON lines exactly as given', () => {
    const ndjson = new NdjsonWriter(table);
    expect(ndjson.start() + ndjson.write([{ label: '=1', amount: -1, ok: false }])).toBe('{"label":"=1","amount":-1,"ok":false}\n');
  });
});
