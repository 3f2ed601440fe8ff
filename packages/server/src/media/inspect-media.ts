import { stat } from 'node:fs/promises';
import type { InspectLimits, InspectVerdict } from '../ports/media-processor.js';
import { decodeCheck } from './decode-check.js';
import { probeMedia } from './probe.js';
import type { RunToolOptions } from './run-tool.js';
import { hasMediaContainerSignature } from './sniff-container.js';

export interface InspectSettings {
  ffmpegPath: string;
  ffprobePath: string;
  maxDimension: number;
  minDimension: number;
  minDurationSeconds: number;
  durationSlackSeconds: number;
  run: RunToolOptions;
}

const ASK_AGAIN = 'ask the viewer to record it again';

/**
 * Reads what the file holds (never what it is called) and says, in a sentence an owner can act on, why
 * it is not a usable recording. Cheap checks run first so that a file rejected by its header (too large a
 * picture, no sound) is never decoded.
 */
export async function inspectMedia(path: string, limits: InspectLimits, settings: InspectSettings): Promise<InspectVerdict> {
  const { size } = await stat(path);
  if (size === 0) return reject(`the upload is empty: no bytes arrived, ${ASK_AGAIN}`);

  const probe = await probeMedia(settings.ffprobePath, path, settings.run);
  if (!probe.readable) {
    if (probe.cause === 'cut-short' || (probe.cause !== 'unsupported' && (await hasMediaContainerSignature(path)))) {
      return reject(`the recording is damaged or cut short (the upload may have been interrupted) and cannot be played; ${ASK_AGAIN}`);
    }
    if (probe.cause === 'unsupported') {
      return reject('the file is not a recording in a supported audio or video format (WebM, MP4, Ogg, WAV, MP3…)');
    }
    return reject('the file is not a recording: it holds neither audio nor video');
  }

  const { video, audio } = probe;
  if (!video && !audio) {
    if (probe.stillImageCodec) {
      return reject(`the file is not a recording: it is a picture (${probe.stillImageCodec.toUpperCase()}), with no sound or moving video`);
    }
    return reject('the file is not a recording: it holds neither audio nor video');
  }
  if (limits.kind === 'video' && !video) {
    return reject('the recording has no video, only sound: a video answer needs a picture (was the camera off or blocked?)');
  }
  if (limits.kind === 'audio' && !audio) {
    return reject('the recording has no sound: an audio answer needs sound (was the microphone off or blocked?)');
  }

  // Only the streams that will be used are judged: an audio answer ignores any picture it came with.
  const usedVideo = limits.kind === 'video' ? video : null;
  if (usedVideo) {
    const { width, height } = usedVideo;
    if (width === 0 || height === 0) {
      return reject(`the recording is damaged: its picture size cannot be read; ${ASK_AGAIN}`);
    }
    if (width > settings.maxDimension || height > settings.maxDimension) {
      return reject(`the video is ${width}×${height} pixels, larger than the ${settings.maxDimension}-pixel limit on a side`);
    }
    if (width < settings.minDimension || height < settings.minDimension) {
      return reject(`the video is ${width}×${height} pixels, smaller than ${settings.minDimension} pixels on a side`);
    }
  }

  const maxAllowed = limits.maxDurationSeconds + settings.durationSlackSeconds;
  const streamIndexes = [usedVideo?.index, audio?.index].filter((index): index is number => index !== undefined);
  const decoded = await decodeCheck(settings.ffmpegPath, path, {
    ...settings.run,
    streamIndexes,
    // One second past the limit is enough to know the limit was passed.
    stopAfterSeconds: maxAllowed + 1,
  });
  if (decoded.damaged) {
    return reject(`the recording is damaged or cut short (the upload may have been interrupted) and cannot be played in full; ${ASK_AGAIN}`);
  }
  const seconds = decoded.decodedSeconds;
  if (seconds < settings.minDurationSeconds) {
    return reject(`the recording is too short: ${formatSeconds(seconds)}, under the ${formatSeconds(settings.minDurationSeconds)} minimum`);
  }
  if (seconds > maxAllowed) {
    const measured = seconds > maxAllowed + 0.5 ? `more than ${formatSeconds(maxAllowed)}` : formatSeconds(seconds);
    return reject(`the recording is too long: ${measured}, over the ${formatSeconds(limits.maxDurationSeconds)} limit for this step`);
  }

  return {
    ok: true,
    probe: {
      container: probe.container,
      durationSeconds: seconds,
      video: video && { codec: video.codec, width: video.width, height: video.height },
      audio: audio && { codec: audio.codec, sampleRate: audio.sampleRate, channels: audio.channels },
    },
  };
}

const reject = (reason: string): InspectVerdict => ({ ok: false, reason });

function formatSeconds(seconds: number): string {
  return `${Number(seconds.toFixed(seconds < 10 ? 1 : 0))} s`;
}
