import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { CsvWriter, type ExportTable, NdjsonWriter, PIECE_CHARS } from './export-writers.js';

interface Row {
  label: string;
  amount: number | null;
  ok: boolean;
}
const table: ExportTable<Row> = { columns: ['label', 'amount', 'ok'], cells: (r) => [r.label, r.amount, r.ok], json: (r) => JSON.stringify(r) };

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
    const text = csv.start() + csv.write(rows.slice(0, 3)).join('') + csv.write([]).join('') + csv.write(rows.slice(3)).join('');
    const parsed = parse(text, { columns: true }) as Record<string, string>[];
    expect(parsed.map((r) => r.label)).toEqual(["'=HYPERLINK(\"http://evil.example\",\"x\")", "'+1", "'-2+3", "'@SUM(A1:A2)", "'\tTab", "'\rCR", "'＝full-width", 'plain - text = fine']);
    expect(parsed.map((r) => r.amount)).toEqual(['-3', '0', '2.5', '', '1', '1', '1', '1']);
    expect(parsed.map((r) => r.ok)).toEqual(['true', 'false', 'true', 'true', 'true', 'true', 'true', 'true']);
    expect(text.startsWith('label,amount,ok\r\n')).toBe(true);
    expect(csv.contentType).toBe('text/csv; charset=utf-8');
  });

  it('write what csv-stringify with escape_formulas wrote, cell for cell, and quote line breaks, which it did not', () => {
    const texts = ['', 'plain', 'a,b', 'say "hi"', '\r\nx', '=1+1', '=a,"b"', '+', '-', '-x', '@me', '\tx', '＝', '＋1', '－1', '＠a', "'quoted", ' lead', 'ünïcode, 表', '{"a":[1,2]}'];
    const numbers = [0, -3, 2.5, -0.25, 1e21, Number.NaN];
    const cells = [...texts, ...numbers, true, false, null];
    const wide: ExportTable<(typeof cells)[number][]> = { columns: cells.map((_, i) => `c${i}`), cells: (r) => r, json: (r) => JSON.stringify(r) };
    const rows = [cells, [...cells].reverse(), texts.map((t) => `${t}${t}`)];
    const options = { escape_formulas: true, record_delimiter: '\r\n', cast: { boolean: (v: boolean) => (v ? 'true' : 'false') } } as const;
    const csv = new CsvWriter(wide);
    expect(csv.start() + csv.write(rows).join('')).toBe(stringify([wide.columns, ...rows], options));
    // csv-stringify left a lone LF or CR unquoted (with a CRLF record delimiter), which splits the row for a reader.
    const lines: ExportTable<string> = { columns: ['text', 'n'], cells: (t) => [t, 1], json: (t) => JSON.stringify(t) };
    const multi = ['two\nlines', 'cr\r', '=one\ntwo'];
    const text = new CsvWriter(lines).start() + new CsvWriter(lines).write(multi).join('');
    expect(text).toBe('text,n\r\n"two\nlines",1\r\n"cr\r",1\r\n"\'=one\ntwo",1\r\n');
    expect((parse(text, { columns: true }) as { text: string }[]).map((r) => r.text)).toEqual(['two\nlines', 'cr\r', "'=one\ntwo"]);
  });

  it('cut a batch into pieces of whole rows, each about PIECE_CHARS long, that join to the same text', () => {
    const rows: Row[] = Array.from({ length: 3000 }, (_, i) => ({ label: `row ${i} ${'x'.repeat(i % 50)}, "quoted"`, amount: i, ok: i % 2 === 0 }));
    const csv = new CsvWriter(table);
    const pieces = csv.write(rows);
    expect(pieces.length).toBeGreaterThan(2);
    for (const piece of pieces) {
      expect(piece.endsWith('\r\n')).toBe(true);
      expect(piece.length).toBeLessThan(PIECE_CHARS + 100);
    }
    expect(pieces.slice(0, -1).every((p) => p.length >= PIECE_CHARS)).toBe(true);
    const whole = pieces.join('');
    expect(parse(csv.start() + whole, { columns: true })).toHaveLength(3000);
    expect(whole).toBe(rows.map((r) => csv.write([r]).join('')).join(''));
    const ndjson = new NdjsonWriter(table).write(rows);
    expect(ndjson.length).toBeGreaterThan(2);
    expect(ndjson.join('').trimEnd().split('\n').map((l) => JSON.parse(l))).toEqual(rows);
  });

  it('write NDJSON lines exactly as given', () => {
    const ndjson = new NdjsonWriter(table);
    expect(ndjson.start() + ndjson.write([{ label: '=1', amount: -1, ok: false }]).join('')).toBe('{"label":"=1","amount":-1,"ok":false}\n');
  });
});
