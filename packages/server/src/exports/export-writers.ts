import type { ExportFormat } from '@reelback/shared';

export type Cell = string | number | boolean | null;

/** How one kind of row is written as CSV: its columns and its cells. */
export interface CsvTable<R> {
  columns: readonly string[];
  cells(row: R): Cell[];
}

/** How one kind of row is written as NDJSON: the row as one JSON text (no line break). */
export interface JsonLines<R> {
  json(row: R): string;
}

/** A kind of row written in either format. */
export interface ExportTable<R> extends CsvTable<R>, JsonLines<R> {}

/** Turns batches of rows into text chunks of one format; each call is independent, so memory stays one batch. */
export interface ExportWriter<R> {
  readonly contentType: string;
  readonly extension: string;
  /** What opens the file (the CSV header row), or ''. */
  start(): string;
  /** The rows' text, cut after whole rows into pieces of about `PIECE_CHARS` (one piece per long row). */
  write(rows: readonly R[]): string[];
}

/**
 * How much text a piece holds before the next row starts a new one. V8 allocates a string over 128 KB (and Node a
 * buffer over 128 KB) in fresh pages, and touching fresh pages costs more than filling them: a 500-row batch of
 * events (≈ 160 KB) as one string took ≈ 2.5× as long to join and encode as the same rows in ≈ 32 KB pieces
 * (bench/analytics). 16,384 characters stay under 128 KB even when every one is 3 UTF-8 bytes, or 2 bytes in V8.
 */
export const PIECE_CHARS = 16_384;

/** Cells that must be quoted (RFC 4180): a quote, the delimiter or a line break anywhere. */
const NEEDS_QUOTES = /[",\r\n]/;

/** Whether text starting with this UTF-16 unit is one a spreadsheet would run as a formula: `=`, `+`, `-`, `@`, tab or CR, or their full-width forms. */
function formulaStart(code: number): boolean {
  return code === 0x3d || code === 0x2b || code === 0x2d || code === 0x40 || code === 0x09 || code === 0x0d || code === 0xff1d || code === 0xff0b || code === 0xff0d || code === 0xff20;
}

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
  const text = formulaStart(value.charCodeAt(0)) ? `'${value}` : value;
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

  constructor(private readonly table: CsvTable<R>) {}

  start(): string {
    return `${this.table.columns.map(csvCell).join(',')}\r\n`;
  }

  write(rows: readonly R[]): string[] {
    const pieces: string[] = [];
    let out = '';
    for (const row of rows) {
      const cells = this.table.cells(row);
      let line = csvCell(cells[0]);
      for (let i = 1; i < cells.length; i++) line += `,${csvCell(cells[i])}`;
      out += `${line}\r\n`;
      if (out.length >= PIECE_CHARS) {
        pieces.push(out);
        out = '';
      }
    }
    if (out.length > 0) pieces.push(out);
    return pieces;
  }
}

/** One JSON object a line (`\n`), in the same order as the CSV. */
export class NdjsonWriter<R> implements ExportWriter<R> {
  readonly contentType = 'application/x-ndjson; charset=utf-8';
  readonly extension = 'ndjson';

  constructor(private readonly table: JsonLines<R>) {}

  start(): string {
    return '';
  }

  write(rows: readonly R[]): string[] {
    const pieces: string[] = [];
    let out = '';
    for (const row of rows) {
      out += `${this.table.json(row)}\n`;
      if (out.length >= PIECE_CHARS) {
        pieces.push(out);
        out = '';
      }
    }
    if (out.length > 0) pieces.push(out);
    return pieces;
  }
}

export function writerFor<R>(format: ExportFormat, table: ExportTable<R>): ExportWriter<R> {
  return format === 'csv' ? new CsvWriter(table) : new NdjsonWriter(table);
}
