import { mkdtemp, rm, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FfmpegMediaProcessor } from './ffmpeg-media-processor.js';
import {
  ffmpeg,
  makeAudioWebm,
  makeMp4,
  makeOgg,
  makePng,
  makeRecording,
  makeRecordingWithRepeatedTimestamp,
  truncateCopy,
} from '../test-support/media-fixtures.js';

let dir: string;
const files: Record<string, string> = {};
const processor = new FfmpegMediaProcessor({ timeoutMs: 20_000 });
const limits = { kind: 'video', maxDurationSeconds: 60 } as const;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reelback-inspect-'));
  const at = (name: string) => (files[name] = join(dir, name));
  const [vp8] = await Promise.all([
    makeRecording(at('vp8.webm'), { seconds: 2, codec: 'vp8' }),
    makeRecordingWithRepeatedTimestamp(at('repeated-timestamp.webm'), 2),
    makeRecording(at('vp9.webm'), { seconds: 2, codec: 'vp9' }),
    makeMp4(at('h264.mp4'), { seconds: 2 }),
    makeMp4(at('mute.mp4'), { seconds: 1, audio: false }),
    makeMp4(at('blip.mp4'), { seconds: 0.1, audio: false, rate: 30 }),
    makeAudioWebm(at('opus.webm'), 2),
    makeOgg(at('opus.ogg'), 2),
    makePng(at('picture.png')),
    ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=5000x64:r=1:d=1', '-frames:v', '1', '-c:v', 'libx264', '-preset', 'ultrafast', at('huge.mp4')]),
    ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=8x8:r=15:d=1', '-c:v', 'libvpx', at('tiny.webm')]),
    writeFile(at('empty.webm'), ''),
    writeFile(at('text.webm'), 'Hello, this is a note and not a recording.\n'),
    // Looks like a playlist to ffmpeg: must be refused, never followed.
    writeFile(at('playlist.webm'), '#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:0\n#EXTINF:10.0,\nfile:///etc/hostname\n#EXT-X-ENDLIST\n'),
  ]);
  await Promise.all([
    copyFile(at('picture.png'), at('png-named.webm')),
    truncateCopy(vp8, at('half.webm'), { fraction: 0.5 }),
    truncateCopy(vp8, at('first-200-bytes.webm'), { bytes: 200 }),
    truncateCopy(at('h264.mp4'), at('half.mp4'), { fraction: 0.5 }),
  ]);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const path = (name: string) => {
  const found = files[name];
  if (!found) throw new Error(`no fixture ${name}`);
  return found;
};

async function rejection(name: string, kind: 'video' | 'audio' = 'video', maxDurationSeconds = 60): Promise<string> {
  const verdict = await processor.inspect(path(name), { kind, maxDurationSeconds });
  if (verdict.ok) throw new Error(`${name} was accepted: ${JSON.stringify(verdict.probe)}`);
  return verdict.reason;
}

describe('FfmpegMediaProcessor.inspect accepts real recordings', () => {
  it('takes the real duration of a piped webm, whose header has none (like MediaRecorder)', async () => {
    const verdict = await processor.inspect(path('vp8.webm'), limits);
    expect(verdict).toEqual({
      ok: true,
      probe: {
        container: 'matroska,webm',
        durationSeconds: expect.any(Number) as number,
        video: { codec: 'vp8', width: 160, height: 120 },
        audio: { codec: 'opus', sampleRate: 48000, channels: 1 },
      },
    });
    if (verdict.ok) expect(Math.abs(verdict.probe.durationSeconds - 2)).toBeLessThan(0.3);
  });

  it.each([
    ['vp9.webm', 'vp9', 'opus'],
    ['h264.mp4', 'h264', 'aac'],
  ])('%s', async (name, videoCodec, audioCodec) => {
    const verdict = await processor.inspect(path(name), limits);
    expect(verdict.ok).toBe(true);
    if (!verdict.ok) return;
    expect(verdict.probe.video?.codec).toBe(videoCodec);
    expect(verdict.probe.audio?.codec).toBe(audioCodec);
    expect(Math.abs(verdict.probe.durationSeconds - 2)).toBeLessThan(0.3);
  });

  it('a recording with a repeated timestamp (MediaRecorder on a busy machine): every frame decodes', async () => {
    const verdict = await processor.inspect(path('repeated-timestamp.webm'), limits);
    expect(verdict.ok).toBe(true);
    if (verdict.ok) expect(Math.abs(verdict.probe.durationSeconds - 2)).toBeLessThan(0.3);
  });

  it.each(['opus.webm', 'opus.ogg'])('audio-only %s as an audio answer', async (name) => {
    const verdict = await processor.inspect(path(name), { kind: 'audio', maxDurationSeconds: 60 });
    expect(verdict.ok).toBe(true);
    if (!verdict.ok) return;
    expect(verdict.probe.video).toBeNull();
    expect(verdict.probe.audio).toMatchObject({ codec: 'opus', sampleRate: 48000 });
    expect(Math.abs(verdict.probe.durationSeconds - 2)).toBeLessThan(0.3);
  });

  it('a video file as an audio answer (its sound is used)', async () => {
    expect((await processor.inspect(path('vp8.webm'), { kind: 'audio', maxDurationSeconds: 60 })).ok).toBe(true);
  });

  it('a video without sound as a video answer', async () => {
    const verdict = await processor.inspect(path('mute.mp4'), limits);
    expect(verdict.ok && verdict.probe.audio).toBeNull();
  });

  it('a recording a little over the limit, within the slack a timer-stopped recorder needs', async () => {
    expect((await processor.inspect(path('vp8.webm'), { kind: 'video', maxDurationSeconds: 1 })).ok).toBe(true);
  });
});

describe('FfmpegMediaProcessor.inspect rejects, saying why', () => {
  it('an empty upload', async () => {
    expect(await rejection('empty.webm')).toMatch(/upload is empty/);
  });

  it.each(['picture.png', 'png-named.webm'])('a picture (%s), whatever its name', async (name) => {
    const reason = await rejection(name);
    expect(reason).toMatch(/not a recording/);
    expect(reason).toMatch(/it is a picture \(PNG\)/);
  });

  it('a text file named .webm', async () => {
    expect(await rejection('text.webm')).toMatch(/not a recording/);
  });

  it('a playlist (which ffmpeg would otherwise follow to other files)', async () => {
    expect(await rejection('playlist.webm')).toMatch(/not a recording in a supported audio or video format/);
  });

  it.each(['half.webm', 'first-200-bytes.webm', 'half.mp4'])('a cut upload (%s)', async (name) => {
    expect(await rejection(name)).toMatch(/damaged or cut short/);
  });

  it('a video answer with no picture', async () => {
    expect(await rejection('opus.webm', 'video')).toMatch(/no video, only sound/);
  });

  it('an audio answer with no sound', async () => {
    expect(await rejection('mute.mp4', 'audio')).toMatch(/has no sound/);
  });

  it('a picture wider than maxDimension, before decoding it', async () => {
    const started = performance.now();
    expect(await rejection('huge.mp4')).toBe('the video is 5000×64 pixels, larger than the 3840-pixel limit on a side');
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('a picture under 16 pixels', async () => {
    expect(await rejection('tiny.webm')).toMatch(/8×8 pixels, smaller than 16 pixels/);
  });

  it('a recording shorter than minDurationSeconds', async () => {
    expect(await rejection('blip.mp4')).toMatch(/too short: 0\.1 s, under the 0\.3 s minimum/);
  });

  it('a recording longer than maxDurationSeconds plus the slack', async () => {
    const strict = new FfmpegMediaProcessor({ durationSlackSeconds: 0.5 });
    const verdict = await strict.inspect(path('vp8.webm'), { kind: 'video', maxDurationSeconds: 1 });
    expect(verdict).toEqual({ ok: false, reason: expect.stringMatching(/too long: .*over the 1 s limit/) as string });
  });

});

describe('FfmpegMediaProcessor.inspect fails (throws, so a job can retry) when the machine is at fault', () => {
  it('a file that does not exist', async () => {
    await expect(processor.inspect(join(dir, 'missing.webm'), limits)).rejects.toThrow(/ENOENT/);
  });

  it('ffprobe is not where it was said to be', async () => {
    const misconfigured = new FfmpegMediaProcessor({ ffprobePath: '/nonexistent/ffprobe' });
    await expect(misconfigured.inspect(path('vp8.webm'), limits)).rejects.toMatchObject({
      name: 'MediaToolError',
      failure: 'not-installed',
      message: expect.stringContaining('/nonexistent/ffprobe') as string,
    });
  });

  it('a run outlasts timeoutMs', async () => {
    const hasty = new FfmpegMediaProcessor({ timeoutMs: 1 });
    await expect(hasty.inspect(path('vp8.webm'), limits)).rejects.toMatchObject({ failure: 'timed-out' });
  });
});
