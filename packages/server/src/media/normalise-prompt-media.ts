import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { NormalisedPromptMedia, PromptMediaFacts, PromptRendition } from '../ports/prompt-media-processor.js';
import { safeInputArgs } from './input-args.js';
import { MediaToolError } from './media-tool-error.js';
import { probeMedia } from './probe.js';
import { runTool, stderrTail, type RunToolOptions } from './run-tool.js';

export interface NormalisePromptSettings {
  ffmpegPath: string;
  ffprobePath: string;
  run: RunToolOptions;
}

type Name = PromptRendition['rendition'] | 'wav';

const OUTPUTS: Record<Name, { file: string; contentType: string }> = {
  'video-1280': { file: 'video-1280.mp4', contentType: 'video/mp4' },
  'video-640': { file: 'video-640.mp4', contentType: 'video/mp4' },
  audio: { file: 'audio.m4a', contentType: 'audio/mp4' },
  poster: { file: 'poster.jpg', contentType: 'image/jpeg' },
  'image-1280': { file: 'image-1280.jpg', contentType: 'image/jpeg' },
  'image-640': { file: 'image-640.jpg', contentType: 'image/jpeg' },
  wav: { file: 'audio.wav', contentType: 'audio/wav' },
};

/** The longest side fits in `n` (portrait or landscape alike), never upscaled; H.264 in yuv420p needs even sides. */
export const fitLongestSide = (n: number) => `scale=w='min(${n},iw)':h='min(${n},ih)':force_original_aspect_ratio=decrease:force_divisible_by=2`;

const QUIET = ['-nostdin', '-hide_banner', '-nostats', '-v', 'error', '-y'];
// Files from phones and editors carry where and on what they were made; viewers of a prompt need none of it.
const DROP_METADATA = ['-map_metadata', '-1', '-map_chapters', '-1'];
const H264 = (crf: number, maxrate: string) => ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', String(crf), '-maxrate', maxrate, '-bufsize', maxrate.replace(/\d+/, (n) => String(Number(n) * 2)), '-fps_mode', 'vfr'];

/**
 * The ffmpeg argument vectors for an asset, in the order they run: one decode writes every size (split filter),
 * then the poster is read back from the large MP4 (which, faststart, seeks cheaply). Exported so the benchmark can
 * run exactly these commands by themselves.
 */
export function promptCommands(input: string, facts: PromptMediaFacts, out: (name: Name) => string, posterAt: number): string[][] {
  const audio = facts.audioStream !== null ? ['-map', `0:${facts.audioStream}`] : [];
  const wav = facts.hasAudio ? [...audio, '-vn', '-ac', '1', '-ar', '16000', '-c:a', 'pcm_s16le', ...DROP_METADATA, '-f', 'wav', out('wav')] : [];
  const source = safeInputArgs(input);
  if (facts.kind === 'video') {
    const graph = `[0:${facts.videoStream ?? 'v:0'}]split=2[a][b];[a]${fitLongestSide(1280)},format=yuv420p[v1];[b]${fitLongestSide(640)},format=yuv420p[v2]`;
    const mp4 = (label: string, crf: number, maxrate: string, aac: string, name: Name) => [
      '-map', label, ...audio, ...H264(crf, maxrate), ...(facts.hasAudio ? ['-c:a', 'aac', '-b:a', aac] : []), ...DROP_METADATA, '-movflags', '+faststart', '-f', 'mp4', out(name),
    ];
    return [
      [...QUIET, ...source, '-filter_complex', graph, ...mp4('[v1]', 23, '3000k', '128k', 'video-1280'), ...mp4('[v2]', 26, '900k', '96k', 'video-640'), ...wav],
      posterCommand(out('video-1280'), posterAt, out('poster')),
    ];
  }
  if (facts.kind === 'audio') {
    // The ipod muxer is MP4 with the M4A brand, which is what an .m4a file is expected to say it is.
    return [[...QUIET, ...source, ...audio, '-vn', '-c:a', 'aac', '-b:a', '128k', ...DROP_METADATA, '-movflags', '+faststart', '-f', 'ipod', out('audio'), ...wav]];
  }
  const graph = `[0:v:0]split=2[a][b];[a]${fitLongestSide(1280)}[v1];[b]${fitLongestSide(640)}[v2]`;
  const jpeg = (label: string, name: Name) => ['-map', label, '-frames:v', '1', '-q:v', '3', ...DROP_METADATA, '-f', 'mjpeg', out(name)];
  return [[...QUIET, ...source, '-filter_complex', graph, ...jpeg('[v1]', 'image-1280'), ...jpeg('[v2]', 'image-640')]];
}

export function posterCommand(videoPath: string, atSeconds: number, outPath: string): string[] {
  return [...QUIET, '-ss', atSeconds.toFixed(3), ...safeInputArgs(videoPath), '-frames:v', '1', '-q:v', '3', '-f', 'mjpeg', outPath];
}

/** The poster is taken a second in (past a fade from black), or half-way through a shorter video. */
export const defaultPosterAt = (durationSeconds: number | null) => Math.min(1, (durationSeconds ?? 0) / 2);

/**
 * Writes every rendition under temporary names and renames them at the end, so a killed run leaves no half file
 * under a final name and a second run simply replaces the first one's.
 */
export async function normalisePromptMedia(
  inputPath: string,
  facts: PromptMediaFacts,
  outDir: string,
  options: { posterAtSeconds?: number },
  settings: NormalisePromptSettings,
): Promise<NormalisedPromptMedia> {
  await mkdir(outDir, { recursive: true });
  const runId = randomUUID();
  const temp = (name: Name) => join(outDir, `.${OUTPUTS[name].file}.${runId}.part`);
  const names: Name[] =
    facts.kind === 'video' ? ['video-1280', 'video-640', 'poster'] : facts.kind === 'audio' ? ['audio'] : ['image-1280', 'image-640'];
  if (facts.hasAudio) names.push('wav');
  const posterAt = clampPosterAt(options.posterAtSeconds ?? defaultPosterAt(facts.durationSeconds), facts.durationSeconds);
  try {
    for (const args of promptCommands(inputPath, facts, temp, posterAt)) await ffmpeg(args, inputPath, settings);
    const files: PromptRendition[] = [];
    let wavPath: string | null = null;
    let durationSeconds = facts.durationSeconds;
    for (const name of names) {
      const path = join(outDir, OUTPUTS[name].file);
      if (name === 'wav') {
        await rename(temp(name), path);
        wavPath = path;
        continue;
      }
      // Read back under the temporary name: a `.jpg` name would make ffprobe pick the image2 demuxer, not allowed.
      const file = await describe(name, temp(name), settings);
      await rename(temp(name), path);
      if (name === 'video-1280' || name === 'audio') durationSeconds = file.durationSeconds ?? durationSeconds;
      files.push({ ...file.rendition, path });
    }
    const main = files[0]!;
    return {
      files,
      wavPath,
      durationSeconds: facts.kind === 'image' ? null : durationSeconds,
      width: main.width,
      height: main.height,
      posterAtSeconds: facts.kind === 'video' ? posterAt : null,
    };
  } catch (error) {
    await Promise.all(names.map((name) => rm(temp(name), { force: true })));
    throw error;
  }
}

/** A poster time inside the video: a frame the owner chose past the end would write nothing. */
export function clampPosterAt(atSeconds: number, durationSeconds: number | null): number {
  if (durationSeconds === null) return 0;
  return Math.max(0, Math.min(atSeconds, Math.max(0, durationSeconds - 0.1)));
}

export async function writePromptPoster(videoPath: string, atSeconds: number, outPath: string, settings: NormalisePromptSettings): Promise<PromptRendition> {
  const temp = `${outPath}.${randomUUID()}.part`;
  try {
    await ffmpeg(posterCommand(videoPath, atSeconds, temp), videoPath, settings);
    const { rendition } = await describe('poster', temp, settings);
    await rename(temp, outPath);
    return { ...rendition, path: outPath };
  } finally {
    await rm(temp, { force: true });
  }
}

async function ffmpeg(args: string[], inputPath: string, settings: NormalisePromptSettings): Promise<void> {
  const run = await runTool(settings.ffmpegPath, args, settings.run);
  if (run.exitCode !== 0) {
    throw new MediaToolError('failed', `ffmpeg could not convert ${inputPath} (exit ${run.exitCode}): ${stderrTail(run.stderr)}`);
  }
}

/** Reads back what ffmpeg wrote: an empty or unreadable output is a failure, not a rendition. */
async function describe(name: PromptRendition['rendition'], path: string, settings: NormalisePromptSettings) {
  const { size } = await stat(path);
  if (size === 0) throw new MediaToolError('failed', `ffmpeg wrote an empty ${OUTPUTS[name].file}`);
  const probe = await probeMedia(settings.ffprobePath, path, settings.run);
  if (!probe.readable) throw new MediaToolError('failed', `ffmpeg wrote an unreadable ${OUTPUTS[name].file}: ${probe.detail}`);
  const picture = probe.video ?? probe.stillImageSize;
  const rendition: PromptRendition = {
    rendition: name,
    path,
    contentType: OUTPUTS[name].contentType,
    sizeBytes: size,
    width: picture && picture.width > 0 ? picture.width : null,
    height: picture && picture.height > 0 ? picture.height : null,
  };
  return { rendition, durationSeconds: probe.headerDurationSeconds };
}
