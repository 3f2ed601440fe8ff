import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { until } from '../../upload/fake-tus.js';
import { pickMimeType } from './media.js';
import { tapMicrophone, type MicrophoneTap } from './microphone-tap.js';

const closing: (() => unknown)[] = [];
afterEach(async () => {
  for (const close of closing.splice(0)) await close();
  document.body.replaceChildren();
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

/** The viewer's press (a real click) wakes the tap's audio context, as "Start recording" does. */
async function pressToWake(tap: MicrophoneTap, microphone: AudioContext): Promise<void> {
  const button = document.createElement('button');
  button.textContent = 'Start recording';
  button.onclick = () => {
    void microphone.resume();
    tap.wake();
  };
  document.body.append(button);
  await userEvent.click(button);
  await until(() => tap.recordable() !== null && microphone.state === 'running', 5000, 'running audio contexts');
}

const rms = (samples: Float32Array, from: number, to: number) => {
  let sum = 0;
  for (let i = from; i < to; i++) sum += samples[i]! ** 2;
  return Math.sqrt(sum / Math.max(1, to - from));
};

describe('microphone tap', () => {
  it('records the sound, then silence from hush() on at the sound card’s pace (no burst of silence)', async () => {
    const microphone = toneMicrophone();
    const tap = tapMicrophone(microphone.stream)!;
    closing.push(() => tap.close());
    await pressToWake(tap, microphone.context);
    const mimeType = pickMimeType('audio');
    const recorder = new MediaRecorder(tap.recordable()!, mimeType ? { mimeType } : {});
    const chunks: Blob[] = [];
    recorder.ondataavailable = (event) => chunks.push(event.data);
    const stopped = new Promise((resolve) => (recorder.onstop = resolve));
    recorder.start(250);
    // The take's length is what is under test: a second of tone, then a second after the Stop press.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    tap.hush();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    recorder.stop();
    await stopped;

    const blob = new Blob(chunks, { type: recorder.mimeType });
    const decoder = new AudioContext();
    closing.push(() => decoder.close());
    const audio = await decoder.decodeAudioData(await blob.arrayBuffer());
    const samples = audio.getChannelData(0);
    const at = (seconds: number) => Math.round(seconds * audio.sampleRate);
    const report = `${blob.size} bytes of ${recorder.mimeType}, ${audio.duration.toFixed(2)} s decoded`;
    // As long as the wall clock ran: silence after the press came at real pace (WebKitGTK's disabled track did not).
    expect(audio.duration, report).toBeGreaterThan(1.6);
    expect(audio.duration, report).toBeLessThan(2.6);
    expect(rms(samples, at(0.3), at(0.8)), `the tone before the press (${report})`).toBeGreaterThan(0.05);
    expect(rms(samples, at(audio.duration - 0.6), at(audio.duration - 0.1)), `silence after the press (${report})`).toBeLessThan(0.005);
    // The microphone's own track is left as it was: the level meter and the preview still have it.
    expect(microphone.stream.getAudioTracks()[0]!.enabled).toBe(true);
  });

  it('has nothing to tap in a stream without sound', () => {
    const canvas = document.createElement('canvas');
    expect(tapMicrophone(canvas.captureStream())).toBeNull();
  });
});
