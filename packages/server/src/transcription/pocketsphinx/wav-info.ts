import { open } from 'node:fs/promises';

export interface WavInfo {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  /** 1 = PCM, 3 = IEEE float, 0xfffe = WAVE_FORMAT_EXTENSIBLE. */
  formatTag: number;
  durationSeconds: number;
}

/** Why a file is not a WAV we can read: said in plain words, never retried. */
export class WavReadError extends Error {
  override readonly name = 'WavReadError';
}

const HEADER_BYTES = 64 * 1024;

/**
 * Reads a RIFF/WAVE header (the `fmt ` and `data` chunks) without reading the samples. A `data` size of
 * 0 or 0xFFFFFFFF (written by a tool streaming to a pipe) or one larger than the file is taken as "to the end
 * of the file", so a WAV whose header was never patched still gets a duration.
 */
export async function readWavInfo(path: string): Promise<WavInfo> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new WavReadError(code === 'ENOENT' ? `the audio file does not exist: ${path}` : `the audio file cannot be opened (${code ?? 'error'}): ${path}`, {
      cause: error,
    });
  }
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(Math.min(HEADER_BYTES, size));
    await handle.read(buffer, 0, buffer.length, 0);
    return parseWavHeader(buffer, size);
  } finally {
    await handle.close();
  }
}

export function parseWavHeader(buffer: Buffer, fileSize: number): WavInfo {
  if (buffer.length < 12 || buffer.toString('latin1', 0, 4) !== 'RIFF' || buffer.toString('latin1', 8, 12) !== 'WAVE') {
    throw new WavReadError('the audio is not a WAV file (no RIFF/WAVE header)');
  }
  let fmt: Omit<WavInfo, 'durationSeconds'> & { byteRate: number } | undefined;
  let offset = 12;
  while (offset + 8 <= buffer.length) {
    const id = buffer.toString('latin1', offset, offset + 4);
    const size = buffer.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > buffer.length) throw new WavReadError('the WAV file has a truncated format chunk');
      fmt = {
        formatTag: buffer.readUInt16LE(body),
        channels: buffer.readUInt16LE(body + 2),
        sampleRate: buffer.readUInt32LE(body + 4),
        byteRate: buffer.readUInt32LE(body + 8),
        bitsPerSample: buffer.readUInt16LE(body + 14),
      };
    } else if (id === 'data') {
      if (!fmt) throw new WavReadError('the WAV file has its data before its format chunk');
      if (fmt.byteRate === 0 || fmt.channels === 0 || fmt.sampleRate === 0) throw new WavReadError('the WAV file has an empty format (no channels, rate or bytes per second)');
      const available = Math.max(0, fileSize - body);
      const dataBytes = size === 0 || size === 0xffffffff || size > available ? available : size;
      const { byteRate, ...rest } = fmt;
      return { ...rest, durationSeconds: dataBytes / byteRate };
    }
    offset = body + size + (size % 2); // chunks are padded to an even length
  }
  throw new WavReadError(fmt ? 'the WAV file has no data chunk' : 'the WAV file has no format chunk');
}
