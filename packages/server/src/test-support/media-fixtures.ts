import { execFile } from 'node:child_process';
import { open, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as z from 'zod';

const execFileAsync = promisify(execFile);

/** Test-only: makes media with ffmpeg's generators, so no binary fixtures live in the repo. */
export async function ffmpeg(args: string[]): Promise<Buffer> {
  const { stdout } = await execFileAsync('ffmpeg', ['-nostdin', '-hide_banner', '-v', 'error', '-y', ...args], {
    encoding: 'buffer',
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

const video = (size: string, seconds: number, rate = 15) => ['-f', 'lavfi', '-i', `testsrc2=s=${size}:r=${rate}:d=${seconds}`];
const tone = (seconds: number) => ['-f', 'lavfi', '-i', `sine=f=440:sample_rate=48000:d=${seconds}`];

/**
 * Writes like MediaRecorder does: to a pipe, so the muxer cannot seek back and the header never gets a
 * duration (nor a seek index).
 */
export async function writePiped(path: string, args: string[]): Promise<string> {
  await writeFile(path, await ffmpeg([...args, 'pipe:1']));
  return path;
}

export async function makeRecording(path: string, options: { seconds: number; codec: 'vp8' | 'vp9'; size?: string }): Promise<string> {
  const videoCodec =
    options.codec === 'vp8'
      ? ['-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '300k']
      : ['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '300k', '-row-mt', '1'];
  return writePiped(path, [
    ...video(options.size ?? '160x120', options.seconds),
    ...tone(options.seconds),
    ...videoCodec,
    '-c:a',
    'libopus',
    '-f',
    'webm',
  ]);
}

/** A recording whose sixth video frame repeats the fifth's timestamp, as MediaRecorder writes under load. */
export async function makeRecordingWithRepeatedTimestamp(path: string, seconds: number): Promise<string> {
  const clean = await makeRecording(`${path}.clean.webm`, { seconds, codec: 'vp8' });
  await ffmpeg(['-i', clean, '-c', 'copy', '-bsf:v', "setts=pts='if(eq(N,5),PREV_OUTPTS,PTS)':dts='if(eq(N,5),PREV_OUTDTS,DTS)'", '-f', 'webm', path]);
  return path;
}

export async function makeMp4(path: string, options: { seconds: number; size?: string; audio?: boolean; rate?: number }): Promise<string> {
  await ffmpeg([
    ...video(options.size ?? '160x120', options.seconds, options.rate),
    ...(options.audio === false ? [] : tone(options.seconds)),
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p',
    ...(options.audio === false ? [] : ['-c:a', 'aac']),
    '-f',
    'mp4',
    path,
  ]);
  return path;
}

export async function makeAudioWebm(path: string, seconds: number): Promise<string> {
  return writePiped(path, [...tone(seconds), '-c:a', 'libopus', '-f', 'webm']);
}

export async function makeOgg(path: string, seconds: number): Promise<string> {
  await ffmpeg([...tone(seconds), '-c:a', 'libopus', '-f', 'ogg', path]);
  return path;
}

export async function makeSilence(path: string, seconds: number): Promise<string> {
  await ffmpeg(['-f', 'lavfi', '-i', `anullsrc=r=48000:cl=mono`, '-t', String(seconds), '-c:a', 'libopus', '-f', 'webm', path]);
  return path;
}

export async function makePng(path: string): Promise<string> {
  await ffmpeg([...video('64x48', 1), '-frames:v', '1', '-c:v', 'png', '-f', 'image2', '-update', '1', path]);
  return path;
}

/** The first `bytes` (or fraction) of a file: an upload that stopped part-way. */
export async function truncateCopy(source: string, path: string, cut: { bytes?: number; fraction?: number }): Promise<string> {
  const data = await readFile(source);
  const length = cut.bytes ?? Math.floor(data.length * (cut.fraction ?? 0.5));
  await writeFile(path, data.subarray(0, length));
  return path;
}

/**
 * A long, large-picture file made cheaply: one second encoded once, then repeated by stream copy. Slow to
 * normalise (every frame is re-encoded), fast to make.
 */
export async function makeLongVideo(dir: string, seconds: number): Promise<string> {
  const oneSecond = join(dir, 'one-second.mkv');
  await ffmpeg([...video('1280x720', 1, 30), '-c:v', 'mpeg4', '-q:v', '31', oneSecond]);
  const path = join(dir, 'long.mkv');
  await ffmpeg(['-stream_loop', String(seconds - 1), '-i', oneSecond, '-c', 'copy', path]);
  return path;
}

/** The types of an ISO BMFF file's top-level boxes in file order, e.g. `['ftyp', 'moov', 'free', 'mdat']`. */
export async function topLevelBoxes(path: string): Promise<string[]> {
  const handle = await open(path, 'r');
  try {
    const { size: fileSize } = await handle.stat();
    const types: string[] = [];
    const header = Buffer.alloc(16);
    let offset = 0;
    while (offset + 8 <= fileSize) {
      await handle.read(header, 0, 16, offset);
      const size32 = header.readUInt32BE(0);
      types.push(header.toString('latin1', 4, 8));
      // 1: a 64-bit size follows the type; 0: the box runs to the end of the file.
      const size = size32 === 1 ? Number(header.readBigUInt64BE(8)) : size32 === 0 ? fileSize - offset : size32;
      if (size < 8) throw new Error(`bad box size ${size} at ${offset} in ${path}`);
      offset += size;
    }
    return types;
  } finally {
    await handle.close();
  }
}

const FfprobeFacts = z.object({
  format: z.object({ format_name: z.string(), duration: z.coerce.number() }),
  streams: z.array(
    z.object({
      codec_type: z.string(),
      codec_name: z.string(),
      width: z.number().optional(),
      height: z.number().optional(),
      pix_fmt: z.string().optional(),
      sample_rate: z.coerce.number().optional(),
      channels: z.number().optional(),
    }),
  ),
});

export interface StreamFacts {
  formatName: string;
  durationSeconds: number;
  streams: z.infer<typeof FfprobeFacts>['streams'];
}

/** ffprobe, as a test's independent witness of what a file holds. */
export async function ffprobeFacts(path: string): Promise<StreamFacts> {
  const { stdout } = await execFileAsync('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', path]);
  const { format, streams } = FfprobeFacts.parse(JSON.parse(stdout));
  return { formatName: format.format_name, durationSeconds: format.duration, streams };
}
