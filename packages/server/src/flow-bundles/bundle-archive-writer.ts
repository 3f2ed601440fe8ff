import type { Readable } from 'node:stream';
import { pack, type Pack } from 'tar-stream';

/** One file of the archive: bytes at hand (JSON), or a stream opened when its turn comes (media, captions). */
export type BundleMember = { name: string; bytes: Uint8Array } | { name: string; size: number; open: () => Readable };

const BLOCK = 512;
/** The largest member a plain ustar header can size (11 octal digits); larger ones get a PAX header. */
const USTAR_MAX_SIZE = 8 ** 11 - 1;
/** ustar's name field; longer names get a PAX header. */
const USTAR_MAX_NAME = 100;

const sizeOf = (member: BundleMember) => ('bytes' in member ? member.bytes.byteLength : member.size);

/**
 * The archive's exact length: a header block per member, its content padded to whole blocks, two zero blocks at the
 * end. Null when a member would need a PAX header (a name past 100 bytes, a size past 8 GiB), whose length this does
 * not work out.
 */
export function archiveSize(members: readonly BundleMember[]): number | null {
  let total = 2 * BLOCK;
  for (const member of members) {
    const size = sizeOf(member);
    if (Buffer.byteLength(member.name) > USTAR_MAX_NAME || size > USTAR_MAX_SIZE || !/^[\x20-\x7e]+$/.test(member.name)) return null;
    total += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  return total;
}

/** Writes a stream into an entry, waiting whenever the archive's buffer is full (the client reads slower than disk). */
async function copyInto(source: Readable, entry: ReturnType<Pack['entry']>): Promise<void> {
  try {
    for await (const chunk of source) {
      if (!entry.write(chunk as Uint8Array)) {
        await new Promise<void>((resolve, reject) => {
          const settle = (error?: Error) => {
            entry.off('drain', onDrain);
            entry.off('close', onClose);
            if (error) reject(error);
            else resolve();
          };
          const onDrain = () => settle();
          const onClose = () => settle(new Error('the archive was closed while a file was written into it'));
          entry.once('drain', onDrain);
          entry.once('close', onClose);
        });
      }
    }
    // (streamx's typings ask for an argument its `end` does not need: nothing more is written.)
    entry.end(undefined);
  } finally {
    source.destroy();
  }
}

/**
 * The members as a tar archive, produced as the client reads it: one member's stream is open at a time and read
 * only as fast as the archive is taken, so a 1 GB video passes through in chunks and never sits in memory. A member
 * whose stream fails ends the archive early (the client sees a body shorter than its Content-Length), and
 * `onError` hears why.
 */
export function archiveStream(members: readonly BundleMember[], mtime: Date, onError: (error: unknown) => void): ReadableStream<Uint8Array> {
  const archive = pack();
  let cancelled = false;
  const produce = async () => {
    for (const member of members) {
      const header = { name: member.name, size: sizeOf(member), mtime, mode: 0o644, type: 'file' as const };
      await new Promise<void>((resolve, reject) => {
        const done = (error?: Error | null) => (error ? reject(error) : resolve());
        if ('bytes' in member) {
          archive.entry(header, member.bytes, done);
          return;
        }
        const entry = archive.entry(header, done);
        copyInto(member.open(), entry).catch((error: unknown) => {
          entry.destroy(error instanceof Error ? error : new Error(String(error)));
          reject(error);
        });
      });
    }
    archive.finalize();
  };
  produce().catch((error: unknown) => {
    if (!cancelled) onError(error);
    archive.destroy(error instanceof Error ? error : new Error(String(error)));
  });

  const chunks = archive[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value as Uint8Array);
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      // The client went away: stop reading the file being sent (its stream fails; nothing to report).
      cancelled = true;
      archive.destroy();
      await chunks.return?.();
    },
  });
}
