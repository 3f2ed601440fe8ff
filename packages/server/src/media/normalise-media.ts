import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClipKind } from '@reelback/shared';
import type { NormalisedFile, NormalisedMedia } from '../ports/media-processor.js';
import { safeInputArgs } from './input-args.js';
import { MediaToolError } from './media-tool-error.js';
import { probeMedia, type ProbeResult } from './probe.js';
import { runTool, stderrTail, type RunToolOptions } from './run-tool.js';

export interface NormaliseSettings {
  ffmpegPath: string;
  ffprobePath: string;
  run: RunToolOptions;
}

type Rendition = NormalisedFile['rendition'];

const OUTPUTS: Record<Rendition, { name: string; contentType: string }> = {
  video: { name: 'video.mp4', contentType: 'video/mp4' },
  audio: { name: 'audio.m4a', contentType: 'audio/mp4' },
  poster: { name: 'poster.jpg', contentType: 'image/jpeg' },
  wav: { name: 'audio.wav', contentType: 'audio/wav' },
};

/**
 * The long side fits in 1920 and the short side in 1080, so a phone's portrait recording keeps its
 * 1080×1920 instead of shrinking to 608×1080. Never upscales. H.264 in yuv420p needs even sides.
 */
const FIT_1080P =
  "scale=w='if(gte(iw,ih),min(1920,iw),min(1080,iw))':h='if(gte(iw,ih),min(1080,ih),min(1920,ih))'" +
  ':force_original_aspect_ratio=decrease:force_divisible_by=2';

// Recordings from phones carry the place they were made in their metadata; viewers did not agree to share it.
const DROP_METADATA = ['-map_metadata', '-1', '-map_chapters', '-1'];
const AAC_128K = ['-c:a', 'aac', '-b:a', '128k'];

/**
 * One ffmpeg run decodes the upload once and writes every rendition from it; the poster then comes from
 * the new MP4, which (unlike MediaRecorder webm, which has no seek index) seeks cheaply. Everything is
 * written under temporary names and renamed at the end, so a killed run leaves no half file under a
 * final name and a second run simply replaces the first one's files.
 */
export async function normaliseMedia(
  inputPath: string,
  kind: ClipKind,
  outDir: string,
  settings: NormaliseSettings,
): Promise<NormalisedMedia> {
  if (settings.run.signal?.aborted) {
    throw new MediaToolError('aborted', 'media processing was aborted before it started', { cause: settings.run.signal.reason });
  }
  await mkdir(outDir, { recursive: true });

  const source = await probeMedia(settings.ffprobePath, inputPath, settings.run);
  if (!source.readable) {
    throw new MediaToolError('failed', `cannot normalise ${inputPath}: it is not readable media (${source.detail}); inspect uploads first`);
  }
  if (kind === 'video' && !source.video) throw new MediaToolError('failed', `cannot normalise ${inputPath} as video: it has no video stream`);
  if (kind === 'audio' && !source.audio) throw new MediaToolError('failed', `cannot normalise ${inputPath} as audio: it has no audio stream`);

  const runId = randomUUID();
  const temp = (rendition: Rendition) => join(outDir, `.${OUTPUTS[rendition].name}.${runId}.part`);
  const renditions: Rendition[] = [kind === 'video' ? 'video' : 'audio'];
  if (kind === 'video') renditions.push('poster');
  if (source.audio) renditions.push('wav');

  try {
    await transcode(inputPath, kind, source, temp, settings);
    const main = await probeMedia(settings.ffprobePath, temp(renditions[0] as Rendition), settings.run);
    if (!main.readable || main.headerDurationSeconds === null) {
      throw new MediaToolError('failed', `ffmpeg wrote an unreadable ${OUTPUTS[renditions[0] as Rendition].name} from ${inputPath}`);
    }
    const durationSeconds = main.headerDurationSeconds;
    if (kind === 'video') {
      await writePoster(temp('video'), temp('poster'), Math.min(1, durationSeconds / 2), settings);
    }

    const files: NormalisedFile[] = [];
    for (const rendition of renditions) {
      const path = join(outDir, OUTPUTS[rendition].name);
      await rename(temp(rendition), path);
      files.push({ rendition, path, contentType: OUTPUTS[rendition].contentType, sizeBytes: (await stat(path)).size });
    }
    return {
      files,
      durationSeconds,
      width: kind === 'video' ? (main.video?.width ?? null) : null,
      height: kind === 'video' ? (main.video?.height ?? null) : null,
    };
  } catch (error) {
    await Promise.all(renditions.map((rendition) => rm(temp(rendition), { force: true })));
    throw error;
  }
}

async function transcode(
  inputPath: string,
  kind: ClipKind,
  source: Extract<ProbeResult, { readable: true }>,
  temp: (rendition: Rendition) => string,
  settings: NormaliseSettings,
): Promise<void> {
  const audioMap = source.audio ? ['-map', `0:${source.audio.index}`] : [];
  const outputs: string[] = [];
  if (kind === 'video' && source.video) {
    outputs.push(
      '-map',
      `0:${source.video.index}`,
      ...audioMap,
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-crf',
      '23',
      '-pix_fmt',
      'yuv420p',
      '-vf',
      FIT_1080P,
      // MediaRecorder frame timing is irregular; constant-rate output would duplicate or drop frames to fit.
      '-fps_mode',
      'vfr',
      ...(source.audio ? AAC_128K : []),
      ...DROP_METADATA,
      '-movflags',
      '+faststart',
      '-f',
      'mp4',
      temp('video'),
    );
  } else {
    // The ipod muxer is MP4 with the M4A brand, which is what an .m4a file is expected to say it is.
    outputs.push(...audioMap, '-vn', ...AAC_128K, ...DROP_METADATA, '-movflags', '+faststart', '-f', 'ipod', temp('audio'));
  }
  if (source.audio) {
    // What whisper.cpp reads: 16 kHz, mono, 16-bit PCM.
    outputs.push(...audioMap, '-vn', '-ac', '1', '-ar', '16000', '-c:a', 'pcm_s16le', ...DROP_METADATA, '-f', 'wav', temp('wav'));
  }
  const run = await runTool(
    settings.ffmpegPath,
    ['-nostdin', '-hide_banner', '-nostats', '-v', 'error', '-y', ...safeInputArgs(inputPath), ...outputs],
    settings.run,
  );
  if (run.exitCode !== 0) {
    throw new MediaToolError('failed', `ffmpeg could not transcode ${inputPath} (exit ${run.exitCode}): ${stderrTail(run.stderr)}`);
  }
}

async function writePoster(videoPath: string, posterPath: string, atSeconds: number, settings: NormaliseSettings): Promise<void> {
  const run = await runTool(
    settings.ffmpegPath,
    [
      '-nostdin',
      '-hide_banner',
      '-nostats',
      '-v',
      'error',
      '-y',
      '-ss',
      atSeconds.toFixed(3),
      ...safeInputArgs(videoPath),
      '-frames:v',
      '1',
      '-q:v',
      '3',
      '-f',
      'mjpeg',
      posterPath,
    ],
    settings.run,
  );
  if (run.exitCode !== 0) {
    throw new MediaToolError('failed', `ffmpeg could not take a poster frame from ${videoPath} (exit ${run.exitCode}): ${stderrTail(run.stderr)}`);
  }
  // Seeking past the last frame of a very short clip writes nothing and still exits 0.
  const posterBytes = (await stat(posterPath).catch(() => null))?.size ?? 0;
  if (posterBytes === 0) {
    throw new MediaToolError('failed', `ffmpeg wrote no poster frame at ${atSeconds} s of ${videoPath}`);
  }
}
