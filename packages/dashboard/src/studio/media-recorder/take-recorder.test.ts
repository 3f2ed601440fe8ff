import { describe, expect, it } from 'vitest';
import { MIME_PREFERENCES } from '@reelback/widget/recorder-media';
import { takeProblem, TakeRecorder } from './take-recorder.js';

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
