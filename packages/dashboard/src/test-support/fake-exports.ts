// The exports API (#6) as the dashboard uses it: `GET /api/v1/exports/:what` answering a streamed CSV or NDJSON
// body with X-Total-Count and Content-Disposition, sent in two parts with a pause between them (so a test sees
// progress part way, and can cancel there), or a 400 like the server's. Records every request's query.
import { http, HttpResponse } from 'msw';
import { worker } from './fake-api.js';

export interface ExportRequest {
  what: string;
  params: URLSearchParams;
}

/** Rows with a quoted newline and a doubled quote in a CSV cell: the counter must not count those. */
export const EXPORT_ROWS = [
  { id: 'ans_1', text: 'Plain' },
  { id: 'ans_2', text: 'Two\nlines' },
  { id: 'ans_3', text: 'Say "hi"' },
  { id: 'ans_4', text: "'=HYPERLINK(\"x\")" },
];

const csvCell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

export function csvBody(rows = EXPORT_ROWS): string {
  return ['id,text', ...rows.map((r) => `${csvCell(r.id)},${csvCell(r.text)}`)].map((line) => `${line}\r\n`).join('');
}

export const ndjsonBody = (rows = EXPORT_ROWS): string => rows.map((r) => `${JSON.stringify(r)}\n`).join('');

export class FakeExports {
  readonly requests: ExportRequest[] = [];
  rows = EXPORT_ROWS;
  /** The total announced in X-Total-Count (the rows' count unless set); null leaves the header out. */
  total: number | null | undefined = undefined;
  /** Sends only this many rows, when set (a body that ended early). */
  sendOnly: number | null = null;
  /** Every export answers 400 with this message and issue while set. */
  badRequest: { message: string; issues: { path: string[]; message: string }[] } | null = null;
  /** Whether the stream was cancelled by the reader. */
  cancelled = false;
  private release: (() => void) | null = null;
  private held = false;

  /** Holds every body after its first half until `resume()`. */
  hold(): this {
    this.held = true;
    return this;
  }

  resume(): void {
    this.held = false;
    this.release?.();
  }

  install(): this {
    const encoder = new TextEncoder();
    worker.use(
      http.get('/api/v1/exports/:what', ({ request, params }) => {
        const url = new URL(request.url);
        const what = String(params.what);
        this.requests.push({ what, params: url.searchParams });
        if (this.badRequest) {
          return HttpResponse.json({ error: { code: 'validation-failed', message: this.badRequest.message, issues: this.badRequest.issues } }, { status: 400 });
        }
        const format = url.searchParams.get('format') === 'ndjson' ? 'ndjson' : 'csv';
        const rows = this.rows.slice(0, this.sendOnly ?? this.rows.length);
        const half = Math.ceil(rows.length / 2);
        const parts = format === 'csv' ? [csvBody(rows.slice(0, half)), csvBody(rows.slice(half)).replace(/^id,text\r\n/, '')] : [ndjsonBody(rows.slice(0, half)), ndjsonBody(rows.slice(half))];
        const waiting = this.held ? new Promise<void>((resolve) => (this.release = resolve)) : Promise.resolve();
        const body = new ReadableStream<Uint8Array>({
          start: async (controller) => {
            controller.enqueue(encoder.encode(parts[0]));
            await waiting;
            if (this.cancelled) return;
            controller.enqueue(encoder.encode(parts[1]));
            controller.close();
          },
          cancel: () => {
            this.cancelled = true;
          },
        });
        const headers: Record<string, string> = {
          'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
          'Content-Disposition': `attachment; filename="reelback-${what}-demo-20260401T120000Z.${format}"`,
          'Cache-Control': 'no-store',
        };
        const total = this.total === undefined ? this.rows.length : this.total;
        if (total !== null) headers['X-Total-Count'] = String(total);
        return new HttpResponse(body, { headers });
      }),
    );
    return this;
  }
}
