// Plain code (no zod) so the dashboard can count an export's records without the schemas in its bundle.

/** The response header giving the number of rows (records, not lines) the export will hold, sent before the body. */
export const EXPORT_TOTAL_HEADER = 'X-Total-Count';

/**
 * Counts the records in an export as its bytes arrive, for progress: NDJSON records end at each newline; CSV ones
 * at each newline outside quotes (a quoted cell may hold newlines; `""` inside quotes toggles twice). The CSV header
 * row is not counted. Feed it decoded text chunks in order.
 */
export class ExportRecordCounter {
  private inQuotes = false;
  private headerSeen: boolean;
  records = 0;

  constructor(private readonly format: 'csv' | 'ndjson') {
    this.headerSeen = format !== 'csv';
  }

  push(text: string): number {
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 34 /* " */ && this.format === 'csv') this.inQuotes = !this.inQuotes;
      else if (ch === 10 /* \n */ && !this.inQuotes) {
        if (this.headerSeen) this.records++;
        else this.headerSeen = true;
      }
    }
    return this.records;
  }
}
