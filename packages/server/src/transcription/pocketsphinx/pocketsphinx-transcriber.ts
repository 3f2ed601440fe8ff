import { access, constants, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { TranscriptionResult } from '@reelback/shared';
import { MediaToolError } from '../../media/media-tool-error.js';
import { runTool, stderrTail } from '../../media/run-tool.js';
import { TranscriberError, type TranscribeOptions, type Transcriber, type TranscriberHealth } from '../../ports/transcriber.js';
import { phrasesToJsgf } from './jsgf.js';
import { DEFAULT_SEGMENT_RULES, groupIntoSegments, parsePocketsphinxOutput, type SegmentRules } from './parse-output.js';
import { readWavInfo, WavReadError } from './wav-info.js';

/** Where Debian's `pocketsphinx` and `pocketsphinx-en-us` (0.8+5prealpha) put things. */
export const DEBIAN_POCKETSPHINX_BINARY = '/usr/bin/pocketsphinx_continuous';
export const DEBIAN_EN_US_MODEL_DIR = '/usr/share/pocketsphinx/model/en-us';

export interface PocketsphinxOptions {
  /** `pocketsphinx_continuous` (Debian 12 ships no `pocketsphinx` command yet). Default: Debian's path. */
  binary?: string;
  /** A model folder laid out like Debian's en-us one. Default `/usr/share/pocketsphinx/model/en-us`. */
  modelDir?: string;
  /** Acoustic model folder (holds `mdef`). Default `<modelDir>/en-us`. */
  hmm?: string;
  /** Pronunciation dictionary. Default `<modelDir>/cmudict-en-us.dict`. */
  dict?: string;
  /** N-gram language model, used when no grammar is given. Default `<modelDir>/en-us.lm.bin`. */
  languageModel?: string;
  /** A JSGF grammar file: only the sentences it accepts can be heard (much more accurate, much narrower). */
  grammarFile?: string;
  /** The same as a list of sentences: a one-rule JSGF grammar is written for each run. Not with `grammarFile`. */
  phrases?: readonly string[];
  /** Fixed time limit for one run. Default: 3× the audio's duration, at least 60 s (the n-gram search runs near real time here). */
  timeoutMs?: number;
  /** How words are grouped into segments. Default: break at pauses over 0.7 s and every 12 words. */
  segments?: Partial<SegmentRules>;
}

const MIN_TIMEOUT_MS = 60_000;
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

/** ERROR/FATAL lines pocketsphinx writes when it cannot read the input audio. */
const AUDIO_ERROR = /format mismatch|bits per sample|sample rate|channels|Failed to open file '.*' for reading|not a RIFF|WAVE/i;

/** Said beside every PocketSphinx transcript, also once another engine is in use. */
export const POCKETSPHINX_ACCURACY_NOTE = 'Transcribed offline by PocketSphinx (English only): expect many more mistakes than with Whisper.';

/**
 * Debian's PocketSphinx with the CMU US English model: a real offline engine for machines with no Whisper
 * model. English only, and far less accurate than Whisper on free speech (which `accuracyNote` says), but
 * exact when a JSGF grammar narrows what can be said.
 *
 * It runs `pocketsphinx_continuous -infile <wav> -hmm … -dict … (-lm … | -jsgf …) -time yes` through the shared
 * runner (argument vector, no shell, a time limit, killed with our process). Word lines on stdout give the
 * timings; stderr carries its log, whose ERROR/FATAL lines say why a run failed.
 */
export class PocketsphinxTranscriber implements Transcriber {
  readonly engine = 'pocketsphinx' as const;
  readonly accuracyNote = POCKETSPHINX_ACCURACY_NOTE;

  readonly binary: string;
  readonly hmm: string;
  readonly dict: string;
  readonly languageModel: string;
  private readonly grammarFile: string | undefined;
  private readonly phrases: readonly string[] | undefined;
  private readonly timeoutMs: number | undefined;
  private readonly segmentRules: SegmentRules;
  private readonly modelName: string;

  constructor(options: PocketsphinxOptions = {}) {
    if (options.grammarFile && options.phrases) throw new Error('give pocketsphinx either grammarFile or phrases, not both');
    const modelDir = options.modelDir ?? DEBIAN_EN_US_MODEL_DIR;
    this.binary = options.binary ?? DEBIAN_POCKETSPHINX_BINARY;
    this.hmm = options.hmm ?? join(modelDir, 'en-us');
    this.dict = options.dict ?? join(modelDir, 'cmudict-en-us.dict');
    this.languageModel = options.languageModel ?? join(modelDir, 'en-us.lm.bin');
    this.grammarFile = options.grammarFile;
    this.phrases = options.phrases ? [...options.phrases] : undefined;
    if (this.phrases) phrasesToJsgf(this.phrases); // refuse an empty list now, not at the first clip
    this.timeoutMs = options.timeoutMs;
    this.segmentRules = { ...DEFAULT_SEGMENT_RULES, ...options.segments };
    const narrowedBy = this.grammarFile ? `, grammar ${basename(this.grammarFile)}` : this.phrases ? `, ${this.phrases.length} phrases` : '';
    this.modelName = `${basename(this.hmm)} (pocketsphinx${narrowedBy})`;
  }

  async check(): Promise<TranscriberHealth> {
    if (!(await isExecutable(this.binary))) {
      return { ok: false, reason: `PocketSphinx is not installed: ${this.binary} is missing (Debian package pocketsphinx)` };
    }
    const missing = await this.missingModelFiles();
    return missing ? { ok: false, reason: missing } : { ok: true };
  }

  async transcribe(wavPath: string, options: TranscribeOptions = {}): Promise<TranscriptionResult> {
    // `options.language` is ignored: the model knows English only, and says so in `language`.
    this.throwIfAborted(options.signal);
    const missing = await this.missingModelFiles();
    if (missing) throw new TranscriberError(missing, false);

    let wav;
    try {
      wav = await readWavInfo(wavPath);
    } catch (error) {
      if (error instanceof WavReadError) throw new TranscriberError(`PocketSphinx cannot read the audio: ${error.message}`, false, { cause: error });
      throw error;
    }
    if (wav.formatTag !== 1 || wav.sampleRate !== 16_000 || wav.channels !== 1 || wav.bitsPerSample !== 16) {
      throw new TranscriberError(
        `PocketSphinx needs 16 kHz mono 16-bit PCM WAV; this file is ${wav.sampleRate} Hz, ${wav.channels} channel(s), ` +
          `${wav.bitsPerSample}-bit${wav.formatTag === 1 ? ' PCM' : ` (format ${wav.formatTag})`}`,
        false,
      );
    }

    const tempDir = this.phrases ? await mkdtemp(join(tmpdir(), 'reelback-pocketsphinx-')) : undefined;
    try {
      let grammar = this.grammarFile;
      if (tempDir && this.phrases) {
        grammar = join(tempDir, 'phrases.gram');
        await writeFile(grammar, phrasesToJsgf(this.phrases));
      }
      const args = [
        '-infile', wavPath,
        '-hmm', this.hmm,
        '-dict', this.dict,
        ...(grammar ? ['-jsgf', grammar] : ['-lm', this.languageModel]),
        '-time', 'yes',
      ];
      const timeoutMs = this.timeoutMs ?? Math.max(MIN_TIMEOUT_MS, Math.ceil(wav.durationSeconds * 3_000));
      const result = await this.run(args, timeoutMs, options.signal);

      const problems = result.stderr.split('\n').filter((line) => /^(ERROR|FATAL)/.test(line));
      if (result.overflowed) {
        throw new TranscriberError(`PocketSphinx wrote more than ${MAX_OUTPUT_BYTES / 1024 / 1024} MiB of output and was stopped`, false);
      }
      if (result.exitCode !== 0 || problems.some((line) => line.startsWith('FATAL'))) {
        const why = problems.length > 0 ? problems.map(plainLogLine).join('; ') : stderrTail(result.stderr) || `exit code ${result.exitCode}`;
        const audio = problems.some((line) => AUDIO_ERROR.test(line));
        throw new TranscriberError(audio ? `PocketSphinx cannot read the audio: ${why}` : `PocketSphinx failed: ${why}`, false);
      }

      const segments = groupIntoSegments(parsePocketsphinxOutput(result.stdout, wav.durationSeconds), this.segmentRules);
      return {
        engine: this.engine,
        model: this.modelName,
        language: 'en',
        durationSeconds: wav.durationSeconds,
        segments,
        text: segments.map((s) => s.text).join(' '),
      };
    } finally {
      if (tempDir) await rm(tempDir, { recursive: true, force: true });
    }
  }

  private async run(args: string[], timeoutMs: number, signal: AbortSignal | undefined) {
    try {
      return await runTool(this.binary, args, { timeoutMs, signal, maxBufferBytes: MAX_OUTPUT_BYTES });
    } catch (error) {
      if (!(error instanceof MediaToolError)) throw error;
      switch (error.failure) {
        case 'not-installed':
          throw new TranscriberError(`PocketSphinx is not installed: ${this.binary} is missing (Debian package pocketsphinx)`, false, { cause: error });
        case 'timed-out':
          throw new TranscriberError(`PocketSphinx did not finish within ${timeoutMs / 1000} s and was stopped`, true, { cause: error });
        case 'aborted':
          throw new TranscriberError('transcription was stopped before it finished', true, { cause: error });
        default:
          throw new TranscriberError(`PocketSphinx could not be run: ${error.message}`, true, { cause: error });
      }
    }
  }

  private throwIfAborted(signal: AbortSignal | undefined): void {
    if (signal?.aborted) throw new TranscriberError('transcription was stopped before it started', true, { cause: signal.reason });
  }

  /** A plain reason when a file the run needs is missing, else undefined. */
  private async missingModelFiles(): Promise<string | undefined> {
    const model: Array<[string, string]> = [
      [join(this.hmm, 'mdef'), 'acoustic model'],
      [this.dict, 'dictionary'],
    ];
    if (!this.grammarFile && !this.phrases) model.push([this.languageModel, 'language model']);
    for (const [path, what] of model) {
      if (!(await isReadable(path))) {
        return `PocketSphinx's ${what} is missing: ${path} (the English model is the Debian package pocketsphinx-en-us)`;
      }
    }
    if (this.grammarFile && !(await isReadable(this.grammarFile))) {
      return `the JSGF grammar file for PocketSphinx is missing: ${this.grammarFile}`;
    }
    return undefined;
  }
}

/** `ERROR: "continuous.c", line 136: Input audio…` → `Input audio…` */
function plainLogLine(line: string): string {
  return line.replace(/^(ERROR|FATAL): "[^"]*", line \d+: /, '').trim();
}

async function isReadable(path: string): Promise<boolean> {
  return access(path, constants.R_OK).then(
    () => true,
    () => false,
  );
}

async function isExecutable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(
    () => true,
    () => false,
  );
}
