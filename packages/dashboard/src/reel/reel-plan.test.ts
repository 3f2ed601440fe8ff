import { describe, expect, it } from 'vitest';
import { rangeProblem, reelCues, reelFileName, reelTimeline, toWebVtt, vttTimestamp } from './reel-plan.js';

const seg = (start: number, end: number, text: string) => ({ start, end, text });

describe('reel plan', () => {
  it('says what is wrong with a range', () => {
    expect(rangeProblem({ durationSeconds: 5, start: 0, end: 5 })).toBeNull();
    expect(rangeProblem({ durationSeconds: 5, start: 1.2, end: 3.4 })).toBeNull();
    expect(rangeProblem({ durationSeconds: 5.32, start: 0, end: 5.33 })).toBeNull(); // rounding slack
    expect(rangeProblem({ durationSeconds: 5, start: -1, end: 3 })).toBe('Start cannot be before 0 s.');
    expect(rangeProblem({ durationSeconds: 5, start: 0, end: 6 })).toBe('End cannot be after the clip ends (5 s).');
    expect(rangeProblem({ durationSeconds: 5, start: 3, end: 3.2 })).toBe('End must be at least 0.5 s after start.');
    expect(rangeProblem({ durationSeconds: 5, start: 4, end: 2 })).toBe('End must be at least 0.5 s after start.');
    expect(rangeProblem({ durationSeconds: 5, start: Number.NaN, end: 2 })).toBe('Start and end must be numbers of seconds.');
  });

  it('lays the parts end to end', () => {
    expect(reelTimeline([])).toEqual({ offsets: [], total: 0 });
    const { offsets, total } = reelTimeline([
      { durationSeconds: 5, start: 1, end: 3 },
      { durationSeconds: 2, start: 0, end: 2 },
      { durationSeconds: 10, start: 7.5, end: 10 },
    ]);
    expect(offsets).toEqual([0, 2, 4]);
    expect(total).toBe(6.5);
  });

  it('cuts each transcript to its range and shifts it onto the reel', () => {
    const cues = reelCues([
      // 1 s to 3 s of the first clip: the first segment is outside, the second straddles the start.
      { durationSeconds: 5, start: 1, end: 3, segments: [seg(0, 0.9, 'before'), seg(0.5, 1.5, 'straddles'), seg(2, 4, 'runs over the end')] },
      // The whole second clip, after 2 s of reel.
      { durationSeconds: 2, start: 0, end: 2, segments: [seg(0.25, 1.75, '  spaced\n out  ')] },
      { durationSeconds: 3, start: 0, end: 3, segments: [] },
      { durationSeconds: 4, start: 1, end: 4, segments: [seg(0, 1.02, 'a sliver'), seg(1.5, 2, '')] },
    ]);
    expect(cues).toEqual([
      { start: 0, end: 0.5, text: 'straddles' },
      { start: 1, end: 2, text: 'runs over the end' },
      { start: 2.25, end: 3.75, text: 'spaced out' },
    ]);
  });

  it('writes WebVTT with viewer words kept as words', () => {
    expect(vttTimestamp(0)).toBe('00:00:00.000');
    expect(vttTimestamp(3723.4567)).toBe('01:02:03.457');
    expect(toWebVtt([])).toBe('WEBVTT\n\n');
    expect(
      toWebVtt([
        { start: 0, end: 1.5, text: 'Hello' },
        { start: 1.5, end: 62, text: '<b>bold</b> & --> arrows' },
      ]),
    ).toBe(
      'WEBVTT\n\n1\n00:00:00.000 --> 00:00:01.500\nHello\n\n2\n00:00:01.500 --> 00:01:02.000\n&lt;b&gt;bold&lt;/b&gt; &amp; --&gt; arrows\n\n',
    );
  });

  it('names the files by the local time', () => {
    expect(reelFileName(new Date(2025, 4, 1, 9, 5), 'mp4')).toBe('reelback-reel-2025-05-01-0905.mp4');
    expect(reelFileName(new Date(2025, 11, 31, 23, 59), 'vtt')).toBe('reelback-reel-2025-12-31-2359.vtt');
  });
});
