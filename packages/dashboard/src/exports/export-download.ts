// One export, start to file: GET /api/v1/exports/<what> with the cookie, its body read as it streams in and
// counted record by record against X-Total-Count (the server sends no Content-Length), kept as bytes, then
// handed to the browser as a download under the server's file name. Cancelling aborts the request.
import { EXPORT_TOTAL_HEADER, ExportRecordCounter } from '@reelback/shared/export-progress';
import type { ApiClient } from '../api/api-client.js';

export type ExportWhat = 'answers' | 'sessions' | 'events';
export type ExportFormat = 'csv' | 'ndjson';

export interface ExportProgress {
  records: number;
  /** The rows the server said the export holds; null when it did not say. */
  total: number | null;
}

export interface ExportedFile {
  blob: Blob;
  filename: string;
  records: number;
  total: number | null;
}

/** The body ended with fewer records than the server announced: it stopped part way (the server logs why). */
export class ShortExportError extends Error {
  constructor(
    readonly records: number,
    readonly total: number,
  ) {
    super(`The export stopped early: ${records} of ${total} rows arrived. Try again.`);
    this.name = 'ShortExportError';
  }
}

/** The file name of `Content-Disposition` (`filename*=UTF-8''…` first, then `filename="…"`); null without one. */
export function dispositionFilename(header: string | null): string | null {
  if (!header) return null;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (extended) {
    try {
      return sanitise(decodeURIComponent(extended[1]!.trim()));
    } catch {
      // Malformed escapes: fall back to the plain parameter.
    }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/.exec(header);
  const name = plain ? (plain[1]?.replace(/\\(.)/g, '$1') ?? plain[2]!) : '';
  return name ? sanitise(name) : null;
}

/** No folders in a download name, whatever a header says. */
const sanitise = (name: string): string | null => name.replace(/[/\\]/g, '_').trim() || null;

/**
 * Runs the export at `path` (after `/api/v1`, with its query) and resolves with the whole file. `onProgress` is
 * called as records arrive. Rejects with an `ApiProblem` (the server's 4xx message), a `ShortExportError`, or
 * the `AbortError` of `signal`.
 */
export async function runExport(
  api: ApiClient,
  path: string,
  format: ExportFormat,
  signal: AbortSignal,
  onProgress: (progress: ExportProgress) => void,
): Promise<ExportedFile> {
  const response = await api.download(path, signal);
  const totalHeader = response.headers.get(EXPORT_TOTAL_HEADER);
  const total = totalHeader !== null && /^\d+$/.test(totalHeader.trim()) ? Number(totalHeader) : null;
  const counter = new ExportRecordCounter(format);
  const decoder = new TextDecoder();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  onProgress({ records: 0, total });
  if (response.body) {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      onProgress({ records: counter.push(decoder.decode(value, { stream: true })), total });
    }
  }
  const records = counter.push(decoder.decode());
  if (total !== null && records < total) throw new ShortExportError(records, total);
  const type = response.headers.get('content-type') ?? (format === 'csv' ? 'text/csv' : 'application/x-ndjson');
  const filename = dispositionFilename(response.headers.get('content-disposition')) ?? `reelback-export.${format}`;
  return { blob: new Blob(chunks, { type }), filename, records, total };
}

/** Hands a file to the browser as a download (an object URL on a `<a download>`, let go of once clicked). */
export function saveFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken its copy by the next task; revoking sooner can cancel it in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
