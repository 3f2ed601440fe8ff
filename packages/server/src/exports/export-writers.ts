import type { ExportFormat } from '@reelback/shared';

export type Cell = string | number | boolean | null;

/** How one kind of row is written: its CSV columns and cells, and its NDJSON object. */
export interface ExportTable<R> {
  columns: readonly string[];
  cells(row: R): Cell[];
  json(row: R): unknown;
}

/** Turns batches of rows into text chunks of one format; each call is independent, so memory stays one batch. */
export interface ExportWriter<R> {
  readonly contentType: string;
  readonly extension: string;
  /** What opens the file (the CSV header row), or ''. */
  start(): string;
  write(rows: readonly R[]): string;
}

/** Cells a spreadsheet would run as a formula: `=`, `+`, `-`, `@`, tab or CR first, or their full-width forms. */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
/** Cells that must be quoted (RFC 4180): a quote, the delimiter or a line break anywhere. */
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV cell. Text starting like a formula gets a leading `'`, so a spreadsheet shows it as text instead of running
 * it (OWASP "CSV injection"); numbers are written as numbers (`-3` stays `-3`: a numeric cell is not a formula);
 * booleans are `true`/`false`; absent values are empty cells. The rules are csv-stringify's with `escape_formulas`
 * (the writer this replaced; the output is the same) except that a lone LF or CR is quoted too (csv-stringify left
 * them bare with a CRLF record delimiter, which splits the row for a reader). Written out because per cell they
 * cost a fraction of its general machinery, which a million-row export feels (bench/analytics).
 */
export function csvCell(value: Cell | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * RFC 4180 CSV: comma-separated, CRLF after every record (the header row too), quotes only where needed, with the
 * formula neutralisation of `csvCell`: every free-text column (typed text, transcripts, notes, contact fields,
 * URLs) is a text cell, so a viewer's `=HYPERLINK(…)` arrives as `'=HYPERLINK(…)`.
 */
export class CsvWriter<R> implements ExportWriter<R> {
  readonly contentType = 'text/csv; charset=utf-8';
  readonly extension = 'csv';

  constructor(private readonly table: ExportTable<R>) {}

  start(): string {
    return `${this.table.columns.map(csvCell).join(',')}\r\n`;
  }

  write(rows: readonly R[]): string {
    let out = '';
    for (const row of rows) {
      const cells = this.table.cells(row);
      let line = '';
      for (let i = 0; i < cells.length; i++) line += i === 0 ? csvCell(cells[i]) : `,${csvCell(cells[i])}`;
      out += `${line}\r\n`;
    }
    return out;
  }
}

/** One JSON object a line (`\n`), in the same order as the CSV. */
export class NdjsonWriter<R> implements ExportWriter<R> {
  readonly contentType = 'application/x-ndjson; charset=utf-8';
  readonly extension = 'ndjson';

  constructor(private readonly table: ExportTable<R>) {}

  start(): string {
    return '';
  }

  write(rows: readonly R[]): string {
    let out = '';
    for (const row of rows) out += `${JSON.stringify(this.table.json(row))}\n`;
    return out;
  }
}

export function writerFor<R>(format: ExportFormat, table: ExportTable<R>): ExportWriter<R> {
  return format === 'csv' ? new CsvWriter(table) : new NdjsonWriter(table);
}
