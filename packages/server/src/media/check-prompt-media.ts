import { stat } from 'node:fs/promises';
import type { PromptMediaVerdict } from '../ports/prompt-media-processor.js';
import { decodeCheck } from './decode-check.js';
import { probeMedia } from './probe.js';
import type { RunToolOptions } from './run-tool.js';
import { hasMediaContainerSignature } from './sniff-container.js';

export interface PromptCheckSettings {
  ffmpegPath: string;
  ffprobePath: string;
  /** Largest width or height of a video. */
  maxVideoDimension: number;
  /** Largest width or height of a picture (photos are larger than video frames). */
  maxImageDimension: number;
  minDimension: number;
  minDurationSeconds: number;
  maxDurationSeconds: number;
  run: RunToolOptions;
}

const SEND_AGAIN = 'upload the file again, or export it again from where it was made';

/**
 * Says what an owner's upload is (video, audio or a picture, read from the content) or, in a sentence they can act
 * on, why it cannot be used. Headers first: a file refused by its header (a picture too large to decode safely,
 * no media at all) is never decoded. The same tools and decode check as recorded answers (`inspect-media.ts`).
 */
export async function checkPromptMedia(path: string, full: boolean, settings: PromptCheckSettings): Promise<PromptMediaVerdict> {
  const { size } = await stat(path);
  if (size === 0) return reject('the file is empty: no bytes arrived');

  const probe = await probeMedia(settings.ffprobePath, path, settings.run);
  if (!probe.readable) {
    if (probe.cause === 'cut-short' || (probe.cause !== 'unsupported' && (await hasMediaContainerSignature(path)))) {
      return reject(`the file is damaged or cut short (the upload may have been interrupted) and cannot be played; ${SEND_AGAIN}`);
    }
    return reject('the file is not a video, sound or picture in a supported format (MP4, MOV, WebM, Ogg, MP3, WAV, PNG, JPEG, WebP…)');
  }

  const { video, audio } = probe;
  const limit = (w: number, h: number, max: number, what: string) => {
    if (w === 0 || h === 0) return `the ${what} is damaged: its size cannot be read; ${SEND_AGAIN}`;
    if (w > max || h > max) return `the ${what} is ${w}×${h} pixels, larger than the ${max}-pixel limit on a side: make it smaller first`;
    if (w < settings.minDimension || h < settings.minDimension) return `the ${what} is ${w}×${h} pixels, smaller than ${settings.minDimension} pixels on a side`;
    return null;
  };

  if (!video && !audio) {
    if (!probe.stillImageCodec || !probe.stillImageSize) return reject('the file holds no video, sound or picture');
    const { width, height } = probe.stillImageSize;
    const problem = limit(width, height, settings.maxImageDimension, 'picture');
    if (problem) return reject(problem);
    if (full) {
      const decoded = await decodeCheck(settings.ffmpegPath, path, { ...settings.run, streamIndexes: [0], stopAfterSeconds: 1 });
      if (decoded.damaged) return reject(`the picture is damaged or cut short and cannot be shown; ${SEND_AGAIN}`);
    }
    return ok({ kind: 'image', container: probe.container, durationSeconds: null, width, height, hasAudio: false, videoStream: null, audioStream: null });
  }

  if (video) {
    const problem = limit(video.width, video.height, settings.maxVideoDimension, 'video');
    if (problem) return reject(problem);
  }
  const header = probe.headerDurationSeconds;
  if (header !== null && header > settings.maxDurationSeconds + 1) {
    return reject(`the ${video ? 'video' : 'sound'} is ${formatSeconds(header)} long, over the ${formatSeconds(settings.maxDurationSeconds)} limit for prompt media`);
  }
  const facts = {
    kind: video ? ('video' as const) : ('audio' as const),
    container: probe.container,
    durationSeconds: header,
    width: video?.width ?? null,
    height: video?.height ?? null,
    hasAudio: audio !== null,
    videoStream: video?.index ?? null,
    audioStream: audio?.index ?? null,
  };
  if (!full) return ok(facts);

  const streamIndexes = [video?.index, audio?.index].filter((index): index is number => index !== undefined);
  const decoded = await decodeCheck(settings.ffmpegPath, path, {
    ...settings.run,
    streamIndexes,
    stopAfterSeconds: settings.maxDurationSeconds + 1,
  });
  if (decoded.damaged) {
    return reject(`the file is damaged or cut short (the upload may have been interrupted) and cannot be played in full; ${SEND_AGAIN}`);
  }
  const seconds = decoded.decodedSeconds;
  if (seconds < settings.minDurationSeconds) {
    return reject(`the ${facts.kind === 'video' ? 'video' : 'sound'} is too short: ${formatSeconds(seconds)}, under the ${formatSeconds(settings.minDurationSeconds)} minimum`);
  }
  if (seconds > settings.maxDurationSeconds + 0.5) {
    return reject(`the ${facts.kind === 'video' ? 'video' : 'sound'} is longer than the ${formatSeconds(settings.maxDurationSeconds)} limit for prompt media`);
  }
  return ok({ ...facts, durationSeconds: seconds });
}

const reject = (reason: string): PromptMediaVerdict => ({ ok: false, reason });
const ok = (facts: Extract<PromptMediaVerdict, { ok: true }>['facts']): PromptMediaVerdict => ({ ok: true, facts });

function formatSeconds(seconds: number): string {
  if (seconds >= 120) return `${Math.round(seconds / 60)} min`;
  return `${Number(seconds.toFixed(seconds < 10 ? 1 : 0))} s`;
}
