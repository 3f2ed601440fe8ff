import { availableParallelism } from 'node:os';
import type { TranscriptionConfig } from '../config/config.js';
import type { OutboundClient } from '../outbound/outbound-client.js';
import type { TranscribeOptions, Transcriber, TranscriberHealth } from '../ports/transcriber.js';
import { TranscriberError } from '../ports/transcriber.js';
import { checkModelFile, resolveWhisperModel } from './models/index.js';
import { OpenAiCompatibleTranscriber } from './openai/openai-transcriber.js';
import { PocketsphinxTranscriber } from './pocketsphinx/pocketsphinx-transcriber.js';
import { createWhisperTranscriber } from './whisper/index.js';

type Env = Record<string, string | undefined>;

export interface TranscriberChoice {
  transcriber: Transcriber | null;
  /** One line for the start-up log: which engine and why. */
  summary: string;
}

const NO_MODEL =
  'no Whisper model: pull one from the dashboard (an admin is offered it), with `npm run reelback -- models pull base.en`, or set WHISPER_MODEL to a ggml file; clips wait until then';

/**
 * Whisper with the model resolved at each use, not once at start: a model pulled (or fixed) while the server
 * runs is picked up, and the clips that waited for it are transcribed.
 */
export class ResolvingWhisperTranscriber implements Transcriber {
  readonly engine = 'whisper' as const;
  readonly accuracyNote = null;

  constructor(
    private readonly env: Env,
    private readonly cwd = process.cwd(),
    /** whisper.cpp's threads spin while they wait: never more of them, over all runs at once, than cores. */
    private readonly threads?: number,
  ) {}

  private current(): { transcriber: Transcriber } | { reason: string } {
    try {
      const model = resolveWhisperModel(this.env, { cwd: this.cwd });
      return model
        ? { transcriber: createWhisperTranscriber(model.path, this.threads ? { threads: this.threads } : {}, this.env) }
        : { reason: NO_MODEL };
    } catch (error) {
      return { reason: error instanceof Error ? error.message : String(error) };
    }
  }

  async check(): Promise<TranscriberHealth> {
    const current = this.current();
    return 'reason' in current ? { ok: false, reason: current.reason } : current.transcriber.check();
  }

  async transcribe(wavPath: string, options?: TranscribeOptions) {
    const current = this.current();
    if ('reason' in current) throw new TranscriberError(current.reason, true);
    return current.transcriber.transcribe(wavPath, options);
  }
}

/**
 * `auto`: Whisper as soon as it can run (a sound model and whisper.cpp built — the build runs in the background
 * once a model is there), PocketSphinx until then, decided at each use. Its `engine` is the last one it used.
 */
export class AutoTranscriber implements Transcriber {
  private current: Transcriber;

  constructor(
    readonly whisper: Transcriber,
    private readonly fallback: Transcriber,
    initial: 'whisper' | 'fallback',
  ) {
    this.current = initial === 'whisper' ? whisper : fallback;
  }

  get engine() {
    return this.current.engine;
  }

  get accuracyNote() {
    return this.current.accuracyNote;
  }

  private async pick(): Promise<Transcriber> {
    this.current = (await this.whisper.check()).ok ? this.whisper : this.fallback;
    return this.current;
  }

  async check(): Promise<TranscriberHealth> {
    return (await this.pick()).check();
  }

  async transcribe(wavPath: string, options?: TranscribeOptions) {
    return (await this.pick()).transcribe(wavPath, options);
  }
}

/** The engine the configuration asks for; `auto` takes Whisper when a sound model is there, else PocketSphinx. */
export async function chooseTranscriber(config: TranscriptionConfig, env: Env, cwd = process.cwd(), outbound?: OutboundClient): Promise<TranscriberChoice> {
  const cores = availableParallelism();
  const threads = Math.max(1, Math.floor(cores / (config.concurrency ?? cores)));
  const pocketsphinx = () => new PocketsphinxTranscriber(config.pocketsphinxGrammar ? { grammarFile: config.pocketsphinxGrammar } : {});
  switch (config.engine) {
    case 'off':
      return { transcriber: null, summary: 'transcription is off (REELBACK_TRANSCRIBER=off)' };
    case 'openai': {
      const openai = config.openai!;
      return {
        transcriber: new OpenAiCompatibleTranscriber({
          baseUrl: openai.url,
          model: openai.model,
          ...(openai.key ? { apiKey: openai.key } : {}),
          ...(outbound ? { client: outbound } : {}),
        }),
        summary: `transcription: OpenAI-compatible service at ${new URL(openai.url).origin} (model ${openai.model})`,
      };
    }
    case 'pocketsphinx':
      return { transcriber: pocketsphinx(), summary: 'transcription: PocketSphinx (English only, offline, less accurate than Whisper)' };
    case 'whisper':
      return { transcriber: new ResolvingWhisperTranscriber(env, cwd, threads), summary: 'transcription: Whisper (whisper.cpp)' };
    case 'auto': {
      const model = (() => {
        try {
          return resolveWhisperModel(env, { cwd });
        } catch {
          return null;
        }
      })();
      const whisper = new ResolvingWhisperTranscriber(env, cwd, threads);
      const fallback = pocketsphinx();
      const health = await fallback.check();
      if (model && (await checkModelFile(model.path)).ok) {
        const summary = `transcription: Whisper with ${model.name} (${model.path})`;
        if (!health.ok) return { transcriber: whisper, summary };
        const built = (await whisper.check()).ok;
        return {
          transcriber: new AutoTranscriber(whisper, fallback, 'whisper'),
          summary: built ? summary : `${summary}, once whisper.cpp is built (in the background); PocketSphinx until then`,
        };
      }
      if (health.ok) {
        return {
          transcriber: new AutoTranscriber(whisper, fallback, 'fallback'),
          summary: `transcription: PocketSphinx, because there is ${model ? `no usable Whisper model at ${model.path}` : 'no Whisper model'} (English only, less accurate; ${NO_MODEL.split(': ')[1]!.split(';')[0]})`,
        };
      }
      return { transcriber: whisper, summary: `transcription: Whisper, waiting — ${NO_MODEL}` };
    }
  }
}
