import { join } from 'node:path';
import type { EngineSetupStepState, TranscriptionEngineStatus } from '@reelback/shared';
import type { TranscriptionConfig } from '../../config/config.js';
import { ServiceError } from '../../errors/service-error.js';
import type { Clock } from '../../ports/clock.js';
import type { TranscriberHealth } from '../../ports/transcriber.js';
import {
  CATALOGUE,
  type CatalogueEntry,
  checkModelFile,
  downloadModel,
  findModel,
  modelFileName,
  modelUrl,
  resolveModelsDir,
  resolveModelsUrl,
  resolveWhisperModel,
} from '../models/index.js';
import { checkWhisperBinary, whisperBinaryPath } from '../whisper/whisper-binary.js';
import type { WhisperBuilder } from './whisper-build.js';

type Env = Record<string, string | undefined>;

/** The model an admin is offered (and `REELBACK_MODELS_AUTO_PULL=1` fetches): English, small enough, good. */
export const DEFAULT_OFFERED_MODEL = 'base.en';

export interface EngineSetupDeps {
  mode: TranscriptionConfig['engine'];
  env: Env;
  cwd?: string;
  builder: WhisperBuilder;
  clock: Clock;
  log: (line: string) => void;
  /** Whether admins may be offered a model and start its download (false: report only). Default true. */
  offers?: boolean;
  /** Whether PocketSphinx can serve while Whisper is not ready (auto mode). */
  fallbackAvailable: boolean;
  /** Told once per process when Whisper became usable (a model and a build): re-transcribes PocketSphinx clips. */
  onWhisperReady: () => Promise<void>;
  /** Is whisper.cpp's `main` there? The bootstrap's build (or WHISPER_BIN) by default. */
  binaryHealth?: () => Promise<TranscriberHealth>;
  catalogue?: readonly CatalogueEntry[];
  fetch?: typeof globalThis.fetch;
  /** How long the model source's answer to a HEAD request is trusted (60 s). */
  probeTtlMs?: number;
  /** How often the server looks for a model that appeared on its own (`models pull` from a shell); 0 = never. */
  pollMs?: number;
}

interface Step {
  state: EngineSetupStepState;
  error: string | null;
}

/**
 * Getting Whisper ready while the server works: the default model is fetched when an admin asks (or at start with
 * `REELBACK_MODELS_AUTO_PULL=1`) through the models code `reelback models pull` uses (resumable, SHA-1 checked),
 * and whisper.cpp is built in a child process once a model is there — not on every start. Progress goes to the log
 * and to `status()`. In auto mode PocketSphinx transcribes until then.
 *
 * The model source is the operator's REELBACK_MODELS_URL (Hugging Face by default), never viewer input, so it is
 * fetched directly rather than through the guarded outbound client, whose 1 MB answer cap suits webhooks, not
 * 142 MB models.
 */
export class EngineSetup {
  private readonly download = { ...idle(), model: null as string | null, receivedBytes: 0, totalBytes: null as number | null, checksum: null as 'matched' | 'unpublished' | null };
  private readonly build = { ...idle(), startedAt: null as string | null, finishedAt: null as string | null, lastLine: null as string | null };
  private running: Promise<void> | null = null;
  private announced = false;
  private probe: { at: number; reachable: boolean } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly cwd: string;
  private readonly catalogue: readonly CatalogueEntry[];

  constructor(private readonly deps: EngineSetupDeps) {
    this.cwd = deps.cwd ?? process.cwd();
    this.catalogue = deps.catalogue ?? CATALOGUE;
  }

  private get whisperCapable(): boolean {
    return (this.deps.mode === 'auto' || this.deps.mode === 'whisper') && this.deps.offers !== false;
  }

  /** At start: fetch the model when asked to, build whisper.cpp when a model is there, and look again now and then. */
  start(options: { autoPull: boolean }): void {
    if (!this.whisperCapable) return;
    void (async () => {
      if (options.autoPull && !(await this.model()).ok) await this.startDownload().catch((error: unknown) => this.deps.log(`model download not started: ${(error as Error).message}`));
      else this.advance();
    })();
    if (this.deps.pollMs) {
      this.timer = setInterval(() => this.advance(), this.deps.pollMs);
      this.timer.unref();
    }
  }

  /** Stops looking for new models; a download or build under way finishes on its own (a `.part` resumes next time). */
  stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    return Promise.resolve();
  }

  /** Resolves when the current download/build (if any) has settled: for tests and an orderly stop. */
  async settled(): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
  }

  async status(): Promise<TranscriptionEngineStatus> {
    const model = await this.model();
    const binary = await this.binaryHealth();
    const ready = model.ok && binary.ok;
    const offer = this.whisperCapable && !model.ok && this.download.state !== 'running' ? await this.offer() : null;
    return {
      engine: this.engine(ready),
      whisper: {
        model: model.name,
        built: binary.ok,
        ready,
        reason: ready ? null : !model.ok ? model.reason : !binary.ok ? binary.reason : null,
      },
      offer,
      download: { ...this.download },
      build: { ...this.build },
    };
  }

  /** Starts fetching the default model; while one runs, says so again. Refused when Whisper is not wanted or a model is there. */
  async startDownload(): Promise<TranscriptionEngineStatus> {
    if (!this.whisperCapable) {
      throw new ServiceError('conflict', 'whisper-not-used', `Transcription uses ${this.deps.mode} (REELBACK_TRANSCRIBER): a Whisper model would not be used.`);
    }
    if (this.download.state !== 'running') {
      const model = await this.model();
      if (model.ok) throw new ServiceError('conflict', 'model-present', `A Whisper model is there already (${model.name}).`);
      const entry = findModel(this.catalogue, DEFAULT_OFFERED_MODEL);
      if (!entry) throw new ServiceError('conflict', 'model-unknown', `The catalogue has no ${DEFAULT_OFFERED_MODEL}.`);
      this.run(() => this.fetchModel(entry));
    }
    return this.status();
  }

  /** Builds whisper.cpp when a model is there and it is not built; tells once when Whisper is ready. */
  private advance(): void {
    if (this.running) return;
    this.run(async () => {
      if (!(await this.model()).ok) return;
      if (!(await this.binaryHealth()).ok) {
        if (this.build.state === 'failed') return; // said why; a restart tries again
        await this.buildWhisper();
      }
      if ((await this.binaryHealth()).ok && !this.announced) {
        this.announced = true;
        this.deps.log('transcription: Whisper is ready; clips PocketSphinx transcribed are transcribed again');
        await this.deps.onWhisperReady();
      }
    });
  }

  private run(work: () => Promise<void>): void {
    const running = work()
      .catch((error: unknown) => this.deps.log(`transcription setup: ${(error as Error).message}`))
      .finally(() => {
        if (this.running === running) this.running = null;
      });
    this.running = running;
  }

  private async fetchModel(entry: CatalogueEntry): Promise<void> {
    const dest = join(resolveModelsDir(this.deps.env, this.cwd), modelFileName(entry.name));
    const url = modelUrl(resolveModelsUrl(this.deps.env), entry.name);
    Object.assign(this.download, { state: 'running', error: null, model: entry.name, receivedBytes: 0, totalBytes: entry.bytes, checksum: null });
    this.deps.log(`transcription: downloading Whisper model ${entry.name} from ${new URL(url).origin} to ${dest}`);
    let loggedTenth = -1;
    try {
      const result = await downloadModel({
        url,
        dest,
        sha1: entry.sha1,
        bytes: entry.bytes,
        ...(this.deps.fetch ? { fetch: this.deps.fetch } : {}),
        onEvent: (event) => {
          if (event.type !== 'start' && event.type !== 'progress') return;
          this.download.receivedBytes = event.received;
          this.download.totalBytes = event.total;
          const tenth = event.total ? Math.floor((event.received / event.total) * 10) : -1;
          if (tenth > loggedTenth) {
            loggedTenth = tenth;
            this.deps.log(`transcription: model ${entry.name} ${tenth * 10}% (${event.received} of ${event.total} bytes)`);
          }
        },
      });
      Object.assign(this.download, { state: 'done', receivedBytes: result.bytes, totalBytes: result.bytes, checksum: result.checksum });
      this.deps.log(`transcription: model ${entry.name} saved (${result.bytes} bytes, SHA-1 ${result.checksum === 'matched' ? 'matches the published sum' : 'not published'})`);
    } catch (error) {
      Object.assign(this.download, { state: 'failed', error: (error as Error).message });
      throw new Error(`downloading model ${entry.name} failed: ${(error as Error).message}`);
    }
    this.running = null; // the build that follows is its own step
    this.advance();
  }

  private async buildWhisper(): Promise<void> {
    Object.assign(this.build, { state: 'running', error: null, startedAt: this.deps.clock.now().toISOString(), finishedAt: null, lastLine: null });
    this.deps.log('transcription: building whisper.cpp in the background (about a minute); PocketSphinx transcribes meanwhile');
    try {
      await this.deps.builder.build((line) => {
        this.build.lastLine = line;
        this.deps.log(`whisper.cpp build: ${line}`);
      });
      Object.assign(this.build, { state: 'done', finishedAt: this.deps.clock.now().toISOString() });
    } catch (error) {
      Object.assign(this.build, { state: 'failed', error: (error as Error).message, finishedAt: this.deps.clock.now().toISOString() });
      throw error;
    }
  }

  private engine(ready: boolean): TranscriptionEngineStatus['engine'] {
    switch (this.deps.mode) {
      case 'off':
        return 'off';
      case 'openai':
        return 'openai-compatible';
      case 'pocketsphinx':
        return 'pocketsphinx';
      case 'whisper':
        return ready ? 'whisper' : 'waiting';
      case 'auto':
        return ready ? 'whisper' : this.deps.fallbackAvailable ? 'pocketsphinx' : 'waiting';
    }
  }

  private async model(): Promise<{ ok: true; name: string } | { ok: false; name: string | null; reason: string }> {
    try {
      const model = resolveWhisperModel(this.deps.env, { cwd: this.cwd, catalogue: this.catalogue });
      if (!model) return { ok: false, name: null, reason: 'There is no Whisper model yet.' };
      const check = await checkModelFile(model.path);
      return check.ok ? { ok: true, name: model.name } : { ok: false, name: model.name, reason: check.reason };
    } catch (error) {
      return { ok: false, name: null, reason: (error as Error).message };
    }
  }

  private binaryHealth(): Promise<TranscriberHealth> {
    return this.deps.binaryHealth ? this.deps.binaryHealth() : checkWhisperBinary(whisperBinaryPath(this.deps.env as NodeJS.ProcessEnv));
  }

  /** The default model, when its source answers (a HEAD, remembered for a minute). */
  private async offer(): Promise<TranscriptionEngineStatus['offer']> {
    const entry = findModel(this.catalogue, DEFAULT_OFFERED_MODEL);
    if (!entry) return null;
    const url = modelUrl(resolveModelsUrl(this.deps.env), entry.name);
    const now = this.deps.clock.now().getTime();
    if (!this.probe || now - this.probe.at > (this.deps.probeTtlMs ?? 60_000)) {
      const fetch = this.deps.fetch ?? globalThis.fetch;
      const reachable = await fetch(url, { method: 'HEAD', redirect: 'follow', signal: AbortSignal.timeout(5000) })
        .then((res) => res.ok)
        .catch(() => false);
      this.probe = { at: now, reachable };
    }
    return this.probe.reachable ? { model: entry.name, approxBytes: entry.bytes ?? entry.approxBytes, source: new URL(url).origin } : null;
  }
}

function idle(): Step {
  return { state: 'idle', error: null };
}
