// What each browser engine really records, as it records it: files made by Firefox ESR 153 (WebM: VP8/Opus and
// Opus alone) and WebKitGTK 2.50 (fragmented MP4 with AAC, its video recorder gives nothing on Debian 12) through
// MediaRecorder with a one-second timeslice and the widget's stop (request the tail, stop once it is in), kept in
// fixtures/ (by e2e/engines/record-fixture.ts). Chromium's WebM is what the other media tests make with ffmpeg and what e2e/recorded-answers records.
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FfmpegMediaProcessor } from './ffmpeg-media-processor.js';
import { repairFragmentedMp4 } from './repair-fragmented-mp4.js';
import { ffprobeFacts } from '../test-support/media-fixtures.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const processor = new FfmpegMediaProcessor({ timeoutMs: 60_000 });
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reelback-engines-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('recordings made by each engine', () => {
  it("accepts WebKit's audio (fragmented MP4/AAC whose last fragment header is written twice) with its whole length", async () => {
    const path = join(dir, 'webkit.mp4');
    await copyFile(fixture('webkit-audio.mp4'), path);
    const before = await readFile(path);
    const verdict = await processor.inspect(path, { kind: 'audio', maxDurationSeconds: 60 });
    expect(verdict).toMatchObject({ ok: true, probe: { audio: { codec: 'aac' }, video: null } });
    // 2.5 s were recorded; the tail is there (the widget asks for it before stopping).
    expect(verdict.ok && verdict.probe.durationSeconds).toBeGreaterThan(2.3);
    const made = await processor.normalise(path, 'audio', join(dir, 'webkit-out'));
    expect(made.durationSeconds).toBeGreaterThan(2.3);
    expect(made.files.map((f) => f.contentType).sort()).toEqual(['audio/mp4', 'audio/wav']);
    // The stored original stays as it arrived.
    expect((await readFile(path)).equals(before)).toBe(true);
  });

  it('repairs only what is broken: a repeated moof and ftyp go, every sample stays', async () => {
    const out = join(dir, 'repaired.mp4');
    expect(await repairFragmentedMp4(fixture('webkit-audio.mp4'), out)).toBe(true);
    const [original, repaired] = [await readFile(fixture('webkit-audio.mp4')), await readFile(out)];
    // One 32-byte ftyp and one small moof (a few hundred bytes) fewer.
    expect(original.length - repaired.length).toBeGreaterThan(32 + 100);
    expect(original.length - repaired.length).toBeLessThan(32 + 700);
    expect(await repairFragmentedMp4(out, join(dir, 'again.mp4'))).toBe(false);
    expect(await repairFragmentedMp4(fixture('firefox-audio.webm'), join(dir, 'not-mp4'))).toBe(false);
  });

  it('repairs a long take quietly: a minute of fragments, no listener warnings, the same bytes less the repeats', async () => {
    // The fixture's first fragment repeated as a one-minute take's would come (the repair reads box headers only).
    const take = await readFile(fixture('webkit-audio.mp4'));
    const [header, fragment, tail] = [take.subarray(0, 817), take.subarray(817, 13_406), take.subarray(13_406)];
    const long = Buffer.concat([header, ...Array.from({ length: 70 }, () => fragment), tail]);
    const [path, out] = [join(dir, 'long.mp4'), join(dir, 'long-repaired.mp4')];
    await writeFile(path, long);
    const warnings: Error[] = [];
    const heard = (warning: Error) => warnings.push(warning);
    process.on('warning', heard);
    try {
      expect(await repairFragmentedMp4(path, out)).toBe(true);
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
    } finally {
      process.off('warning', heard);
    }
    expect(warnings.map((w) => `${w.name}: ${w.message}`)).toEqual([]);
    const repaired = await readFile(out);
    // One 32-byte ftyp and the 300-byte repeated moof fewer; everything else byte for byte.
    expect(repaired.length).toBe(long.length - 32 - 300);
    const repeatedMoof = long.length - tail.length + 12_589; // the tail: moof, mdat, the last moof twice, mdat
    const expected = Buffer.concat([long.subarray(0, 32), long.subarray(64, repeatedMoof), long.subarray(repeatedMoof + 300)]);
    expect(repaired.equals(expected)).toBe(true);
  });

  it("accepts Firefox's audio (WebM/Opus, no duration in the header) and makes AAC and WAV", async () => {
    const verdict = await processor.inspect(fixture('firefox-audio.webm'), { kind: 'audio', maxDurationSeconds: 60 });
    expect(verdict).toMatchObject({ ok: true, probe: { audio: { codec: 'opus' } } });
    expect(verdict.ok && verdict.probe.durationSeconds).toBeGreaterThan(2.3);
    const made = await processor.normalise(fixture('firefox-audio.webm'), 'audio', join(dir, 'ff-audio'));
    expect(made.durationSeconds).toBeGreaterThan(2.3);
    expect(made.files.map((f) => f.contentType).sort()).toEqual(['audio/mp4', 'audio/wav']);
  });

  it("accepts Firefox's video (WebM VP8/Opus) and normalises it to H.264/AAC MP4 with a poster", async () => {
    const verdict = await processor.inspect(fixture('firefox-video.webm'), { kind: 'video', maxDurationSeconds: 60 });
    expect(verdict).toMatchObject({ ok: true, probe: { video: { codec: 'vp8', width: 320, height: 240 }, audio: { codec: 'opus' } } });
    const made = await processor.normalise(fixture('firefox-video.webm'), 'video', join(dir, 'ff-video'));
    expect(made.durationSeconds).toBeGreaterThan(2.3);
    const mp4 = made.files.find((f) => f.contentType === 'video/mp4');
    expect(mp4).toBeDefined();
    const facts = await ffprobeFacts(mp4!.path);
    expect(facts.streams.map((stream) => `${stream.codec_type}:${stream.codec_name}`).sort()).toEqual(['audio:aac', 'video:h264']);
    expect(made.files.map((f) => f.contentType)).toContain('image/jpeg');
  });
});
