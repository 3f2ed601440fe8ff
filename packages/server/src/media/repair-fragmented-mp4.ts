import { open } from 'node:fs/promises';

/** A top-level ISO BMFF box: where it starts, its size, its four-letter type. */
interface Box {
  start: number;
  size: number;
  type: string;
}

/** The file's top-level boxes, or null when it is not a (whole-box) ISO BMFF file. Reads only the headers. */
async function topLevelBoxes(path: string): Promise<Box[] | null> {
  const handle = await open(path, 'r');
  try {
    const { size: fileSize } = await handle.stat();
    const boxes: Box[] = [];
    const header = Buffer.alloc(16);
    for (let at = 0; at < fileSize; ) {
      const { bytesRead } = await handle.read(header, 0, 16, at);
      if (bytesRead < 8) return null;
      let size = header.readUInt32BE(0);
      const type = header.toString('latin1', 4, 8);
      if (size === 1 && bytesRead >= 16) size = Number(header.readBigUInt64BE(8));
      else if (size === 0) size = fileSize - at; // "to the end of the file"
      if (size < 8 || !/^[\x20-\x7e]{4}$/.test(type)) return null;
      if (boxes.length === 0 && type !== 'ftyp') return null;
      boxes.push({ start: at, size: Math.min(size, fileSize - at), type });
      at += size;
    }
    return boxes;
  } finally {
    await handle.close();
  }
}

async function sameBytes(path: string, a: Box, b: Box): Promise<boolean> {
  if (a.size !== b.size || a.size > 1024 * 1024) return false;
  const handle = await open(path, 'r');
  try {
    const [x, y] = [Buffer.alloc(a.size), Buffer.alloc(b.size)];
    await handle.read(x, 0, a.size, a.start);
    await handle.read(y, 0, b.size, b.start);
    return x.equals(y);
  } finally {
    await handle.close();
  }
}

/**
 * WebKit's MediaRecorder (WebKitGTK 2.50 with GStreamer; Safari's fragmented MP4 too) ends a take with its last
 * fragment's `moof` written twice in a row, before the one `mdat`. Decoders then read the second `moof` as
 * sample data and fail ("channel element is not allocated"): the whole recording would be refused as damaged.
 * A `moof` followed by an identical `moof` is dropped, and so is a repeated `ftyp` (it also writes two).
 *
 * Writes the repaired copy to `outPath` and returns true, or returns false (nothing written) when the file needs
 * no repair or is not ISO BMFF.
 */
export async function repairFragmentedMp4(path: string, outPath: string): Promise<boolean> {
  const boxes = await topLevelBoxes(path);
  if (!boxes || !boxes.some((box) => box.type === 'moof')) return false;
  const keep: Box[] = [];
  for (let i = 0; i < boxes.length; i++) {
    const box = boxes[i]!;
    const next = boxes[i + 1];
    if (box.type === 'ftyp' && keep.some((kept) => kept.type === 'ftyp')) continue;
    if (box.type === 'moof' && next?.type === 'moof' && (await sameBytes(path, box, next))) continue;
    keep.push(box);
  }
  if (keep.length === boxes.length) return false;
  // Copied box by box through file handles: a pipeline per box into one write stream left its listeners there, and
  // a minute of WebKit audio (120 boxes) logged MaxListenersExceededWarning on every repair.
  const [input, output] = [await open(path, 'r'), await open(outPath, 'w')];
  try {
    const buffer = Buffer.alloc(256 * 1024);
    for (const box of keep) {
      for (let at = box.start, end = box.start + box.size; at < end; ) {
        const { bytesRead } = await input.read(buffer, 0, Math.min(buffer.length, end - at), at);
        if (bytesRead === 0) break;
        await output.write(buffer, 0, bytesRead);
        at += bytesRead;
      }
    }
  } finally {
    await input.close();
    await output.close();
  }
  return true;
}
