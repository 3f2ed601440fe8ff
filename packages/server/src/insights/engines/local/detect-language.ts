type Eld = (typeof import('eld/extrasmall'))['eld'];

/**
 * Loaded on first use, not when the server starts: its n-gram database costs ≈ 0.7 s and ≈ 87 MB resident once
 * per process (measured), which only a process that analyses answers should pay.
 */
let loading: Promise<Eld> | null = null;
function detector(): Promise<Eld> {
  loading ??= import('eld/extrasmall').then((module) => module.eld);
  return loading;
}

/** Enough text to tell a language; reading more only costs time (eld reads 50,000 characters in ≈ 1 ms anyway). */
const SAMPLE_CHARS = 2_000;

export type LanguageVerdict =
  /** English: the engine's model reads it. */
  | { kind: 'english' }
  /** Another language, told reliably: said, not analysed. */
  | { kind: 'other'; language: string }
  /** Too little text to tell (a word or two, "ok", "meh"): analysed with the English model, language left null. */
  | { kind: 'unknown' };

/**
 * Which language an answer is in, with `eld` (Efficient Language Detector, n-gram based, 60 languages, ISO 639-1
 * codes, its "extra small" database: the same verdicts as "small" on our probe at half the memory). Chosen over
 * `franc-min` (which called "Love it!" Turkish and "Great!" German) and `tinyld` (which called "Great!" Irish and
 * "meh" Klingon): eld also says when a verdict is not reliable, which is what lets the engine decline only the texts
 * it can tell are not English.
 */
export async function detectLanguage(text: string): Promise<LanguageVerdict> {
  const result = (await detector()).detect(text.slice(0, SAMPLE_CHARS));
  if (result.language === 'en') return { kind: 'english' };
  if (result.language && result.isReliable()) return { kind: 'other', language: result.language };
  return { kind: 'unknown' };
}
