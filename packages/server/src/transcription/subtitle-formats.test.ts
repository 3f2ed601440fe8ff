import { describe, expect, it } from 'vitest';
import { toSrt, toWebVtt } from './subtitle-formats.js';

const segments = [
  { start: 0, end: 1.5, text: ' The board view is slow. ' },
  { start: 1.5, end: 1.6, text: '   ' },
  { start: 61.25, end: 3725.001, text: 'Cards <b>vanish</b> & come back\n\n--> twice' },
];

describe('subtitle exports', () => {
  it('writes WebVTT with escaped text and no empty cues', () => {
    expect(toWebVtt(segments)).toBe(
      'WEBVTT\n\n00:00:00.000 --> 00:00:01.500\nThe board view is slow.\n\n' +
        '00:01:01.250 --> 01:02:05.001\nCards &lt;b&gt;vanish&lt;/b&gt; &amp; come back\n--&gt; twice\n',
    );
    expect(toWebVtt([])).toBe('WEBVTT\n\n');
  });

  it('writes numbered SRT cues with comma milliseconds', () => {
    expect(toSrt(segments)).toBe(
      '1\n00:00:00,000 --> 00:00:01,500\nThe board view is slow.\n\n2\n00:01:01,250 --> 01:02:05,001\nCards <b>vanish</b> & come back\n-> twice\n',
    );
  });
});
