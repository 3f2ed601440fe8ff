import type { TranscriptSegment, TranscriptWord } from '@reelback/shared';

export interface SegmentRules {
  /** A silence longer than this between two words starts a new segment. */
  pauseSeconds: number;
  /** A segment holds at most this many words. */
  maxWords: number;
}

export const DEFAULT_SEGMENT_RULES: SegmentRules = { pauseSeconds: 0.7, maxWords: 12 };

/** A word line of `pocketsphinx_continuous -time yes`: `word start end posterior`, e.g. `board(2) 0.150 0.580 0.973`. */
const WORD_LINE = /^(\S+) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?) ([-+]?\d*\.?\d+(?:[eE][-+]?\d+)?)$/;

/** Sentence marks, silence and noise fillers (`<s>`, `</s>`, `<sil>`, `[NOISE]`, `[SPEECH]`, `++UH++`): not words. */
function isFiller(token: string): boolean {
  return /^<.*>$/.test(token) || /^\[.*\]$/.test(token) || /^\+\+.*\+\+$/.test(token);
}

export interface ParsedUtterance {
  words: TranscriptWord[];
}

/**
 * Reads what `pocketsphinx_continuous -time yes` prints on stdout: for each utterance the hypothesis on one
 * line, then one line per word (fillers included) with times in seconds from the start of the file. Fillers
 * are dropped, alternative pronunciations (`word(2)`) lose their suffix, and the posterior becomes the word's
 * confidence (clamped to 0–1; under a grammar it is always 1). Times are clamped to `durationSeconds`.
 */
export function parsePocketsphinxOutput(stdout: string, durationSeconds: number): ParsedUtterance[] {
  const utterances: ParsedUtterance[] = [];
  let current: ParsedUtterance | undefined;
  for (const raw of stdout.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const match = WORD_LINE.exec(line);
    if (!match) {
      // A hypothesis line opens the next utterance.
      current = { words: [] };
      utterances.push(current);
      continue;
    }
    const [, token, start, end, posterior] = match as unknown as [string, string, string, string, string];
    if (isFiller(token)) continue;
    if (!current) {
      current = { words: [] };
      utterances.push(current);
    }
    const clamp = (seconds: number) => Math.min(Math.max(seconds, 0), durationSeconds);
    const confidence = Number(posterior);
    current.words.push({
      text: token.replace(/\(\d+\)$/, ''),
      start: clamp(Number(start)),
      end: clamp(Number(end)),
      ...(Number.isFinite(confidence) ? { confidence: Math.min(Math.max(confidence, 0), 1) } : {}),
    });
  }
  return utterances.filter((u) => u.words.length > 0);
}

/**
 * Groups words into segments: a new segment at each utterance pocketsphinx found, after a pause longer than
 * `pauseSeconds`, and every `maxWords` words.
 */
export function groupIntoSegments(utterances: readonly ParsedUtterance[], rules: SegmentRules = DEFAULT_SEGMENT_RULES): TranscriptSegment[] {
  const segments: TranscriptSegment[] = [];
  for (const { words } of utterances) {
    let group: TranscriptWord[] = [];
    const flush = () => {
      if (group.length === 0) return;
      segments.push({
        start: group[0]!.start,
        end: group[group.length - 1]!.end,
        text: group.map((w) => w.text).join(' '),
        words: group,
      });
      group = [];
    };
    for (const word of words) {
      const previous = group[group.length - 1];
      if (previous && (word.start - previous.end > rules.pauseSeconds || group.length >= rules.maxWords)) flush();
      group.push(word);
    }
    flush();
  }
  return segments;
}
