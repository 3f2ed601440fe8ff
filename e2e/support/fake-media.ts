import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface FakeMedia {
  /** A y4m file Chromium shows as the camera (it loops). */
  video: string;
  /** A WAV file Chromium plays as the microphone (it loops): espeak-ng speaking `sentence`. */
  audio: string;
  sentence: string;
}

/** Makes the fake camera and microphone files (see DESIGN.md: the WAV really drives the microphone). */
export async function makeFakeMedia(
  sentence = 'I wish my current tool had a faster board view.',
  /** Silence before the sentence: the file starts when the page opens the microphone, a little before recording does. */
  leadSeconds = 0,
): Promise<FakeMedia> {
  const dir = await mkdtemp(join(tmpdir(), 'reelback-fake-media-'));
  const video = join(dir, 'camera.y4m');
  const speech = join(dir, 'speech-22k.wav');
  const audio = join(dir, 'microphone.wav');
  await run('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=s=320x240:r=15:d=3', '-pix_fmt', 'yuv420p', video]);
  await run('espeak-ng', ['-v', 'en-us', '-s', '150', '-w', speech, sentence]);
  // 48 kHz mono 16-bit, with a little silence after the sentence before it loops.
  const delay = Math.round(leadSeconds * 1000);
  await run('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-i', speech, '-af', `adelay=${delay}:all=1,apad=pad_dur=1`, '-ar', '48000', '-ac', '1', '-c:a', 'pcm_s16le', audio]);
  return { video, audio, sentence };
}

/** Chromium flags that answer every camera/microphone prompt with these files. */
export function fakeMediaArgs(media: FakeMedia): string[] {
  return [
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-video-capture=${media.video}`,
    `--use-file-for-fake-audio-capture=${media.audio}`,
    '--autoplay-policy=no-user-gesture-required',
  ];
}
