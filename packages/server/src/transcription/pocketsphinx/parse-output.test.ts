import { describe, expect, it } from 'vitest';
import { phrasesToJsgf } from './jsgf.js';
import { groupIntoSegments, parsePocketsphinxOutput } from './parse-output.js';
import { parseWavHeader, WavReadError } from './wav-info.js';

// What pocketsphinx_continuous -time yes printed for two utterances with the default language model.
const OUTPUT = `aren't you is to
<s> 0.000 0.200 1.000000
aren't(2) 0.210 0.510 0.195775
<sil> 0.520 0.590 0.982061
you 0.600 0.810 0.989257
[NOISE] 0.820 0.900 0.5
is 0.910 0.970 0.056021
to 1.030 1.250 0.771491
</s> 1.260 1.390 1.000000
please add
<sil> 4.150 4.250 1.000000
please 4.260 4.590 1.000000
add 4.600 4.810 1.000000
`;

describe('parsePocketsphinxOutput', () => {
  it('keeps words with times and confidence, drops fillers and pronunciation variants', () => {
    const utterances = parsePocketsphinxOutput(OUTPUT, 10);
    expect(utterances).toHaveLength(2);
    expect(utterances[0]!.words).toEqual([
      { text: "aren't", start: 0.21, end: 0.51, confidence: 0.195775 },
      { text: 'you', start: 0.6, end: 0.81, confidence: 0.989257 },
      { text: 'is', start: 0.91, end: 0.97, confidence: 0.056021 },
      { text: 'to', start: 1.03, end: 1.25, confidence: 0.771491 },
    ]);
    expect(utterances[1]!.words.map((w) => w.text)).toEqual(['please', 'add']);
  });

  it('clamps times to the audio duration and ignores utterances with fillers only', () => {
    expect(parsePocketsphinxOutput('\n<sil> 0.000 0.500 1.0\n', 3)).toEqual([]);
    expect(parsePocketsphinxOutput('hi\nhi 2.900 3.050 1.000000\n', 3)[0]!.words[0]).toMatchObject({ start: 2.9, end: 3 });
    expect(parsePocketsphinxOutput('', 3)).toEqual([]);
  });
});

describe('groupIntoSegments', () => {
  const word = (text: string, start: number, end: number) => ({ text, start, end });

  it('breaks at each utterance, at pauses over the limit and every maxWords words', () => {
    const segments = groupIntoSegments(
      [
        { words: [word('a', 0, 0.2), word('b', 0.3, 0.5), word('c', 1.3, 1.5), word('d', 1.6, 1.8), word('e', 1.9, 2), word('f', 2.1, 2.2)] },
        { words: [word('g', 5, 5.2)] },
      ],
      { pauseSeconds: 0.7, maxWords: 3 },
    );
    expect(segments.map((s) => [s.text, s.start, s.end])).toEqual([
      ['a b', 0, 0.5],
      ['c d e', 1.3, 2],
      ['f', 2.1, 2.2],
      ['g', 5, 5.2],
    ]);
    expect(segments[1]!.words).toHaveLength(3);
  });
});

describe('parseWavHeader', () => {
  function wav(options: { dataSize?: number; rate?: number; extraChunk?: boolean } = {}): Buffer {
    const fmt = Buffer.alloc(24);
    fmt.write('fmt ', 0, 'latin1');
    fmt.writeUInt32LE(16, 4);
    fmt.writeUInt16LE(1, 8);
    fmt.writeUInt16LE(1, 10);
    fmt.writeUInt32LE(options.rate ?? 16_000, 12);
    fmt.writeUInt32LE((options.rate ?? 16_000) * 2, 16);
    fmt.writeUInt16LE(2, 20);
    fmt.writeUInt16LE(16, 22);
    const list = Buffer.from('LIST\x03\x00\x00\x00abc\x00', 'latin1'); // odd size: padded
    const data = Buffer.alloc(8);
    data.write('data', 0, 'latin1');
    data.writeUInt32LE(options.dataSize ?? 32_000, 4);
    const head = Buffer.alloc(12);
    head.write('RIFF', 0, 'latin1');
    head.write('WAVE', 8, 'latin1');
    return Buffer.concat([head, fmt, ...(options.extraChunk ? [list] : []), data]);
  }

  it('reads format and duration, skipping other chunks', () => {
    const header = wav({ extraChunk: true });
    expect(parseWavHeader(header, header.length + 32_000)).toEqual({ formatTag: 1, channels: 1, sampleRate: 16_000, bitsPerSample: 16, durationSeconds: 1 });
  });

  it('takes an unpatched data size (0xFFFFFFFF) as running to the end of the file', () => {
    const header = wav({ dataSize: 0xffffffff });
    expect(parseWavHeader(header, header.length + 16_000).durationSeconds).toBe(0.5);
  });

  it('refuses what is not a WAV', () => {
    expect(() => parseWavHeader(Buffer.from('hello there, not audio'), 22)).toThrow(WavReadError);
    expect(() => parseWavHeader(wav().subarray(0, 20), 20)).toThrow(/no format chunk|truncated/);
  });
});

describe('phrasesToJsgf', () => {
  it('writes one public rule of lower-case word sequences', () => {
    expect(phrasesToJsgf(['Please add dark mode!', "It's too slow.", 'please add dark mode'])).toBe(
      "#JSGF V1.0;\ngrammar reelback;\npublic <sentence> = please add dark mode | it's too slow ;\n",
    );
    expect(() => phrasesToJsgf(['?!'])).toThrow();
  });
});
