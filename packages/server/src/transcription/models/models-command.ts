import { readdirSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  CATALOGUE,
  type CatalogueEntry,
  findModel,
  isValidModelName,
  modelFileName,
  modelNameFromFile,
  modelUrl,
  preferenceRank,
} from './catalogue.js';
import { DownloadError, downloadModel, partPathOf } from './download.js';
import { type Env, envValue, resolveModelsDir, resolveModelsUrl } from './models-env.js';
import { createProgress, formatBytes, type ProgressOutput } from './progress.js';
import { ModelConfigError, resolveWhisperModel } from './resolve-model.js';
import { verifyModelFile, type VerifyResult } from './verify.js';

export interface ModelsCommandIO {
  env: Env;
  cwd?: string;
  stdout: ProgressOutput;
  stderr: ProgressOutput;
  /** Replaces the built-in catalogue (tests, private mirrors with their own files). */
  catalogue?: readonly CatalogueEntry[];
  /** Aborting it interrupts a download, keeping the `.part` (the CLI wires Ctrl-C to it). */
  signal?: AbortSignal;
  fetch?: typeof globalThis.fetch;
  now?: () => number;
  /** No-data timeout for downloads (default 60 s). */
  idleTimeoutMs?: number;
}

export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;

export const MODELS_USAGE = `Usage: reelback models <command> [options]

Commands:
  list            the catalogue: size, published checksum, what is in the cache, which model the server uses
  pull NAME       download a model into the cache; an interrupted download resumes where it stopped
  verify [NAME]   check cached models (ggml magic, size, SHA-1) and the WHISPER_MODEL file

Options:
  --force         pull: download again even when the model is already in the cache
  -h, --help      show this help

Environment:
  REELBACK_MODELS_DIR   cache folder (default <REELBACK_DATA_DIR>/models, REELBACK_DATA_DIR defaults to ./data)
  REELBACK_MODELS_URL   base URL of the ggml-<name>.bin files (default: whisper.cpp's Hugging Face repository)
  WHISPER_MODEL         a model file anywhere: the server uses it instead of the cache
  WHISPER_MODEL_NAME    which cached model the server uses (default: the best present, base.en first)

Exit status: 0 ok, 1 failure, 2 usage error, 130 interrupted (the .part file is kept).`;

class UsageError extends Error {}

function fail(io: ModelsCommandIO, message: string): number {
  io.stderr.write(`reelback models: ${message}\n`);
  return EXIT.failure;
}

function fileSize(path: string): number | null {
  try {
    const stats = statSync(path);
    return stats.isFile() ? stats.size : null;
  } catch {
    return null;
  }
}

function parse(args: string[], options: { force?: boolean }, maxPositionals: number, minPositionals = 0) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      ...(options.force ? { force: { type: 'boolean' as const } } : {}),
    },
  });
  if (!values.help && (positionals.length > maxPositionals || positionals.length < minPositionals)) {
    throw new UsageError(
      positionals.length > maxPositionals ? `unexpected argument '${positionals[maxPositionals]}'` : 'a model name is needed',
    );
  }
  return { help: values.help === true, force: (values as { force?: boolean }).force === true, positionals };
}

/** `reelback models …`: resolves with the exit code; never calls `process.exit`. */
export async function runModelsCommand(args: string[], io: ModelsCommandIO): Promise<number> {
  const [command, ...rest] = args;
  try {
    switch (command) {
      case undefined:
        throw new UsageError('a command is needed: list, pull NAME or verify [NAME]');
      case '-h':
      case '--help':
      case 'help':
        io.stdout.write(`${MODELS_USAGE}\n`);
        return EXIT.ok;
      case 'list': {
        const { help } = parse(rest, {}, 0);
        if (help) return usage(io);
        return list(io);
      }
      case 'pull': {
        const { help, force, positionals } = parse(rest, { force: true }, 1, 1);
        if (help) return usage(io);
        return await pull(io, positionals[0] as string, force);
      }
      case 'verify': {
        const { help, positionals } = parse(rest, {}, 1);
        if (help) return usage(io);
        return await verify(io, positionals[0]);
      }
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (error instanceof UsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))) {
      io.stderr.write(`reelback models: ${(error as Error).message}\n\n${MODELS_USAGE}\n`);
      return EXIT.usage;
    }
    if (error instanceof ModelConfigError) return fail(io, error.message);
    throw error;
  }
}

function usage(io: ModelsCommandIO): number {
  io.stdout.write(`${MODELS_USAGE}\n`);
  return EXIT.ok;
}

function context(io: ModelsCommandIO) {
  const cwd = io.cwd ?? process.cwd();
  return {
    cwd,
    catalogue: io.catalogue ?? CATALOGUE,
    dir: resolveModelsDir(io.env, cwd),
    baseUrl: resolveModelsUrl(io.env),
  };
}

function list(io: ModelsCommandIO): number {
  const { cwd, catalogue, dir, baseUrl } = context(io);
  let inUse: ReturnType<typeof resolveWhisperModel> = null;
  let configProblem: string | null = null;
  try {
    inUse = resolveWhisperModel(io.env, { cwd, catalogue });
  } catch (error) {
    if (!(error instanceof ModelConfigError)) throw error;
    configProblem = error.message;
  }

  const rows = catalogue.map((entry) => {
    const path = join(dir, modelFileName(entry.name));
    const size = fileSize(path);
    const partSize = fileSize(partPathOf(path));
    const approx = `${entry.bytes === null && entry.sizeEstimated ? '~' : ''}${formatBytes(entry.bytes ?? entry.approxBytes)}`;
    const cached =
      size !== null && size > 0
        ? 'yes'
        : partSize !== null
          ? `partial (${formatBytes(partSize)})`
          : size === 0
            ? 'empty file'
            : '-';
    const used = inUse?.source === 'cache' && inUse.path === path ? '*' : ' ';
    return [used, entry.name, approx, entry.sha1 ? 'yes' : 'none', cached];
  });
  const header = [' ', 'MODEL', 'SIZE', 'SHA-1', 'CACHED'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const format = (row: string[]) =>
    row
      .map((cell, i) => (i === 2 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();

  const out: string[] = [];
  out.push(`Models folder: ${dir}`);
  out.push(`Downloads from: ${baseUrl}`);
  out.push('');
  out.push(format(header));
  for (const row of rows) out.push(format(row));

  const others = readdirSafe(dir)
    .map((file) => modelNameFromFile(file))
    .filter((name): name is string => name !== null && !findModel(catalogue, name));
  if (others.length > 0) out.push('', `Other models in the folder: ${others.map(modelFileName).join(', ')}`);

  out.push('');
  if (configProblem !== null) {
    out.push(`In use: none — ${configProblem}`);
  } else if (inUse === null) {
    out.push('In use: none — no model in the cache and WHISPER_MODEL is not set.');
    out.push('Download one with: reelback models pull base.en');
  } else {
    const size = fileSize(inUse.path);
    const state = size === null ? 'MISSING' : size === 0 ? 'EMPTY' : formatBytes(size);
    if (inUse.source === 'env') out.push(`In use: WHISPER_MODEL=${inUse.path} (${state})`);
    else {
      const how = envValue(io.env, 'WHISPER_MODEL_NAME') !== undefined ? 'WHISPER_MODEL_NAME' : 'best cached model';
      out.push(`In use (*): ${inUse.name} — ${inUse.path} (${state}; ${how})`);
    }
    if (size === null || size === 0) {
      out.push(inUse.source === 'env' ? 'Fix WHISPER_MODEL or unset it.' : `Download it with: reelback models pull ${inUse.name}`);
    }
  }
  out.push('"none" in SHA-1: whisper.cpp publishes no checksum for that file; verify checks its size only. ~ = estimated size.');
  io.stdout.write(`${out.join('\n')}\n`);
  return EXIT.ok;
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

async function pull(io: ModelsCommandIO, name: string, force: boolean): Promise<number> {
  const { catalogue, dir, baseUrl } = context(io);
  if (!isValidModelName(name)) throw new UsageError(`'${name}' is not a model name`);
  const entry = findModel(catalogue, name);
  if (!entry) {
    throw new UsageError(`unknown model '${name}'; 'reelback models list' shows the catalogue`);
  }
  const dest = join(dir, modelFileName(name));
  const existing = fileSize(dest);
  if (existing !== null && existing > 0 && !force) {
    io.stdout.write(
      `${name} is already in the cache: ${dest} (${formatBytes(existing)}).\n` +
        `'reelback models verify ${name}' checks it; 'reelback models pull ${name} --force' downloads it again.\n`,
    );
    return EXIT.ok;
  }
  if (force) await rm(partPathOf(dest), { force: true });

  const url = modelUrl(baseUrl, name);
  io.stdout.write(`Downloading ${name} from ${url}\n  to ${dest}\n`);
  const progress = createProgress(io.stderr, { label: name, ...(io.now ? { now: io.now } : {}) });
  let progressOpen = false;
  try {
    const result = await downloadModel({
      url,
      dest,
      sha1: entry.sha1,
      bytes: entry.bytes,
      ...(io.signal ? { signal: io.signal } : {}),
      ...(io.fetch ? { fetch: io.fetch } : {}),
      ...(io.idleTimeoutMs !== undefined ? { idleTimeoutMs: io.idleTimeoutMs } : {}),
      onEvent(event) {
        switch (event.type) {
          case 'hashing-part':
            io.stdout.write(`Resuming: ${formatBytes(event.bytes)} already downloaded (${partPathOf(dest)})\n`);
            break;
          case 'restart':
            if (progressOpen) progress.finish();
            progressOpen = false;
            io.stdout.write(`Starting again from zero: ${event.reason}\n`);
            break;
          case 'start':
          case 'progress':
            progressOpen = true;
            progress.update(event.received, event.total);
            break;
          case 'verifying':
            if (progressOpen) progress.finish();
            progressOpen = false;
            break;
        }
      },
    });
    const resumed = result.resumedFrom > 0 ? ` (resumed from ${formatBytes(result.resumedFrom)})` : '';
    io.stdout.write(`Saved ${name}: ${result.path}, ${formatBytes(result.bytes)}${resumed}\n`);
    io.stdout.write(
      result.checksum === 'matched'
        ? `SHA-1 ${result.sha1} matches the published checksum.\n`
        : `No published checksum for ${name}: checked the length the server announced and the ggml magic. SHA-1 ${result.sha1}\n`,
    );
    return EXIT.ok;
  } catch (error) {
    if (progressOpen) progress.finish();
    if (!(error instanceof DownloadError)) return fail(io, `pull ${name} failed: ${(error as Error).message}`);
    if (error.kind === 'interrupted') {
      io.stderr.write(`Interrupted. ${error.partKept ? `Run 'reelback models pull ${name}' again to resume.` : ''}\n`);
      return EXIT.interrupted;
    }
    return fail(io, `pull ${name} failed: ${error.message}`);
  }
}

interface VerifyTarget {
  label: string;
  path: string;
  entry: CatalogueEntry | null;
}

async function verify(io: ModelsCommandIO, name: string | undefined): Promise<number> {
  const { cwd, catalogue, dir } = context(io);
  const targets: VerifyTarget[] = [];
  const notes: string[] = [];

  if (name !== undefined) {
    if (!isValidModelName(name)) throw new UsageError(`'${name}' is not a model name`);
    const path = join(dir, modelFileName(name));
    if (fileSize(path) === null) {
      const part = fileSize(partPathOf(path));
      return fail(
        io,
        `${name} is not in the cache (${path})${part !== null ? `; an unfinished download of ${formatBytes(part)} is` : ''}; ` +
          `'reelback models pull ${name}' ${part !== null ? 'resumes it' : 'downloads it'}`,
      );
    }
    targets.push({ label: name, path, entry: findModel(catalogue, name) ?? null });
  } else {
    const files = readdirSafe(dir);
    const names = files
      .map((file) => modelNameFromFile(file))
      .filter((n): n is string => n !== null)
      .sort((a, b) => preferenceRank(a, catalogue) - preferenceRank(b, catalogue) || a.localeCompare(b));
    for (const n of names) targets.push({ label: n, path: join(dir, modelFileName(n)), entry: findModel(catalogue, n) ?? null });
    for (const file of files) {
      const base = file.endsWith('.part') ? modelNameFromFile(file.slice(0, -'.part'.length)) : null;
      if (base !== null) {
        notes.push(`${file}: an unfinished download (${formatBytes(fileSize(join(dir, file)) ?? 0)}); 'reelback models pull ${base}' resumes it`);
      }
    }
    const explicit = envValue(io.env, 'WHISPER_MODEL');
    if (explicit !== undefined) {
      const path = resolve(cwd, explicit);
      const already = targets.find((t) => t.path === path);
      if (already) already.label = `${already.label} (WHISPER_MODEL)`;
      else targets.push({ label: 'WHISPER_MODEL', path, entry: null });
    }
  }

  if (targets.length === 0) {
    io.stdout.write(`No models in ${dir} and WHISPER_MODEL is not set: nothing to verify.\n`);
    for (const note of notes) io.stdout.write(`${note}\n`);
    io.stdout.write(`Download one with: reelback models pull base.en\n`);
    return EXIT.failure;
  }

  let failures = 0;
  for (const target of targets) {
    const progress = createProgress(io.stderr, { label: `checking ${target.label}`, ...(io.now ? { now: io.now } : {}) });
    const total = fileSize(target.path);
    let result: VerifyResult;
    try {
      result = await verifyModelFile(target.path, target.entry, {
        onBytes: (bytes) => progress.update(bytes, total),
        ...(io.signal ? { signal: io.signal } : {}),
      });
    } catch (error) {
      if (io.signal?.aborted) {
        io.stderr.write('Interrupted.\n');
        return EXIT.interrupted;
      }
      return fail(io, `verify ${target.label} failed: ${(error as Error).message}`);
    } finally {
      progress.finish();
    }
    if (result.ok) {
      const detail =
        result.checksum === 'matched' ? `SHA-1 matches (${result.sha1})` : (result.notes[0] ?? 'ggml magic and size checked');
      io.stdout.write(`ok    ${target.label}  ${target.path}  ${formatBytes(result.bytes ?? 0)}  ${detail}\n`);
    } else {
      failures++;
      io.stdout.write(`FAIL  ${target.label}  ${target.path}\n${result.problems.map((p) => `      ${p}\n`).join('')}`);
      if (target.entry) io.stdout.write(`      'reelback models pull ${target.entry.name} --force' downloads it again\n`);
    }
  }
  for (const note of notes) io.stdout.write(`${note}\n`);
  if (failures > 0) io.stderr.write(`reelback models: ${failures} of ${targets.length} model file(s) failed verification\n`);
  return failures > 0 ? EXIT.failure : EXIT.ok;
}
