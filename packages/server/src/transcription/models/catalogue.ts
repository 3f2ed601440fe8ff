/**
 * The whisper.cpp ggml models Reelback knows how to fetch, from their usual public location
 * (`https://huggingface.co/ggerganov/whisper.cpp/resolve/main/ggml-<name>.bin`, the same place whisper.cpp's own
 * `models/download-ggml-model.sh` uses).
 *
 * SHA-1 sums are the ones whisper.cpp publishes in its `models/README.md` ("Available models"). Models it lists no
 * sum for have `sha1: null`: `verify` then says so and checks the size only. Nothing here is guessed: an unknown
 * sum stays `null`.
 *
 * Sizes: whisper.cpp publishes rounded sizes only (e.g. "75 MiB"), so `approxBytes` is for display and a coarse
 * sanity check; `sizeEstimated` marks the ones whisper.cpp does not list (quantised variants), whose size is our
 * estimate. `bytes` is the exact length when known (test catalogues, mirrors that set it); `null` otherwise, and
 * the download then checks the length the server announced.
 */
export interface CatalogueEntry {
  /** e.g. `base.en`, `small-q5_1`: the file is `ggml-<name>.bin`. */
  readonly name: string;
  /** Exact length in bytes, or `null` when not published. */
  readonly bytes: number | null;
  /** Rounded size for display and a coarse size check. */
  readonly approxBytes: number;
  /** `true` when `approxBytes` is our estimate rather than a published figure. */
  readonly sizeEstimated: boolean;
  /** Lower-case hex SHA-1 of the whole file, or `null` when none is published. */
  readonly sha1: string | null;
  /** `false` for the English-only `.en` models. */
  readonly multilingual: boolean;
  /** `q5_0`, `q5_1`, `q8_0`, or `null` for the full-precision (f16) files. */
  readonly quantisation: string | null;
}

export const DEFAULT_MODELS_URL = 'https://huggingface.co/ggerganov/whisper.cpp/resolve/main';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

function entry(name: string, approxBytes: number, sha1: string | null, sizeEstimated = false): CatalogueEntry {
  const quantisation = /-(q\d_\d)$/.exec(name)?.[1] ?? null;
  return {
    name,
    bytes: null,
    approxBytes: Math.round(approxBytes),
    sizeEstimated,
    sha1,
    multilingual: !/\.en(-|$)/.test(name),
    quantisation,
  };
}

/** In whisper.cpp's order (size class, then language, then quantisation). */
export const CATALOGUE: readonly CatalogueEntry[] = Object.freeze([
  entry('tiny', 75 * MiB, 'bd577a113a864445d4c299885e0cb97d4ba92b5f'),
  entry('tiny.en', 75 * MiB, 'c78c86eb1a8faa21b369bcd33207cc90d64ae9df'),
  entry('tiny-q5_1', 31 * MiB, null, true),
  entry('tiny.en-q5_1', 31 * MiB, null, true),
  entry('tiny-q8_0', 42 * MiB, null, true),
  entry('base', 142 * MiB, '465707469ff3a37a2b9b8d8f89f2f99de7299dac'),
  entry('base.en', 142 * MiB, '137c40403d78fd54d454da0f9bd998f78703390c'),
  entry('base-q5_1', 57 * MiB, null, true),
  entry('base.en-q5_1', 57 * MiB, null, true),
  entry('base-q8_0', 78 * MiB, null, true),
  entry('small', 466 * MiB, '55356645c2b361a969dfd0ef2c5a50d530afd8d5'),
  entry('small.en', 466 * MiB, 'db8a495a91d927739e50b3fc1cc4c6b8f6c2d022'),
  entry('small-q5_1', 181 * MiB, null, true),
  entry('small.en-q5_1', 181 * MiB, null, true),
  entry('small-q8_0', 252 * MiB, null, true),
  entry('medium', 1.5 * GiB, 'fd9727b6e1217c2f614f9b698455c4ffd82463b4'),
  entry('medium.en', 1.5 * GiB, '8c30f0e44ce9560643ebd10bbe50cd20eafd3723'),
  entry('medium-q5_0', 514 * MiB, null, true),
  entry('medium.en-q5_0', 514 * MiB, null, true),
  entry('medium-q8_0', 785 * MiB, null, true),
  entry('large-v1', 2.9 * GiB, 'b1caaf735c4cc1429223d5a74f0f4d0b9b59a299'),
  entry('large-v2', 2.9 * GiB, '0f4c8e34f21cf1a914c59d8b3ce882345ad349d6'),
  entry('large-v2-q5_0', 1.1 * GiB, '00e39f2196344e901b3a2bd5814807a769bd1630'),
  entry('large-v2-q8_0', 1.5 * GiB, null, true),
  entry('large-v3', 2.9 * GiB, 'ad82bf6a9043ceed055076d0fd39f5f186ff8062'),
  entry('large-v3-q5_0', 1.1 * GiB, 'e6e2ed78495d403bef4b7cff42ef4aaadcfea8de'),
  entry('large-v3-turbo', 1.5 * GiB, '4af2b29d7ec73d781377bfd1758ca957a807e941'),
  entry('large-v3-turbo-q5_0', 547 * MiB, 'e050f7970618a659205450ad97eb95a18d69c9ee'),
  entry('large-v3-turbo-q8_0', 834 * MiB, null, true),
]);

/**
 * Which cached model to use when none is configured: good English accuracy at a speed a small CPU copes with
 * first, then smaller, then bigger. Models not listed come after these, in catalogue order.
 */
export const PREFERENCE: readonly string[] = Object.freeze([
  'base.en',
  'base',
  'small.en',
  'small',
  'base.en-q5_1',
  'base-q5_1',
  'base-q8_0',
  'small.en-q5_1',
  'small-q5_1',
  'small-q8_0',
  'tiny.en',
  'tiny',
  'tiny.en-q5_1',
  'tiny-q5_1',
  'tiny-q8_0',
  'large-v3-turbo-q5_0',
  'large-v3-turbo-q8_0',
  'large-v3-turbo',
  'medium.en',
  'medium',
  'medium.en-q5_0',
  'medium-q5_0',
  'medium-q8_0',
  'large-v3-q5_0',
  'large-v3',
  'large-v2-q5_0',
  'large-v2-q8_0',
  'large-v2',
  'large-v1',
]);

/** Model names become file names: letters, digits, `.`, `_`, `-`, not starting with a dot (no path tricks). */
export const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function isValidModelName(name: string): boolean {
  return MODEL_NAME.test(name) && !name.includes('..');
}

export function findModel(catalogue: readonly CatalogueEntry[], name: string): CatalogueEntry | undefined {
  return catalogue.find((e) => e.name === name);
}

export function modelFileName(name: string): string {
  return `ggml-${name}.bin`;
}

/** `ggml-base.en.bin` → `base.en`; any other file name → `null`. */
export function modelNameFromFile(fileName: string): string | null {
  const match = /^ggml-(.+)\.bin$/.exec(fileName);
  return match?.[1] && isValidModelName(match[1]) ? match[1] : null;
}

export function modelUrl(baseUrl: string, name: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${modelFileName(name)}`;
}

/** Models are ordered by `PREFERENCE`, then the rest of the catalogue, then unknown names alphabetically. */
export function preferenceRank(name: string, catalogue: readonly CatalogueEntry[] = CATALOGUE): number {
  const preferred = PREFERENCE.indexOf(name);
  if (preferred >= 0) return preferred;
  const listed = catalogue.findIndex((e) => e.name === name);
  return listed >= 0 ? PREFERENCE.length + listed : Number.MAX_SAFE_INTEGER;
}
