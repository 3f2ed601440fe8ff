import { TranscriberError } from '../../ports/transcriber.js';
import type { WhisperRun } from './run-whisper.js';

/** Lines of whisper.cpp's log that say it failed (its `error:` lines, the loader's and the WAV reader's complaints). */
const FAILURE_LINE =
  /(^|\s)error:|ERROR|failed to|invalid model|bad magic|bad ftype|wrong (size|shape)|unknown tensor|not all tensors|GGML_ASSERT|must be (mono|stereo|\d+ kHz|16-bit)|terminate called|what\(\):/;

/** Printed once the model is loaded and the state set up: a crash before it is a crash while reading the model. */
const MODEL_LOADED = /whisper_init_state:|system_info:/;

const MODEL_UNREADABLE =
  /failed to load model|invalid model|bad magic|bad ftype|wrong (size|shape)|unknown tensor|not all tensors loaded|failed to initialize whisper context/;

const WAV_UNREADABLE = /failed to read WAV file|failed to open '.*' as WAV file|read_wav: |must be (mono|stereo|\d+ kHz|16-bit)/;

/** The lines of a log that say what went wrong (at most `max`), or its last lines when none does. */
export function failureLines(stderr: string, max = 4): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  const failing = lines.filter((l) => FAILURE_LINE.test(l));
  return (failing.length > 0 ? failing : lines).slice(-max).join('\n');
}

export interface RunContext {
  modelPath: string;
  wavPath: string;
  binary: string;
  /** Did main write its JSON file? */
  wroteOutput: boolean;
}

/**
 * Reads a finished run of `main`: null when it succeeded, otherwise the TranscriberError that says why, plainly.
 * `main` exits 0 when it cannot read the WAV (it logs `error: failed to read WAV file` and goes on to the next
 * file) and for an unknown language, so the log decides, not the exit code alone.
 */
export function classifyWhisperRun(run: WhisperRun, context: RunContext): TranscriberError | null {
  const { stderr } = run;
  const detail = failureLines(stderr);
  const say = (message: string, retryable: boolean) => new TranscriberError(detail ? `${message}\n${detail}` : message, retryable);

  if (/error: unknown language/.test(stderr)) return say('whisper.cpp does not know the requested language', false);
  if (/error: unknown argument|error: no input files/.test(stderr)) {
    return say(`the whisper binary at ${context.binary} does not take the arguments of whisper.cpp 1.5's main (check WHISPER_BIN)`, false);
  }
  if (new RegExp(`failed to open '${escapeRegExp(context.modelPath)}'`).test(stderr) || /init_from_file\w*: failed to open/.test(stderr)) {
    return say(`whisper model file ${context.modelPath} cannot be opened (missing or unreadable)`, false);
  }
  if (MODEL_UNREADABLE.test(stderr)) {
    return say(`whisper model file ${context.modelPath} could not be loaded: it is corrupt, truncated or not a whisper.cpp ggml model`, false);
  }
  const crashed = run.signal !== null || (run.exitCode !== null && run.exitCode >= 128);
  if ((crashed || run.exitCode !== 0) && !MODEL_LOADED.test(stderr) && /whisper_model_load|loading model/.test(stderr)) {
    // e.g. a model with the right magic and garbage after it: the loader asserts, or allocates a nonsense size.
    return say(`whisper model file ${context.modelPath} could not be loaded (whisper.cpp died reading it): it is corrupt or not a whisper.cpp ggml model`, false);
  }
  if (WAV_UNREADABLE.test(stderr)) {
    return say(`audio file ${context.wavPath} could not be read: whisper.cpp needs a 16 kHz, 16-bit mono (or stereo) WAV`, false);
  }
  if (run.signal !== null) return say(`whisper.cpp crashed (${run.signal})`, true);
  if (run.exitCode !== 0) return say(`whisper.cpp failed (exit code ${run.exitCode})`, true);
  if (/failed to process audio/.test(stderr)) return say('whisper.cpp failed to process the audio', true);
  if (!context.wroteOutput) return say('whisper.cpp finished without writing its JSON output', true);
  return null;
}

/**
 * A run stopped by its time limit: retryable, unless whisper.cpp was still reading the model, which a damaged file
 * can make it do forever (a garbage vocabulary size makes the loader loop over reads past the end of the file).
 */
export function timeoutError(message: string, stderr: string, modelPath: string, cause: unknown): TranscriberError {
  if (!MODEL_LOADED.test(stderr) && /whisper_model_load|loading model/.test(stderr)) {
    const detail = failureLines(stderr, 2);
    return new TranscriberError(
      `whisper model file ${modelPath} could not be loaded: whisper.cpp was still reading it when stopped (${message}); it is probably corrupt${detail ? `\n${detail}` : ''}`,
      false,
      { cause },
    );
  }
  return new TranscriberError(message, true, { cause });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
