import type { CatalogueEntry } from './catalogue.js';
import { checkModelFile } from './check-model-file.js';
import { sha1File } from './checksum.js';
import { formatBytes } from './progress.js';

export interface VerifyResult {
  path: string;
  ok: boolean;
  bytes: number | null;
  /** Computed only when a published SHA-1 exists to compare with. */
  sha1: string | null;
  checksum: 'matched' | 'mismatch' | 'unpublished' | 'not-checked';
  /** Why it failed (empty when ok). */
  problems: string[];
  /** What was and was not checked, for the report. */
  notes: string[];
}

/** Published sizes are rounded ("1.5 GiB"); our estimates for the others are rougher. */
function sizeBand(entry: CatalogueEntry): [number, number] {
  return entry.sizeEstimated ? [0.5, 2] : [0.85, 1.15];
}

/**
 * A thorough check of one model file: ggml magic and non-empty always; with a catalogue entry also its size (exact
 * when known, else near the published size) and its SHA-1 when one is published (reads the whole file).
 * `entry: null` is a file the catalogue does not describe (e.g. `WHISPER_MODEL`): magic and size only.
 */
export async function verifyModelFile(
  path: string,
  entry: CatalogueEntry | null,
  options: { onBytes?: (bytes: number) => void; signal?: AbortSignal } = {},
): Promise<VerifyResult> {
  const result: VerifyResult = { path, ok: false, bytes: null, sha1: null, checksum: 'not-checked', problems: [], notes: [] };
  const basic = await checkModelFile(path);
  if (!basic.ok) {
    result.problems.push(basic.reason);
    return result;
  }
  result.bytes = basic.bytes;

  if (entry === null) {
    result.notes.push('not a catalogue model: ggml magic and size > 0 checked only');
    result.ok = true;
    return result;
  }

  if (entry.bytes !== null) {
    if (basic.bytes !== entry.bytes) result.problems.push(`size mismatch: expected ${entry.bytes} bytes, found ${basic.bytes}`);
  } else {
    const [low, high] = sizeBand(entry);
    if (basic.bytes < entry.approxBytes * low || basic.bytes > entry.approxBytes * high) {
      result.problems.push(
        `size ${formatBytes(basic.bytes)} is far from the expected ≈ ${formatBytes(entry.approxBytes)} (truncated or another file?)`,
      );
    }
  }

  if (entry.sha1 === null) {
    result.checksum = 'unpublished';
    result.notes.push('no published checksum; size checked only');
  } else if (result.problems.length === 0) {
    const actual = await sha1File(path, options);
    result.sha1 = actual;
    if (actual === entry.sha1.toLowerCase()) {
      result.checksum = 'matched';
    } else {
      result.checksum = 'mismatch';
      result.problems.push(`checksum mismatch: expected SHA-1 ${entry.sha1.toLowerCase()}, got ${actual}`);
    }
  }
  result.ok = result.problems.length === 0;
  return result;
}
