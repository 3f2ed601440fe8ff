import type { TranscriptSegment, TranscriptWord } from '@reelback/shared';
import * as z from 'zod';

/**
 * What whisper.cpp 1.5's `main -oj -ojf` writes (examples/main/main.cpp, output_json). Offsets are milliseconds.
 * Tokens carry offsets only when token timestamps are on (they are with -ojf).
 */
const Offsets = z.object({ from: z.number(), to: z.number() });

const WhisperToken = z.object({
  text: z.string(),
  offsets: Offsets.optional(),
  id: z.number().int(),
  p: z.number().nullable().optional(),
});

const WhisperJsonSegment = z.object({
  offsets: Offsets,
  text: z.string(),
  tokens: z.array(WhisperToken).optional(),
});

export const WhisperJson = z.object({
  model: z.object({ multilingual: z.boolean().optional(), vocab: z.number().int().optional() }).partial().optional(),
  result: z.object({ language: z.string().nullable().optional() }).optional(),
  transcription: z.array(WhisperJsonSegment),
});
export type WhisperJson = z.infer<typeof WhisperJson>;

export class WhisperOutputError extends Error {
  override name = 'WhisperOutputError';
}

/** A JSON string (escapes kept whole), or a bare non-finite number as C++ streams print them. */
const STRING_OR_NON_FINITE = /"(?:[^"\\]|\\[^])*"|[-+]?(?:nan|inf(?:inity)?)\b/gi;
const CONTROL = /[\u0000-\u001f]/g;

/**
 * Makes main's JSON parseable. Its writer escapes only `"` and `\` in strings, so a token can hold raw control
 * characters, and it prints floats with `<<`, so a probability can be `nan` or `inf`. Strings are left as raw bytes
 * (the file is read as latin1, one char per byte): a multi-byte character split over two tokens is put back
 * together by `utf8()` once the tokens are joined, instead of becoming two U+FFFD.
 */
export function sanitizeWhisperJson(latin1: string): string {
  return latin1.replace(STRING_OR_NON_FINITE, (match) =>
    match.startsWith('"') ? match.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : 'null',
  );
}

/** A latin1-decoded (byte per char) string as the UTF-8 text its bytes spell. */
export function utf8(latin1: string): string {
  return Buffer.from(latin1, 'latin1').toString('utf8');
}

/** Parses the bytes of main's `.json` output. Strings in the result are still byte strings: see `utf8()`. */
export function parseWhisperJson(bytes: Buffer): WhisperJson {
  let raw: unknown;
  try {
    raw = JSON.parse(sanitizeWhisperJson(bytes.toString('latin1')));
  } catch (error) {
    throw new WhisperOutputError(`whisper.cpp wrote a JSON file that cannot be parsed: ${(error as Error).message}`, { cause: error });
  }
  const parsed = WhisperJson.safeParse(raw);
  if (!parsed.success) {
    throw new WhisperOutputError(`whisper.cpp's JSON output is not shaped as expected: ${z.prettifyError(parsed.error)}`, { cause: parsed.error });
  }
  return parsed.data;
}

/** The first id that is not text: end-of-text, then start-of-text, languages, timestamps… (whisper.cpp's vocab). */
export function firstSpecialTokenId(json: WhisperJson): number {
  const multilingual = json.model?.multilingual ?? (json.model?.vocab !== undefined ? json.model.vocab >= 51865 : false);
  return multilingual ? 50257 : 50256;
}

const seconds = (ms: number, limit: number) => Math.min(Math.max(ms / 1000, 0), limit);
const round = (s: number) => Math.round(s * 1000) / 1000;

/**
 * Segments with start/end seconds (clamped to the audio: whisper's last timestamp can run past the end) and
 * trimmed text; segments with no text are dropped. Words (kept within their segment) come from the text tokens' timestamps: a token that
 * starts with a space starts a word; punctuation stays on the word it follows. Word confidence is the mean of
 * its tokens' probabilities.
 */
export function toTranscriptSegments(json: WhisperJson, durationSeconds: number): TranscriptSegment[] {
  const limit = Number.isFinite(durationSeconds) && durationSeconds > 0 ? durationSeconds : Number.POSITIVE_INFINITY;
  const special = firstSpecialTokenId(json);
  const segments: TranscriptSegment[] = [];
  for (const segment of json.transcription) {
    const text = utf8(segment.text).trim();
    if (!text) continue;
    const start = round(seconds(segment.offsets.from, limit));
    const end = round(Math.max(start, seconds(segment.offsets.to, limit)));
    const words = segment.tokens ? toWords(segment.tokens, special, limit).map((w) => withinSegment(w, start, end)) : undefined;
    segments.push(words && words.length > 0 ? { start, end, text, words } : { start, end, text });
  }
  return segments;
}

/** whisper's token times can stray a little outside their segment's: keep words inside it. */
function withinSegment(word: TranscriptWord, start: number, end: number): TranscriptWord {
  const wordStart = Math.min(Math.max(word.start, start), end);
  return { ...word, start: wordStart, end: Math.min(Math.max(word.end, wordStart), end) };
}

function toWords(tokens: z.infer<typeof WhisperToken>[], special: number, limit: number): TranscriptWord[] {
  const words: TranscriptWord[] = [];
  let current: { bytes: string; from: number; to: number; p: number[] } | null = null;
  const flush = () => {
    if (!current) return;
    const text = utf8(current.bytes).trim();
    if (text) {
      const start = round(seconds(current.from, limit));
      const word: TranscriptWord = { text, start, end: round(Math.max(start, seconds(current.to, limit))) };
      if (current.p.length > 0) word.confidence = round(Math.min(1, Math.max(0, current.p.reduce((a, b) => a + b, 0) / current.p.length)));
      words.push(word);
    }
    current = null;
  };
  for (const token of tokens) {
    if (token.id >= special || !token.offsets) continue;
    if (!current || token.text.startsWith(' ')) {
      flush();
      current = { bytes: '', from: token.offsets.from, to: token.offsets.to, p: [] };
    }
    current.bytes += token.text;
    current.to = Math.max(current.to, token.offsets.to);
    if (typeof token.p === 'number' && Number.isFinite(token.p)) current.p.push(token.p);
  }
  flush();
  return words;
}

/** `main: processing '<file>' (32000 samples, 2.0 sec), …` → 2. null when the line is not there. */
export function audioSecondsFromLog(stderr: string): number | null {
  const match = /processing '.*' \((\d+) samples, [\d.]+ sec\)/.exec(stderr);
  return match ? Number(match[1]) / 16_000 : null;
}
