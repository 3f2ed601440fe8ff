import { describe, expect, it } from 'vitest';
import { inputErrors, lastOutTimeSeconds } from './decode-check.js';
import { looksLikeMediaContainer } from './sniff-container.js';

describe('inputErrors', () => {
  it("leaves out the null muxer's timestamp complaints, keeps the decoders' errors", () => {
    const stderr = [
      '[null @ 0x55c1e5d41a40] Application provided invalid, non monotonically increasing dts to muxer in stream 0: 3698 >= 3698',
      '[vp8 @ 0x5640a1b2c3d0] Truncated packet',
      '',
      '[matroska,webm @ 0x5640a1b2c3d0] File ended prematurely',
    ].join('\n');
    expect(inputErrors(stderr)).toEqual(['[vp8 @ 0x5640a1b2c3d0] Truncated packet', '[matroska,webm @ 0x5640a1b2c3d0] File ended prematurely']);
    expect(inputErrors('')).toEqual([]);
  });
});

describe('lastOutTimeSeconds', () => {
  it('takes the furthest out_time_us of ffmpeg -progress, ignoring N/A and negative starts', () => {
    const progress = [
      'out_time_us=N/A',
      'progress=continue',
      'out_time_us=-7000',
      'progress=continue',
      'out_time_us=2007500',
      'out_time=00:00:02.007500',
      'progress=end',
    ].join('\n');
    expect(lastOutTimeSeconds(progress)).toBe(2.0075);
    expect(lastOutTimeSeconds('')).toBe(0);
  });
});

describe('looksLikeMediaContainer', () => {
  it.each([
    ['webm', Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0, 0, 0, 0])],
    ['mp4', Buffer.from('\0\0\0\x20ftypisom', 'latin1')],
    ['ogg', Buffer.from('OggS\0\x02', 'latin1')],
    ['wav', Buffer.from('RIFF\0\0\0\0WAVE', 'latin1')],
  ])('knows %s', (_name, head) => {
    expect(looksLikeMediaContainer(head)).toBe(true);
  });

  it.each([
    ['text', Buffer.from('hello world\n')],
    ['png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
    ['nothing', Buffer.alloc(0)],
  ])('does not take %s for a recording container', (_name, head) => {
    expect(looksLikeMediaContainer(head)).toBe(false);
  });
});
