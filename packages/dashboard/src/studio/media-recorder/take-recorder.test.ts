import { afterEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { MIME_PREFERENCES, tapMicrophone, type MicrophoneTap } from '@reelback/widget/recorder-media';
import { takeProblem, TakeRecorder } from './take-recorder.js';

const closing: (() => unknown)[] = [];
afterEach(async () => {
  for (const close of closing.splice(0)) await close();
  document.body.replaceChildren();
  vi.restoreAllMocks();
});

const bytes = (size: number) => new Blob([new Uint8Array(size)]);

describe('takeProblem', () => {
  it('calls a take under a second short, whether or not it has bytes, and a longer one without bytes empty', () => {
    expect(takeProblem({ blob: bytes(5000), durationSeconds: 0.6 })).toBe('short');
    expect(takeProblem({ blob: bytes(0), durationSeconds: 0.2 })).toBe('short');
    expect(takeProblem({ blob: bytes(0), durationSeconds: 3 })).toBe('empty');
    expect(takeProblem({ blob: bytes(5000), durationSeconds: 1 })).toBeNull();
  });
});

describe('TakeRecorder', { timeout: 30_000 }, () => {
  it('records the fake camera in the first container the widget prefers that this browser records', async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
    try {
      const recorder = new TakeRecorder(stream, 'video');
      recorder.start();
      expect(recorder.recording).toBe(true);
      await expect.poll(() => recorder.elapsedSeconds, { timeout: 5000 }).toBeGreaterThan(1.2);
      const stopping = recorder.stop();
      expect(recorder.stop()).toBe(stopping); // a second stop is the same take
      const take = await stopping;
      expect(recorder.recording).toBe(false);
      expect(MIME_PREFERENCES.video).toContain(take.mimeType);
      expect(take.blob.type).toBe(take.mimeType);
      expect(take.blob.size).toBeGreaterThan(5000);
      expect(take.durationSeconds).toBeGreaterThanOrEqual(1.2);
      expect(takeProblem(take)).toBeNull();
    } finally {
      stream.getTracks().forEach((track) => track.stop());
    }
  });

  it('caps the duration at the limit it is stopped with', async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    try {
      const recorder = new TakeRecorder(stream, 'audio');
      recorder.start();
      await expect.poll(() => recorder.elapsedSeconds, { timeout: 5000 }).toBeGreaterThan(1.1);
      const take = await recorder.stop(1);
      expect(take.durationSeconds).toBe(1);
      expect(take.mimeType).toMatch(/^audio\//);
    } finally {
      stream.getTracks().forEach((track) => track.stop());
    }
  });
});

/** A steady 440 Hz tone standing in for a microphone (Chromium's fake one beeps, with silence between beeps). */
function toneMicrophone(): { stream: MediaStream; context: AudioContext } {
  const context = new AudioContext();
  const tone = context.createOscillator();
  const destination = context.createMediaStreamDestination();
  tone.connect(destination);
  tone.start();
  closing.push(() => context.close());
  return { stream: destination.stream, context };
}

/** The owner's press (a real click) wakes the audio contexts, as "Start recording" does. */
async function pressToWake(tap: MicrophoneTap, microphone: AudioContext): Promise<void> {
  const button = document.createElement('button');
  button.textContent = 'Start recording';
  button.onclick = () => {
    void microphone.resume();
    tap.wake();
  };
  document.body.append(button);
  await userEvent.click(button);
  await expect.poll(() => tap.recordable() !== null && microphone.state === 'running', { timeout: 5000 }).toBe(true);
}

const rms = (samples: Float32Array, from: number, to: number) => {
  let sum = 0;
  for (let i = from; i < to; i++) sum += samples[i]! ** 2;
  return Math.sqrt(sum / Math.max(1, to - from));
};

/** The recorders made and the events they fired, in order, with the time since the press (`press()`). */
function watchRecorders(): { made: MediaRecorder[]; events: string[]; press: () => void } {
  const made: MediaRecorder[] = [];
  const events: string[] = [];
  let stopCalled = 0;
  const Native = MediaRecorder;
  vi.spyOn(globalThis, 'MediaRecorder').mockImplementation(function (stream: MediaStream, options?: MediaRecorderOptions) {
    const recorder = new Native(stream, options);
    made.push(recorder);
    const at = () => (stopCalled ? `+${Math.round(performance.now() - stopCalled)}ms` : 'recording');
    recorder.addEventListener('dataavailable', (event) => events.push(`data ${event.data.size} ${at()}`));
    recorder.addEventListener('stop', () => events.push(`stop ${at()}`));
    const stop = recorder.stop.bind(recorder);
    recorder.stop = () => {
      events.push(`stop() called ${at()}`);
      stop();
    };
    return recorder;
  } as unknown as typeof MediaRecorder);
  MediaRecorder.isTypeSupported = Native.isTypeSupported.bind(Native);
  return { made, events, press: () => (stopCalled = performance.now()) };
}

describe('TakeRecorder on an MP4 recorder (as in Safari)', { timeout: 30_000 }, () => {
  it('runs on past the Stop press until the last fragment is in, silent from the press, then stops', async () => {
    // Chromium records fragmented MP4 too (Opus in `audio/mp4`): offered only that, the recorder takes WebKit's path.
    expect(MediaRecorder.isTypeSupported('audio/mp4'), 'this Chromium cannot record audio/mp4').toBe(true);
    const microphone = toneMicrophone();
    const tap = tapMicrophone(microphone.stream)!;
    closing.push(() => tap.close());
    await pressToWake(tap, microphone.context);
    const seen = watchRecorders();
    vi.spyOn(MediaRecorder, 'isTypeSupported').mockImplementation((type) => type === 'audio/mp4');

    const recorder = new TakeRecorder(microphone.stream, 'audio', tap);
    const [native] = seen.made;
    // The tap's sound is recorded, not the microphone's own track (which the level meter and the preview keep).
    expect(native!.stream.getAudioTracks()[0]).not.toBe(microphone.stream.getAudioTracks()[0]);
    recorder.start();
    await expect.poll(() => recorder.elapsedSeconds, { timeout: 5000 }).toBeGreaterThan(1.5);
    const pressedAt = recorder.elapsedSeconds;
    const stopped = performance.now();
    seen.press();
    const stopping = recorder.stop();
    expect(recorder.recording).toBe(false);
    expect(native!.state, 'the recorder runs on after the press').toBe('recording');
    const take = await stopping;
    const waited = performance.now() - stopped;
    const history = seen.events.join(', ');

    expect(take.mimeType).toBe('audio/mp4');
    expect(take.blob.type).toBe('audio/mp4');
    // One timeslice + 0.3 s, then the buffered data asked for; stopped once it came (at most 0.5 s later).
    expect(waited, history).toBeGreaterThanOrEqual(1300);
    expect(waited, history).toBeLessThan(3000);
    const afterPress = seen.events.filter((event) => event.includes('+'));
    const stopCall = afterPress.findIndex((event) => event.startsWith('stop() called'));
    expect(afterPress.slice(0, stopCall).some((event) => /^data [1-9]/.test(event)), `the last fragment came before stop() (${history})`).toBe(true);
    expect(take.durationSeconds, 'the take lasts until the press, not the run-on').toBeCloseTo(pressedAt, 0);
    expect(microphone.stream.getAudioTracks()[0]!.enabled).toBe(true);

    const decoder = new AudioContext();
    closing.push(() => decoder.close());
    const audio = await decoder.decodeAudioData(await take.blob.arrayBuffer());
    const samples = audio.getChannelData(0);
    const at = (seconds: number) => Math.round(seconds * audio.sampleRate);
    const report = `${take.blob.size} bytes, ${audio.duration.toFixed(2)} s decoded, pressed at ${pressedAt.toFixed(2)} s; ${history}`;
    // The end of the take is there: the tone up to the press, then the silent run-on, all at the sound card's pace.
    expect(audio.duration, report).toBeGreaterThan(pressedAt + 1);
    expect(audio.duration, report).toBeLessThan(pressedAt + 2.6);
    expect(rms(samples, at(0.3), at(pressedAt - 0.3)), `the tone before the press (${report})`).toBeGreaterThan(0.05);
    expect(rms(samples, at(pressedAt + 0.4), at(audio.duration - 0.1)), `silence after the press (${report})`).toBeLessThan(0.005);
  });

  it('keeps WebM recorders on their plain path: stopped at the press', async () => {
    const microphone = toneMicrophone();
    const tap = tapMicrophone(microphone.stream)!;
    closing.push(() => tap.close());
    await pressToWake(tap, microphone.context);
    const seen = watchRecorders();
    vi.spyOn(MediaRecorder, 'isTypeSupported').mockImplementation((type) => type.startsWith('audio/webm'));

    const recorder = new TakeRecorder(microphone.stream, 'audio', tap);
    expect(seen.made[0]!.stream, 'a WebM take records the stream itself').toBe(microphone.stream);
    recorder.start();
    await expect.poll(() => recorder.elapsedSeconds, { timeout: 5000 }).toBeGreaterThan(1.2);
    const stopped = performance.now();
    seen.press();
    const take = await recorder.stop();
    expect(take.mimeType).toMatch(/^audio\/webm/);
    expect(performance.now() - stopped, seen.events.join(', ')).toBeLessThan(1000);
    expect(take.blob.size).toBeGreaterThan(1000);
  });
});
