// Makes the reel in the browser with ffmpeg.wasm. This module is its own chunk: the component imports it only
// when the owner clicks "Make reel", and it loads the 32 MB core only then. Nothing comes from a CDN: the
// worker and the core are served by our server under /app/ffmpeg/ (build.mjs puts them there).
import { FFmpeg } from '@ffmpeg/ffmpeg';
import type { LogEvent } from '@ffmpeg/ffmpeg';
import { buildReelArgs, logTimeSeconds, probeFromLog, reelFrameSize, type MediaProbe, type ReelInput } from './ffmpeg-args.js';

/** Where build.mjs puts ffmpeg's worker and single-thread core (same origin: host pages are not isolated). */
export const FFMPEG_BASE = '/app/ffmpeg/';

export interface ReelPartSource {
  /** Where to fetch the clip's normalised media (same origin, the session cookie goes along). */
  url: string;
  /** Seconds into the clip, and how long. */
  start: number;
  duration: number;
  /** A label for messages ("Part 2"). */
  label: string;
}

export type ReelStage = 'loading' | 'fetching' | 'encoding' | 'finishing';

export interface ReelProgress {
  stage: ReelStage;
  /** 0–1 of the whole job. */
  fraction: number;
}

export interface ReelJob {
  parts: readonly ReelPartSource[];
  /** WebVTT to mux as the MP4's subtitle stream; null for none. */
  vtt: string | null;
  onProgress: (progress: ReelProgress) => void;
  signal: AbortSignal;
  /** Another place for the worker and core (tests); FFMPEG_BASE by default. */
  base?: string;
}

/** Something the owner should be told, in a sentence. */
export class ReelError extends Error {
  override name = 'ReelError';
}

// Shares of the bar: the clips' download, the core's download and compile; the encode has the rest.
const FETCH_SHARE = 0.1;
const LOAD_SHARE = 0.15;

/** Runs the whole job; the MP4's bytes. Rejects with an AbortError when `signal` aborts, a ReelError otherwise. */
export async function makeReel(job: ReelJob): Promise<Uint8Array> {
  const { parts, signal, onProgress } = job;
  const base = new URL(job.base ?? FFMPEG_BASE, location.href);
  const ffmpeg = new FFmpeg();
  const aborted = () => new DOMException('The reel was cancelled.', 'AbortError');
  // terminate() ends the worker at once, mid-encode, and rejects whatever is waiting on it.
  const stop = () => ffmpeg.terminate();
  signal.addEventListener('abort', stop, { once: true });
  const guard = async <T>(work: Promise<T>): Promise<T> => {
    try {
      return await work;
    } catch (error) {
      if (signal.aborted) throw aborted();
      throw error;
    }
  };
  try {
    if (signal.aborted) throw aborted();
    // The clips first: a clip that cannot be had is said before the 32 MB core is loaded for nothing.
    const media: Uint8Array[] = [];
    for (const [i, part] of parts.entries()) {
      onProgress({ stage: 'fetching', fraction: (FETCH_SHARE * i) / parts.length });
      let response: Response;
      try {
        response = await fetch(part.url, { credentials: 'same-origin', signal });
      } catch (error) {
        if (signal.aborted) throw aborted();
        throw new ReelError(`${part.label}'s media could not be downloaded: ${messageOf(error)}`);
      }
      if (!response.ok) throw new ReelError(`${part.label}'s media could not be downloaded: the server answered ${response.status}.`);
      media.push(new Uint8Array(await guard(response.arrayBuffer())));
    }

    onProgress({ stage: 'loading', fraction: FETCH_SHARE });
    try {
      await guard(
        ffmpeg.load({
          classWorkerURL: new URL('worker.js', base).href,
          coreURL: new URL('ffmpeg-core.js', base).href,
          wasmURL: new URL('ffmpeg-core.wasm', base).href,
        }),
      );
    } catch (error) {
      if (signal.aborted) throw aborted();
      throw new ReelError(`Your browser could not load the video tools: ${messageOf(error)}`);
    }

    const log: string[] = [];
    const onLog = (event: LogEvent) => {
      log.push(event.message);
      if (log.length > 400) log.splice(0, log.length - 400);
    };
    ffmpeg.on('log', onLog);

    const probes: MediaProbe[] = [];
    for (const [i, part] of parts.entries()) {
      await guard(ffmpeg.writeFile(inputName(i), media[i]!));
      log.length = 0;
      // No output: ffmpeg prints what it found in the file and exits 1, which is expected here.
      await guard(ffmpeg.exec(['-hide_banner', '-i', inputName(i)]));
      const probe = probeFromLog(log);
      if (!probe.hasVideo && !probe.hasAudio) throw new ReelError(`${part.label}'s media has neither picture nor sound.`);
      probes.push(probe);
    }
    media.length = 0;

    if (job.vtt) await guard(ffmpeg.writeFile('reel.vtt', new TextEncoder().encode(job.vtt)));
    const inputs: ReelInput[] = parts.map((part, i) => ({
      file: inputName(i),
      start: part.start,
      duration: part.duration,
      hasVideo: probes[i]!.hasVideo,
      hasAudio: probes[i]!.hasAudio,
    }));
    const total = parts.reduce((sum, p) => sum + p.duration, 0);
    const encodeStart = LOAD_SHARE + FETCH_SHARE;
    onProgress({ stage: 'encoding', fraction: encodeStart });
    // ffmpeg's own `progress` event measures against the first input's length; the log's `time=` is the
    // output's position, which is what the bar should follow.
    const onEncodeLog = (event: LogEvent) => {
      const at = logTimeSeconds(event.message);
      if (at !== null && total > 0) onProgress({ stage: 'encoding', fraction: encodeStart + (1 - encodeStart) * 0.98 * Math.min(1, at / total) });
    };
    ffmpeg.on('log', onEncodeLog);
    log.length = 0;
    const args = buildReelArgs({ inputs, size: reelFrameSize(probes), subtitles: job.vtt ? 'reel.vtt' : null, output: 'reel.mp4' });
    const code = await guard(ffmpeg.exec(args));
    ffmpeg.off('log', onEncodeLog);
    if (code !== 0) {
      const lastLines = log.filter((l) => l.trim() && !/^\s*(frame|size)=/.test(l)).slice(-3).join(' ');
      throw new ReelError(`The video tools could not make the reel (ffmpeg exited with ${code}): ${lastLines || 'no details'}`);
    }
    onProgress({ stage: 'finishing', fraction: 0.99 });
    const data = await guard(ffmpeg.readFile('reel.mp4'));
    if (!(data instanceof Uint8Array) || data.byteLength === 0) throw new ReelError('The video tools made an empty reel.');
    onProgress({ stage: 'finishing', fraction: 1 });
    return data;
  } finally {
    signal.removeEventListener('abort', stop);
    // The core holds every clip and the reel in its memory: let it all go.
    ffmpeg.terminate();
  }
}

function inputName(i: number): string {
  return `part${i}.mp4`;
}

function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // Emscripten's advice to its own developers, not to an owner.
  return message.replace(/\s*Build with -sASSERTIONS for more info\.?/, '');
}
