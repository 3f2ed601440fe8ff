import type { ResolvedConfig } from '../config/admin-key.js';
import type { TranscriptionEngineOptions } from '../app.js';
import { sharedOutboundClient } from '../outbound/outbound-client.js';
import type { Transcriber } from '../ports/transcriber.js';
import { AutoTranscriber, chooseTranscriber, ResolvingWhisperTranscriber } from '../transcription/choose-transcriber.js';
import { ChildProcessWhisperBuilder } from '../transcription/engine-setup/whisper-build.js';

export interface ComposedTranscription {
  /** The engine clips are transcribed with; null when none can run here. */
  transcriber: Transcriber | null;
  /** What the engine setup (settings page, background whisper.cpp build) works with. */
  engine: TranscriptionEngineOptions;
}

/** Chooses the transcription engine from the configuration and what is installed, and says which (and why not) in the log. */
export async function composeTranscription(
  config: ResolvedConfig,
  env: Record<string, string | undefined>,
  log: (line: string) => void,
): Promise<ComposedTranscription> {
  const choice = await chooseTranscriber(config.transcription, env, undefined, sharedOutboundClient(config.outbound.allowPrivate));
  log(choice.summary);
  if (choice.transcriber) {
    const health = await choice.transcriber.check();
    if (!health.ok) log(`transcription cannot run yet: ${health.reason}`);
  }
  const whisper =
    choice.transcriber instanceof AutoTranscriber ? choice.transcriber.whisper : choice.transcriber instanceof ResolvingWhisperTranscriber ? choice.transcriber : null;
  return {
    transcriber: choice.transcriber,
    engine: {
      mode: config.transcription.engine,
      env,
      builder: new ChildProcessWhisperBuilder(),
      fallbackAvailable: choice.transcriber instanceof AutoTranscriber,
      whisper,
      pollMs: 60_000,
    },
  };
}
