import type { ExportFormat } from '@reelback/shared';
import { stringify } from 'csv-stringify/sync';

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

/**
 * RFC 4180 CSV by csv-stringify, with `escape_formulas`: a text cell starting with `=`, `+`, `-`, `@`, tab or CR
 * (or their full-width forms) gets a leading `'`, so a spreadsheet shows it as text instead of running it
 * (OWASP "CSV injection"). Numbers are written as numbers (`-3` stays `-3`: a numeric cell is not a formula), and
 * every free-text column (typed text, transcripts, notes, contact fields, URLs) is a text cell, so a viewer's
 * `=HYPERLINK(…)` arrives as `'=HYPERLINK(…)`. Booleans are `true`/`false`, absent values empty cells.
 */
export class CsvWriter<R> implements ExportWriter<R> {
  readonly contentType = 'text/csv; charset=utf-8';
  readonly extension = 'csv';
  private static readonly options = {
    escape_formulas: true,
    record_delimiter: '\r\n',
    cast: { boolean: (value: boolean) => (value ? 'true' : 'false') },
  } as const;

  constructor(private readonly table: ExportTable<R>) {}

  start(): string {
    return stringify([this.table.columns as string[]], CsvWriter.options);
  }

  write(rows: readonly R[]): string {
    if (rows.length === 0) return '';
    return stringify(
      rows.map((row) => this.table.cells(row)),
      CsvWriter.options,
    );
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
