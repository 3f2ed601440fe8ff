import { describe, expect, it } from 'vitest';
import { chunkText } from './chunk-text.js';

describe('chunkText', () => {
  it('cuts at sentence ends, then whitespace, keeps every character, and respects the limit', () => {
    const text = 'One two three. Four five six seven. Eight nine ten eleven twelve thirteen.';
    const chunks = chunkText(text, 40);
    expect(chunks.map((c) => c.text).join('')).toBe(text);
    for (const chunk of chunks) {
      expect(chunk.text.length).toBeLessThanOrEqual(40);
      expect(text.slice(chunk.start, chunk.start + chunk.text.length)).toBe(chunk.text);
    }
    expect(chunks[0]?.text).toBe('One two three. Four five six seven. ');
    expect(chunks[1]?.text).toBe('Eight nine ten eleven twelve thirteen.');
  });

  it('never splits a surrogate pair when it has to cut hard', () => {
    const text = '😀'.repeat(40);
    const chunks = chunkText(text, 25);
    expect(chunks.map((c) => c.text).join('')).toBe(text);
    for (const chunk of chunks) expect(chunk.text).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
  });

  it('gives nothing for an empty text', () => {
    expect(chunkText('')).toEqual([]);
  });
});
