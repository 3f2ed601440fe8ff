import { execFile } from 'node:child_process';
import { mkdtemp, open, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NormalisedMedia } from '../ports/media-processor.js';
import { FfmpegMediaProcessor } from './ffmpeg-media-processor.js';
import { measureMeanVolumeDb } from './loudness.js';
import { MediaToolError } from './media-tool-error.js';
import { ffprobeFacts, makeAudioWebm, makeLongVideo, makeMp4, makeRecording, makeRecordingWithRepeatedTimestamp, topLevelBoxes } from '../test-support/media-fixtures.js';

let dir: string;
let recording: string;
let mute: string;
let wide: string;
let odd: string;
let voiceOnly: string;
let long: string;
const processor = new FfmpegMediaProcessor({ timeoutMs: 60_000 });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reelback-normalise-'));
  [recording, mute, wide, odd, voiceOnly, long] = await Promise.all([
    makeRecording(join(dir, 'recording.webm'), { seconds: 2, codec: 'vp8' }),
    makeMp4(join(dir, 'mute.mp4'), { seconds: 1, audio: false }),
    makeMp4(join(dir, 'wide.mp4'), { seconds: 0.4, size: '2000x1000', audio: false, rate: 5 }),
    makeMp4(join(dir, 'odd.mp4'), { seconds: 0.4, size: '161x121', audio: false, rate: 5 }),
    makeAudioWebm(join(dir, 'voice.webm'), 2),
    makeLongVideo(dir, 30),
  ]);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const outDir = (name: string) => join(dir, 'out', name);

function file(media: NormalisedMedia, rendition: string) {
  const found = media.files.find((candidate) => candidate.rendition === rendition);
  if (!found) throw new Error(`no ${rendition} among ${media.files.map((f) => f.rendition).join(', ')}`);
  return found;
}

async function firstBytes(path: string, count: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(count);
    await handle.read(buffer, 0, count, 0);
    return buffer;
  } finally {
    await handle.close();
  }
}

function expectFaststart(boxes: string[]) {
  expect(boxes).toContain('moov');
  expect(boxes).toContain('mdat');
  expect(boxes.indexOf('moov')).toBeLessThan(boxes.indexOf('mdat'));
}

describe('FfmpegMediaProcessor.normalise a video answer', () => {
  let media: NormalisedMedia;
  beforeAll(async () => {
    media = await processor.normalise(recording, 'video', outDir('video'));
  });

  it('lists an MP4, a poster and a WAV with their types and real sizes', async () => {
    expect(media.files.map(({ rendition, contentType }) => [rendition, contentType])).toEqual([
      ['video', 'video/mp4'],
      ['poster', 'image/jpeg'],
      ['wav', 'audio/wav'],
    ]);
    for (const { path, sizeBytes } of media.files) {
      expect(sizeBytes).toBe((await stat(path)).size);
      expect(sizeBytes).toBeGreaterThan(0);
    }
    expect(media.files.map((f) => f.path)).toEqual(['video.mp4', 'poster.jpg', 'audio.wav'].map((name) => join(outDir('video'), name)));
    expect(Math.abs(media.durationSeconds - 2)).toBeLessThan(0.3);
    expect([media.width, media.height]).toEqual([160, 120]);
  });

  it('writes H.264 yuv420p + AAC with the index (moov) before the media data', async () => {
    const path = file(media, 'video').path;
    const facts = await ffprobeFacts(path);
    expect(facts.streams.map((s) => s.codec_name)).toEqual(['h264', 'aac']);
    expect(facts.streams[0]).toMatchObject({ pix_fmt: 'yuv420p', width: 160, height: 120 });
    expect(Math.abs(facts.durationSeconds - 2)).toBeLessThan(0.3);
    expectFaststart(await topLevelBoxes(path));
  });

  it('takes a JPEG poster', async () => {
    expect([...(await firstBytes(file(media, 'poster').path, 3))]).toEqual([0xff, 0xd8, 0xff]);
    const facts = await ffprobeFacts(file(media, 'poster').path);
    expect(facts.streams[0]).toMatchObject({ codec_name: 'mjpeg', width: 160, height: 120 });
  });

  it('writes a 16 kHz mono 16-bit WAV that still carries the sound', async () => {
    const path = file(media, 'wav').path;
    const facts = await ffprobeFacts(path);
    expect(facts.streams).toEqual([expect.objectContaining({ codec_name: 'pcm_s16le', sample_rate: 16000, channels: 1 })]);
    expect(Math.abs(facts.durationSeconds - 2)).toBeLessThan(0.3);
    expect(await measureMeanVolumeDb(path)).toBeGreaterThan(-40);
  });

  it('runs again over its own output, leaving no temporary files', async () => {
    const again = await processor.normalise(recording, 'video', outDir('video'));
    expect(again.files.map((f) => f.rendition)).toEqual(['video', 'poster', 'wav']);
    expect((await readdir(outDir('video'))).sort()).toEqual(['audio.wav', 'poster.jpg', 'video.mp4']);
  });
});

describe('FfmpegMediaProcessor.normalise', () => {
  it('makes a playable MP4 of a recording with a repeated timestamp (MediaRecorder on a busy machine)', async () => {
    const input = await makeRecordingWithRepeatedTimestamp(join(dir, 'repeated-timestamp.webm'), 2);
    const media = await processor.normalise(input, 'video', outDir('repeated'));
    const mp4 = join(outDir('repeated'), 'video.mp4');
    expect(media.files.map((f) => f.rendition)).toEqual(['video', 'poster', 'wav']);
    const decode = await promisify(execFile)('ffmpeg', ['-nostdin', '-v', 'error', '-i', mp4, '-f', 'null', '-']);
    expect(decode.stderr).toBe('');
    expect(Math.abs(media.durationSeconds - 2)).toBeLessThan(0.3);
  });

  it('gives a video without sound an MP4 without an audio track, and no WAV', async () => {
    const media = await processor.normalise(mute, 'video', outDir('mute'));
    expect(media.files.map((f) => f.rendition)).toEqual(['video', 'poster']);
    const facts = await ffprobeFacts(file(media, 'video').path);
    expect(facts.streams.map((s) => s.codec_type)).toEqual(['video']);
    expect(Math.abs(media.durationSeconds - 1)).toBeLessThan(0.3);
  });

  it('scales a picture larger than 1080p down to fit, keeping its shape', async () => {
    const media = await processor.normalise(wide, 'video', outDir('wide'));
    expect([media.width, media.height]).toEqual([1920, 960]);
  });

  it('makes odd sizes even, as H.264 in yuv420p needs', async () => {
    const media = await processor.normalise(odd, 'video', outDir('odd'));
    expect([media.width, media.height]).toEqual([160, 120]);
  });

  it('turns an audio answer into AAC in M4A (faststart) and a WAV', async () => {
    const media = await processor.normalise(voiceOnly, 'audio', outDir('audio'));
    expect(media.files.map(({ rendition, contentType }) => [rendition, contentType])).toEqual([
      ['audio', 'audio/mp4'],
      ['wav', 'audio/wav'],
    ]);
    expect(media).toMatchObject({ width: null, height: null });
    expect(Math.abs(media.durationSeconds - 2)).toBeLessThan(0.3);
    const path = file(media, 'audio').path;
    expect(path).toBe(join(outDir('audio'), 'audio.m4a'));
    const facts = await ffprobeFacts(path);
    expect(facts.streams.map((s) => s.codec_name)).toEqual(['aac']);
    expectFaststart(await topLevelBoxes(path));
  });

  it('keeps only the sound of a video sent as an audio answer', async () => {
    const media = await processor.normalise(recording, 'audio', outDir('audio-from-video'));
    expect(media.files.map((f) => f.rendition)).toEqual(['audio', 'wav']);
    const facts = await ffprobeFacts(file(media, 'audio').path);
    expect(facts.streams.map((s) => s.codec_type)).toEqual(['audio']);
  });

  it('refuses to make a video of a file with no picture', async () => {
    await expect(processor.normalise(voiceOnly, 'video', outDir('refused'))).rejects.toThrow(/no video stream/);
  });
});

describe('FfmpegMediaProcessor.normalise when aborted', () => {
  it('kills ffmpeg promptly and leaves no files', async () => {
    const target = outDir('aborted');
    const controller = new AbortController();
    const running = processor.normalise(long, 'video', target, controller.signal);
    setTimeout(() => controller.abort(new Error('worker shutting down')), 400);
    const started = performance.now();
    const error: unknown = await running.catch((caught: unknown) => caught);
    const abortedAfter = performance.now() - started - 400;

    expect(error).toBeInstanceOf(MediaToolError);
    expect(error).toMatchObject({ name: 'AbortError', failure: 'aborted', message: expect.stringMatching(/aborted/) as string });
    expect(abortedAfter).toBeLessThan(1_000);
    expect(await readdir(target)).toEqual([]);
    const { stdout } = await promisify(execFile)('ps', ['-eo', 'args']);
    expect(stdout).not.toContain(target);
  });

  it('does not start when the signal is already aborted', async () => {
    await expect(processor.normalise(long, 'video', outDir('pre-aborted'), AbortSignal.abort())).rejects.toMatchObject({
      failure: 'aborted',
    });
  });
});
