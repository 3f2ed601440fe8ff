import { open } from 'node:fs/promises';
import type { TranscriberHealth } from '../../ports/transcriber.js';

/** whisper.cpp's ggml model files start with this uint32, little-endian (the bytes `lmgg`). */
export const GGML_MAGIC = 0x67676d6c;

/**
 * The cheap model check for `check()` and before each run: the file exists, is a regular file and starts with the
 * ggml magic. Four bytes read, no inference and no hashing: a file with the right start and a damaged body is found
 * by whisper.cpp's loader (a non-retryable error from transcribe) or by `reelback models verify`.
 */
export async function checkWhisperModelFile(path: string): Promise<TranscriberHealth> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, reason: `whisper model file ${path} does not exist` };
    if (code === 'EACCES') return { ok: false, reason: `whisper model file ${path} cannot be read (permission denied)` };
    return { ok: false, reason: `whisper model file ${path} cannot be opened: ${(error as Error).message}` };
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return { ok: false, reason: `whisper model file ${path} is not a regular file` };
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    if (bytesRead < 4) return { ok: false, reason: `whisper model file ${path} is ${stats.size === 0 ? 'empty' : 'too short to be a model'}` };
    const magic = head.readUInt32LE(0);
    if (magic !== GGML_MAGIC) {
      const what = head.toString('latin1') === 'GGUF' ? 'a GGUF file' : `a file starting with 0x${magic.toString(16).padStart(8, '0')}`;
      return { ok: false, reason: `whisper model file ${path} is not a whisper.cpp ggml model: it is ${what}, expected the ggml magic 0x67676d6c` };
    }
    return { ok: true };
  } finally {
    await handle.close();
  }
}
