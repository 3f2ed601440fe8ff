import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export function createSha1(): Hash {
  return createHash('sha1');
}

/**
 * Feeds bytes `[0, end)` of a file (the whole file without `end`) into `hash`, streaming in constant memory.
 * `onBytes` is told the running count, for progress on big files.
 */
export async function hashFileInto(
  hash: Hash,
  path: string,
  options: { end?: number; onBytes?: (bytes: number) => void; signal?: AbortSignal } = {},
): Promise<number> {
  if (options.end === 0) return 0;
  const stream = createReadStream(path, {
    highWaterMark: 1024 * 1024,
    ...(options.end !== undefined ? { end: options.end - 1 } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  let bytes = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
    options.onBytes?.(bytes);
  }
  return bytes;
}

/** Lower-case hex SHA-1 of a whole file. */
export async function sha1File(
  path: string,
  options: { onBytes?: (bytes: number) => void; signal?: AbortSignal } = {},
): Promise<string> {
  const hash = createSha1();
  await hashFileInto(hash, path, options);
  return hash.digest('hex');
}
