import * as z from 'zod';
import { safeInputArgs } from './input-args.js';
import { MediaToolError } from './media-tool-error.js';
import { runTool, stderrTail, type RunToolOptions } from './run-tool.js';

/** Only the parts of `ffprobe -print_format json -show_format -show_streams -show_error` this code reads. */
const FfprobeOutput = z.object({
  streams: z
    .array(
      z.object({
        index: z.number().int(),
        codec_type: z.string().optional(),
        codec_name: z.string().optional(),
        width: z.number().int().optional(),
        height: z.number().int().optional(),
        // ffprobe prints sample rates and durations as strings ("48000", "2.007000"), or "N/A".
        sample_rate: z.string().optional(),
        channels: z.number().int().optional(),
        disposition: z.object({ attached_pic: z.number().optional() }).optional(),
      }),
    )
    .default([]),
  format: z.object({ format_name: z.string(), duration: z.string().optional() }).optional(),
  error: z.object({ code: z.number(), string: z.string() }).optional(),
});

/**
 * Codecs of pictures rather than moving images. ffprobe reports a PNG as a one-stream "video" in a
 * `png_pipe` container, so "has a video stream" alone would accept a screenshot as a recording.
 * Motion JPEG is absent on purpose: old webcams record it into AVI/MOV; a lone JPEG is caught by its
 * container (`jpeg_pipe`) instead.
 */
const STILL_IMAGE_CODECS = new Set([
  'png',
  'apng',
  'bmp',
  'gif',
  'webp',
  'tiff',
  'jpeg2000',
  'jpegls',
  'ppm',
  'pgm',
  'pgmyuv',
  'pbm',
  'pam',
  'targa',
  'sgi',
  'pcx',
  'qoi',
  'xbm',
  'xwd',
  'xpm',
  'svg',
  'dds',
  'exr',
  'hdr',
  'psd',
]);

/** Demuxers that only ever hold pictures (`image2` is the one chosen by an image file's extension). */
const isImageContainer = (formatName: string) =>
  formatName.split(',').some((name) => name === 'image2' || name === 'gif' || name === 'apng' || name.endsWith('_pipe'));

// ffmpeg's AVERROR codes as ffprobe's `-show_error` prints them.
const AVERROR_EOF = -541478725;
const AVERROR_INVALIDDATA = -1094995529;
const AVERROR_EINVAL = -22; // what a demuxer outside `-format_whitelist` gives

export interface ProbedVideo {
  index: number;
  codec: string;
  width: number;
  height: number;
}

export interface ProbedAudio {
  index: number;
  codec: string;
  sampleRate: number;
  channels: number;
}

export type ProbeResult =
  | {
      readable: true;
      container: string;
      /** From the header; absent for MediaRecorder webm, so never trusted as the real length. */
      headerDurationSeconds: number | null;
      video: ProbedVideo | null;
      audio: ProbedAudio | null;
      /** The codec of a picture found where a moving image was expected (and no moving image was). */
      stillImageCodec: string | null;
      /** That picture's size as its header says (0 when it does not), read before anything decodes it. */
      stillImageSize: { width: number; height: number } | null;
    }
  | {
      readable: false;
      /**
       * `cut-short`: ffmpeg recognised the container and ran out of bytes; `invalid-data`: no demuxer could
       * make sense of it; `unsupported`: it looks like a format that is not accepted.
       */
      cause: 'cut-short' | 'invalid-data' | 'unsupported' | 'unreadable';
      detail: string;
    };

export async function probeMedia(ffprobePath: string, path: string, options: RunToolOptions): Promise<ProbeResult> {
  const run = await runTool(
    ffprobePath,
    ['-hide_banner', '-v', 'error', '-print_format', 'json', '-show_error', '-show_format', '-show_streams', ...safeInputArgs(path)],
    options,
  );
  let json: unknown;
  try {
    json = JSON.parse(run.stdout);
  } catch (cause) {
    throw new MediaToolError('failed', `ffprobe printed no JSON (exit ${run.exitCode}): ${stderrTail(run.stderr)}`, { cause });
  }
  const output = FfprobeOutput.parse(json);

  if (output.error || !output.format || run.exitCode !== 0) {
    const code = output.error?.code;
    const detail = output.error?.string ?? stderrTail(run.stderr);
    if (code === AVERROR_EOF) return { readable: false, cause: 'cut-short', detail };
    if (code === AVERROR_INVALIDDATA) return { readable: false, cause: 'invalid-data', detail };
    if (code === AVERROR_EINVAL) return { readable: false, cause: 'unsupported', detail };
    if (code !== undefined && code > -200) {
      // A negated errno (ENOENT, EACCES, EIO…): the file could not be opened, which says nothing about it.
      throw new MediaToolError('failed', `ffprobe could not open ${path}: ${detail}`);
    }
    return { readable: false, cause: 'unreadable', detail };
  }

  const container = output.format.format_name;
  const imageContainer = isImageContainer(container);
  let video: ProbedVideo | null = null;
  let stillImageCodec: string | null = null;
  let stillImageSize: { width: number; height: number } | null = null;
  let audio: ProbedAudio | null = null;
  for (const stream of output.streams) {
    const codec = stream.codec_name ?? 'unknown';
    if (stream.codec_type === 'video' && !video) {
      // Cover art in an audio file is a "video" stream too; it is decoration, not the recording.
      if (stream.disposition?.attached_pic === 1) continue;
      if (imageContainer || STILL_IMAGE_CODECS.has(codec)) {
        if (stillImageCodec === null) {
          stillImageCodec = codec;
          stillImageSize = { width: stream.width ?? 0, height: stream.height ?? 0 };
        }
        continue;
      }
      video = { index: stream.index, codec, width: stream.width ?? 0, height: stream.height ?? 0 };
    } else if (stream.codec_type === 'audio' && !audio) {
      audio = {
        index: stream.index,
        codec,
        sampleRate: parseNumber(stream.sample_rate) ?? 0,
        channels: stream.channels ?? 0,
      };
    }
  }
  return {
    readable: true,
    container,
    headerDurationSeconds: parseNumber(output.format.duration),
    video,
    audio,
    stillImageCodec: video ? null : stillImageCodec,
    stillImageSize: video ? null : stillImageSize,
  };
}

function parseNumber(value: string | undefined): number | null {
  if (value === undefined) return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}
