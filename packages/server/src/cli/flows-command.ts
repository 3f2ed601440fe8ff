import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { FlowBundleImportResult } from '@reelback/shared';
import { formatBytes, type ProgressOutput } from '../transcription/models/progress.js';

export const FLOWS_USAGE = `Usage: reelback flows export <flowId> [--out FILE]
       reelback flows import <FILE>

Moves a flow with its media between workspaces or servers, through a running server's API:
  export   GET /api/v1/flows/<flowId>/bundle: the flow's draft, its latest published version and the media
           library assets they use, as a tar archive, to FILE (written as FILE.part, renamed when complete)
           or to standard output
  import   POST /api/v1/flows/bundle: FILE (.tar or .tar.gz) becomes a new flow of the key's workspace, its
           media new library assets (checked and converted as uploads are); nothing is published. Prints the
           new flow's id on standard output, what to know on standard error.

  --url URL   the server (default $REELBACK_URL, else http://localhost:8787)
  --key KEY   an API key (default $REELBACK_API_KEY): the read scope exports, the write scope imports`;

export interface FlowsCommandIO {
  env: Record<string, string | undefined>;
  cwd?: string;
  stdout: ProgressOutput & Sink;
  stderr: ProgressOutput;
  signal?: AbortSignal;
  fetch?: typeof globalThis.fetch;
}

/** Where the archive's bytes go: standard output or a file stream. */
interface Sink {
  write(chunk: string | Uint8Array): unknown;
  once?(event: 'drain', listener: () => void): unknown;
}

class UsageError extends Error {}

interface Call {
  action: 'export' | 'import';
  /** The flow id (export) or the file (import). */
  subject: string;
  base: string;
  key: string;
  out: string | undefined;
}

function parse(args: string[], env: FlowsCommandIO['env']): Call {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { url: { type: 'string' }, key: { type: 'string' }, out: { type: 'string' } },
  });
  const [action, subject, extra] = positionals;
  if (action !== 'export' && action !== 'import') throw new UsageError(action === undefined ? 'say export or import' : `unknown action '${action}'`);
  if (subject === undefined) throw new UsageError(action === 'export' ? 'name the flow to export' : 'name the bundle file to import');
  if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`);
  if (action === 'import' && values.out !== undefined) throw new UsageError('--out goes with export');
  const key = values.key ?? env.REELBACK_API_KEY?.trim();
  if (!key) throw new UsageError('an API key is needed: --key KEY or REELBACK_API_KEY (make one in the dashboard settings)');
  const base = values.url ?? env.REELBACK_URL?.trim() ?? 'http://localhost:8787';
  return { action, subject, base, key, out: values.out };
}

function apiUrl(base: string, path: string): URL {
  try {
    return new URL(path, base);
  } catch {
    throw new UsageError(`--url '${base}' is not a URL`);
  }
}

/** The error message of an API answer (its JSON `error.message`), else its text. */
async function refusal(res: Response): Promise<string> {
  const text = await res.text();
  try {
    const { error } = JSON.parse(text) as { error: { message: string; issues?: { path: (string | number)[]; message: string }[] } };
    const issues = (error.issues ?? []).slice(0, 5).map((issue) => `\n  ${issue.path.join('.')}: ${issue.message}`);
    return `${error.message}${issues.join('')}`;
  } catch {
    return text;
  }
}

/** The call, or undefined when the server could not be reached (said on standard error). */
async function send(io: FlowsCommandIO, action: string, url: URL, init: RequestInit): Promise<Response | undefined> {
  try {
    return await (io.fetch ?? globalThis.fetch)(url, { ...init, ...(io.signal ? { signal: io.signal } : {}) });
  } catch (error) {
    io.stderr.write(`reelback flows ${action}: cannot reach ${url.origin}: ${error instanceof Error ? error.message : String(error)}\n`);
    return undefined;
  }
}

/** A write that waits for the destination to drain, so a slow disk or pipe slows the download instead of filling memory. */
function writer(target: Sink): (chunk: Uint8Array) => Promise<void> {
  return (chunk) =>
    new Promise((done) => {
      if (target.write(chunk) !== false || typeof target.once !== 'function') done();
      else target.once('drain', done);
    });
}

async function exportBundle(call: Call, io: FlowsCommandIO, url: URL): Promise<number> {
  const res = await send(io, 'export', url, { headers: { authorization: `Bearer ${call.key}` } });
  if (!res) return 1;
  if (!res.ok || !res.body) {
    io.stderr.write(`reelback flows export: the server answered ${res.status}: ${await refusal(res)}\n`);
    return 1;
  }
  const expected = Number(res.headers.get('content-length') ?? Number.NaN);
  const target = call.out ? resolve(io.cwd ?? process.cwd(), call.out) : undefined;
  const part = target ? `${target}.part` : undefined;
  const file = part ? createWriteStream(part) : undefined;
  const write = writer(file ?? io.stdout);
  let bytes = 0;
  try {
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      await write(value);
    }
    if (Number.isFinite(expected) && bytes !== expected) throw new Error(`the archive ended after ${bytes} of ${expected} bytes (the server stopped mid-way; see its log)`);
    if (file && part && target) {
      await new Promise<void>((done, fail) => file.end((error?: Error | null) => (error ? fail(error) : done())));
      await rename(part, target);
    }
  } catch (error) {
    if (file && part) {
      file.destroy();
      await rm(part, { force: true });
    }
    io.stderr.write(`reelback flows export: failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  io.stderr.write(`reelback flows export: ${call.subject}, ${formatBytes(bytes)}${target ? ` → ${target}` : ''}\n`);
  return 0;
}

async function importBundle(call: Call, io: FlowsCommandIO, url: URL): Promise<number> {
  const path = resolve(io.cwd ?? process.cwd(), call.subject);
  const size = (await stat(path).catch(() => undefined))?.size;
  if (size === undefined) {
    io.stderr.write(`reelback flows import: cannot read ${path}\n`);
    return 1;
  }
  const gzip = /\.(tgz|gz)$/i.test(path);
  const init = {
    method: 'POST',
    headers: { authorization: `Bearer ${call.key}`, 'content-type': gzip ? 'application/gzip' : 'application/x-tar', 'content-length': String(size) },
    body: Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>,
    // A streamed request body (the file is never read into memory) needs half duplex in Node's fetch.
    duplex: 'half',
  } as RequestInit;
  const res = await send(io, 'import', url, init);
  if (!res) return 1;
  if (res.status !== 201) {
    io.stderr.write(`reelback flows import: the server answered ${res.status}: ${await refusal(res)}\n`);
    return 1;
  }
  const result = FlowBundleImportResult.parse(await res.json());
  io.stdout.write(`${result.flow.id}\n`);
  io.stderr.write(`reelback flows import: "${result.flow.name}" is flow ${result.flow.id}, with ${result.assets.length} media asset${result.assets.length === 1 ? '' : 's'}\n`);
  for (const note of result.notes) io.stderr.write(`  ${note}\n`);
  return 0;
}

/** `reelback flows export|import`: through the HTTP API with an API key, like `reelback export`. */
export async function runFlowsCommand(args: string[], io: FlowsCommandIO): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(`${FLOWS_USAGE}\n`);
    return 0;
  }
  let call: Call;
  let url: URL;
  try {
    call = parse(args, io.env);
    url = apiUrl(call.base, call.action === 'export' ? `/api/v1/flows/${encodeURIComponent(call.subject)}/bundle` : '/api/v1/flows/bundle');
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`reelback flows: ${(error as Error).message}\n\n${FLOWS_USAGE}\n`);
      return 2;
    }
    throw error;
  }
  try {
    return await (call.action === 'export' ? exportBundle(call, io, url) : importBundle(call, io, url));
  } catch (error) {
    io.stderr.write(`reelback flows ${call.action}: failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
