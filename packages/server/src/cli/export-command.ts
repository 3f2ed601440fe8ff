import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EXPORT_TOTAL_HEADER, ExportFormat, ExportRecordCounter } from '@reelback/shared';
import { formatBytes, type ProgressOutput } from '../transcription/models/progress.js';

/** The dashboard page where admins make API keys (Settings → API keys). */
export const API_KEYS_PATH = '/app/settings/api-keys';

export const EXPORT_USAGE = `Usage: reelback export [--flow ID] [--what answers|sessions|events] [--format csv|ndjson] [--out FILE] [filters]

Streams an export from a running Reelback server's API (GET /api/v1/exports/<what>) to FILE (written as FILE.part,
renamed when complete) or to standard output, with progress on standard error.

  --url URL              the server (default $REELBACK_URL, else http://localhost:8787)
  --key KEY              an API key with the read scope (default $REELBACK_API_KEY); an admin makes one in
                         the dashboard: Settings → API keys (/app/settings/api-keys)
  --flow ID              one flow (default: every flow of the key's workspace)
  --what WHAT            answers (default), sessions or events
  --format FORMAT        csv (default) or ndjson
  --out FILE             where to write (default: standard output)
  --from, --to DATE      ISO date or date-time (answers: submitted; sessions: started; events: received)
Answers only (the inbox filters):
  --step ID  --kind KIND  --status new|reviewed|archived  --tag TAG  --starred true|false  --q WORDS
  --links member|signed  --link-expires-in SECONDS   (signed media links anyone may open until then)`;

export interface ExportCommandIO {
  env: Record<string, string | undefined>;
  cwd?: string;
  stdout: ProgressOutput & Sink;
  stderr: ProgressOutput;
  signal?: AbortSignal;
  fetch?: typeof globalThis.fetch;
  now?: () => number;
  /** Milliseconds between progress lines (default 1000). */
  progressIntervalMs?: number;
}

const ANSWER_FILTERS = { step: 'stepId', kind: 'kind', status: 'status', tag: 'tag', starred: 'starred', q: 'q', links: 'links', 'link-expires-in': 'linkExpiresIn' } as const;

/** Where the export's bytes go: standard output or a file stream. */
interface Sink {
  write(chunk: string | Uint8Array): unknown;
  once?(event: 'drain', listener: () => void): unknown;
}

class UsageError extends Error {}

/** The API call an invocation makes. Exported for tests. */
export function exportRequest(args: string[], env: ExportCommandIO['env']): { url: URL; key: string; out: string | undefined; format: ExportFormat; what: string } {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      key: { type: 'string' },
      flow: { type: 'string' },
      what: { type: 'string', default: 'answers' },
      format: { type: 'string', default: 'csv' },
      out: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      ...Object.fromEntries(Object.keys(ANSWER_FILTERS).map((name) => [name, { type: 'string' as const }])),
    },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const what = values.what as string;
  if (!['answers', 'sessions', 'events'].includes(what)) throw new UsageError(`--what must be answers, sessions or events, not '${what}'`);
  const format = ExportFormat.safeParse(values.format);
  if (!format.success) throw new UsageError(`--format must be csv or ndjson, not '${String(values.format)}'`);
  const base = (values.url as string | undefined) ?? env.REELBACK_URL?.trim() ?? 'http://localhost:8787';
  let url: URL;
  try {
    url = new URL(`/api/v1/exports/${what}`, base);
  } catch {
    throw new UsageError(`--url '${base}' is not a URL`);
  }
  const key = (values.key as string | undefined) ?? env.REELBACK_API_KEY?.trim();
  if (!key) {
    throw new UsageError(
      `an API key is needed: --key KEY or REELBACK_API_KEY. An admin makes one in the dashboard under Settings → API keys ` +
        `(${new URL(API_KEYS_PATH, url)}) with the read scope.`,
    );
  }
  const params = url.searchParams;
  params.set('format', format.data);
  if (values.flow) params.set('flowId', values.flow as string);
  if (values.from) params.set('from', values.from as string);
  if (values.to) params.set('to', values.to as string);
  for (const [option, param] of Object.entries(ANSWER_FILTERS)) {
    const value = (values as Record<string, unknown>)[option];
    if (typeof value !== 'string') continue;
    if (what !== 'answers') throw new UsageError(`--${option} filters answers only`);
    params.set(param, value);
  }
  return { url, key, out: values.out as string | undefined, format: format.data, what };
}

/** A write that waits for the destination to drain, so a slow disk or pipe slows the download instead of filling memory. */
function writer(target: Sink): (chunk: Uint8Array) => Promise<void> {
  return (chunk) =>
    new Promise((done) => {
      if (target.write(chunk) !== false || typeof target.once !== 'function') done();
      else target.once('drain', done);
    });
}

/**
 * `reelback export`: calls the HTTP API with an API key rather than opening the database, so the export is exactly
 * what the API gives (the key's workspace only, its role, contact consent, the same filters and media links), works
 * against a remote server and PostgreSQL without database credentials, and never competes with the server for
 * SQLite's writer.
 */
export async function runExportCommand(args: string[], io: ExportCommandIO): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(`${EXPORT_USAGE}\n`);
    return 0;
  }
  let request: ReturnType<typeof exportRequest>;
  try {
    request = exportRequest(args, io.env);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`reelback export: ${(error as Error).message}\n\n${EXPORT_USAGE}\n`);
      return 2;
    }
    throw error;
  }
  const now = io.now ?? Date.now;
  const fetcher = io.fetch ?? globalThis.fetch;
  const started = now();
  let res: Response;
  try {
    res = await fetcher(request.url, { headers: { authorization: `Bearer ${request.key}` }, ...(io.signal ? { signal: io.signal } : {}) });
  } catch (error) {
    io.stderr.write(`reelback export: cannot reach ${request.url.origin}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  if (!res.ok || !res.body) {
    const text = await res.text();
    let message = text;
    try {
      message = (JSON.parse(text) as { error: { message: string } }).error.message;
    } catch {
      // not our JSON error: show the text as it came
    }
    io.stderr.write(`reelback export: the server answered ${res.status}: ${message}\n`);
    return 1;
  }

  const total = Number(res.headers.get(EXPORT_TOTAL_HEADER) ?? Number.NaN);
  const of = Number.isFinite(total) ? `/${total}` : '';
  const target = request.out ? resolve(io.cwd ?? process.cwd(), request.out) : undefined;
  const part = target ? `${target}.part` : undefined;
  const file = part ? createWriteStream(part) : undefined;
  const write = writer(file ?? io.stdout);
  const counter = new ExportRecordCounter(request.format);
  const decoder = new TextDecoder();
  const interval = io.progressIntervalMs ?? 1000;
  let bytes = 0;
  let lastLine = now();
  const progress = () =>
    `reelback export: ${counter.records}${of} rows${Number.isFinite(total) && total > 0 ? ` (${((100 * counter.records) / total).toFixed(1)} %)` : ''}, ${formatBytes(bytes)}`;
  io.stderr.write(`reelback export: ${request.what} as ${request.format}${Number.isFinite(total) ? `, ${total} rows` : ''} from ${request.url.origin}\n`);
  try {
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      counter.push(decoder.decode(value, { stream: true }));
      await write(value);
      if (now() - lastLine >= interval) {
        lastLine = now();
        io.stderr.write(`${progress()}\n`);
      }
    }
    if (Number.isFinite(total) && counter.records < total) {
      throw new Error(`the export ended after ${counter.records} of ${total} rows (the server stopped mid-way; see its log)`);
    }
    if (file && part && target) {
      await new Promise<void>((done, fail) => file.end((error?: Error | null) => (error ? fail(error) : done())));
      await rename(part, target);
    }
  } catch (error) {
    if (file && part) {
      file.destroy();
      await rm(part, { force: true });
    }
    io.stderr.write(`reelback export: failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  const seconds = (now() - started) / 1000;
  io.stderr.write(`${progress()}\nreelback export: done, ${counter.records} rows in ${seconds.toFixed(1)} s${target ? ` → ${target}` : ''}\n`);
  return 0;
}
