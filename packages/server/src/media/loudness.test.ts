import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureMeanVolumeDb } from './loudness.js';
import { makeAudioWebm, makeMp4, makeSilence } from '../test-support/media-fixtures.js';

let dir: string;
let tone: string;
let silence: string;
let mute: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reelback-loudness-'));
  [tone, silence, mute] = await Promise.all([
    makeAudioWebm(join(dir, 'tone.webm'), 1),
    makeSilence(join(dir, 'silence.webm'), 1),
    makeMp4(join(dir, 'mute.mp4'), { seconds: 0.5, audio: false }),
  ]);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('measureMeanVolumeDb', () => {
  it('hears a sine tone', async () => {
    const db = await measureMeanVolumeDb(tone);
    expect(db).toBeGreaterThan(-40);
    expect(db).toBeLessThan(0);
  });

  it('reports digital silence as -Infinity', async () => {
    expect(await measureMeanVolumeDb(silence)).toBe(-Infinity);
  });

  it('fails on a file with no audio at all', async () => {
    await expect(measureMeanVolumeDb(mute)).rejects.toThrow(/loudness|no audio/);
  });
});
