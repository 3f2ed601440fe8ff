import { open } from 'node:fs/promises';

/** whisper.cpp's ggml model files start with this uint32, little-endian on disk (the bytes `lmgg`). */
export const GGML_MAGIC = 0x67676d6c;

export type ModelFileCheck = { ok: true; bytes: number } | { ok: false; reason: string };

/** True when the first four bytes are the ggml magic. */
export function hasGgmlMagic(head: Uint8Array): boolean {
  return head.length >= 4 && Buffer.from(head.buffer, head.byteOffset, 4).readUInt32LE(0) === GGML_MAGIC;
}

export function describeBadMagic(head: Uint8Array): string {
  const start = Buffer.from(head.buffer, head.byteOffset, Math.min(4, head.length));
  if (start.toString('latin1') === 'GGUF') {
    return 'is a GGUF file, not a whisper.cpp ggml model (ggml-<name>.bin)';
  }
  const hex = start.length === 4 ? `0x${start.readUInt32LE(0).toString(16).padStart(8, '0')}` : `0x${start.toString('hex')}`;
  return `is not a ggml model: it starts with ${hex}, expected the ggml magic 0x${GGML_MAGIC.toString(16)}`;
}

/**
 * The cheap check the server makes at start and in /readyz: the file exists, is a regular file, is not empty and
 * starts with the ggml magic. It reads four bytes; it does not hash (that is `reelback models verify`).
 */
export async function checkModelFile(path: string): Promise<ModelFileCheck> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, reason: `model file ${path} does not exist` };
    if (code === 'EACCES') return { ok: false, reason: `model file ${path} cannot be read (permission denied)` };
    if (code === 'EISDIR') return { ok: false, reason: `model file ${path} is a directory` };
    return { ok: false, reason: `model file ${path} cannot be opened: ${(error as Error).message}` };
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return { ok: false, reason: `model file ${path} is not a regular file` };
    if (stats.size === 0) return { ok: false, reason: `model file ${path} is empty` };
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    if (bytesRead < 4) return { ok: false, reason: `model file ${path} is too short (${bytesRead} bytes) to be a ggml model` };
    if (!hasGgmlMagic(head)) return { ok: false, reason: `model file ${path} ${describeBadMagic(head)}` };
    return { ok: true, bytes: stats.size };
  } finally {
    await handle.close();
  }
}
