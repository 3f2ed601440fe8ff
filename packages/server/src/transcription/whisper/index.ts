import { whisperBinaryPath } from './whisper-binary.js';
import { WhisperTranscriber, type WhisperTranscriberOptions } from './whisper-transcriber.js';

export { BUILT_WHISPER_BINARY, checkWhisperBinary, whisperBinaryPath } from './whisper-binary.js';
export { WhisperTranscriber, type WhisperTranscriberOptions } from './whisper-transcriber.js';

/**
 * The whisper.cpp engine for a model file, with the binary from `WHISPER_BIN` in `env` or the bootstrap's build.
 * Which model (WHISPER_MODEL, the model cache) is model management's decision, not this one's.
 */
export function createWhisperTranscriber(
  model: string,
  options: Omit<WhisperTranscriberOptions, 'model'> = {},
  env: NodeJS.ProcessEnv = process.env,
): WhisperTranscriber {
  return new WhisperTranscriber({ ...options, model, binary: options.binary ?? whisperBinaryPath(env) });
}
