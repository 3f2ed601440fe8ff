import { open } from 'node:fs/promises';

/**
 * Whether the first bytes carry the signature of a container recordings come in. ffprobe gives the same
 * "invalid data" error for a text file and for an MP4 whose index was never written (cut before the end);
 * the signature tells an owner which of the two happened.
 */
export async function hasMediaContainerSignature(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(12);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return looksLikeMediaContainer(head.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

export function looksLikeMediaContainer(head: Buffer): boolean {
  const ascii = (start: number, end: number) => head.subarray(start, end).toString('latin1');
  return (
    head.subarray(0, 4).equals(Buffer.from([0x1a, 0x45, 0xdf, 0xa3])) || // EBML: Matroska/WebM
    ascii(4, 8) === 'ftyp' || // ISO BMFF: MP4/MOV/M4A
    ascii(0, 4) === 'OggS' ||
    (ascii(0, 4) === 'RIFF' && ['WAVE', 'AVI '].includes(ascii(8, 12))) ||
    ascii(0, 3) === 'ID3' ||
    ascii(0, 4) === 'fLaC'
  );
}
