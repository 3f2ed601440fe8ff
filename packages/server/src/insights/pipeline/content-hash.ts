import { createHash } from 'node:crypto';
import type { AnalysedTextSource } from '@reelback/shared';

/** SHA-256 (hex) of a text and where it came from: the same words typed or spoken are two different analyses' subjects. */
export function contentHash(text: { source: AnalysedTextSource; text: string }): string {
  return createHash('sha256').update(text.source).update('\u0000').update(text.text, 'utf8').digest('hex');
}
