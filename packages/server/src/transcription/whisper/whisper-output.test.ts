import { describe, expect, it } from 'vitest';
import { classifyWhisperRun } from './whisper-errors.js';
import { audioSecondsFromLog, parseWhisperJson, sanitizeWhisperJson, toTranscriptSegments } from './whisper-output.js';

/** Shaped like whisper.cpp 1.5's `main -oj -ojf` output (tabs, its float printing, its minimal escaping). */
function mainJson(segments: string, model = '"multilingual": false,\n\t\t"vocab": 51864'): Buffer {
  return Buffer.from(
    `{\n\t"systeminfo": "AVX = 1 | ",\n\t"model": {\n\t\t"type": "tiny",\n\t\t${model}\n\t},\n\t"params": {\n\t\t"model": "/m.bin",\n\t\t"language": "auto",\n\t\t"translate": false\n\t},\n\t"result": {\n\t\t"language": "en"\n\t},\n\t"transcription": [\n${segments}\n\t]\n}`,
    'latin1',
  );
}

const token = (text: string, from: number, to: number, id: number, p: string) =>
  `{ "text": "${text}", "timestamps": { "from": "x", "to": "y" }, "offsets": { "from": ${from}, "to": ${to} }, "id": ${id}, "p": ${p} }`;

const segment = (from: number, to: number, text: string, tokens: string[]) =>
  `{ "timestamps": { "from": "a", "to": "b" }, "offsets": { "from": ${from}, "to": ${to} }, "text": "${text}", "tokens": [ ${tokens.join(', ')} ] }`;

describe('whisper.cpp JSON output', () => {
  it('turns segments and tokens into timed segments and words', () => {
    const json = parseWhisperJson(
      mainJson(
        [
          segment(0, 2480, ' Hello, world.', [
            token('[_BEG_]', 0, 0, 50363, '0.9'),
            token(' Hello', 0, 700, 15496, '0.98'),
            token(',', 700, 760, 11, '0.5'),
            token(' world', 900, 1800, 995, '0.9'),
            token('.', 1800, 2400, 13, '1'),
            token('[_TT_124]', 2480, 2480, 50487, '0.2'),
          ]),
          segment(2480, 9000, ' Again', [token(' Again', 2500, 9000, 6521, 'nan')]),
        ].join(',\n'),
      ),
    );
    const segments = toTranscriptSegments(json, 3);
    expect(segments).toEqual([
      {
        start: 0,
        end: 2.48,
        text: 'Hello, world.',
        words: [
          { text: 'Hello,', start: 0, end: 0.76, confidence: 0.74 },
          { text: 'world.', start: 0.9, end: 2.4, confidence: 0.95 },
        ],
      },
      // clamped to the audio's 3 s; a `nan` probability gives no confidence
      { start: 2.48, end: 3, text: 'Again', words: [{ text: 'Again', start: 2.5, end: 3 }] },
    ]);
  });

  it('puts a character split over two tokens back together and keeps raw control characters parseable', () => {
    const e = Buffer.from('é', 'utf8'); // two bytes, one per token as BPE may split them
    const first = e.subarray(0, 1).toString('latin1');
    const second = e.subarray(1).toString('latin1');
    const json = parseWhisperJson(
      mainJson(segment(0, 1000, ` caf${first}${second}\tx`, [token(' caf', 0, 400, 1, '0.9'), token(first, 400, 500, 2, '0.9'), token(`${second}\tx`, 500, 1000, 3, '0.9')])),
    );
    const [only] = toTranscriptSegments(json, 10);
    expect(only?.text).toBe('café\tx');
    expect(only?.words?.map((w) => w.text)).toEqual(['café\tx']);
  });

  it('drops blank segments and skips special tokens of a multilingual vocabulary', () => {
    const json = parseWhisperJson(
      mainJson(
        [segment(0, 500, ' ', [token(' ', 0, 500, 220, '0.1')]), segment(500, 900, ' Hola', [token('[_LANG_es]', 0, 0, 50262, '1'), token(' Hola', 500, 900, 1, '0.8')])].join(',\n'),
        '"multilingual": true,\n\t\t"vocab": 51865',
      ),
    );
    expect(toTranscriptSegments(json, 1)).toEqual([{ start: 0.5, end: 0.9, text: 'Hola', words: [{ text: 'Hola', start: 0.5, end: 0.9, confidence: 0.8 }] }]);
  });

  it('reads an output without tokens (plain -oj) and an empty transcription', () => {
    const plain = parseWhisperJson(mainJson(`{ "timestamps": { "from": "a", "to": "b" }, "offsets": { "from": 100, "to": 200 }, "text": " Hi" }`));
    expect(toTranscriptSegments(plain, 5)).toEqual([{ start: 0.1, end: 0.2, text: 'Hi' }]);
    expect(toTranscriptSegments(parseWhisperJson(mainJson('')), 5)).toEqual([]);
  });

  it('replaces non-finite numbers outside strings only', () => {
    expect(sanitizeWhisperJson('{"a": -nan, "b": "nan inf", "c": inf}')).toBe('{"a": null, "b": "nan inf", "c": null}');
    expect(() => parseWhisperJson(Buffer.from('{"transcription": [ {'))).toThrow(/cannot be parsed/);
    expect(() => parseWhisperJson(Buffer.from('{"transcription": 3}'))).toThrow(/not shaped as expected/);
  });

  it('finds the audio length in the log', () => {
    expect(audioSecondsFromLog("main: processing '/tmp/a (1).wav' (32000 samples, 2.0 sec), 2 threads, 1 processors")).toBe(2);
    expect(audioSecondsFromLog('nothing')).toBeNull();
  });
});

describe('reading a run of main', () => {
  const context = { modelPath: '/m/ggml.bin', wavPath: '/a/x.wav', binary: '/b/main', wroteOutput: false };
  const ok = 'whisper_init_state: kv self size\nsystem_info: n_threads = 2\nmain: processing ...\noutput_json: saving output to x\n';

  it('accepts a clean run that wrote its output', () => {
    expect(classifyWhisperRun({ exitCode: 0, signal: null, stderr: ok }, { ...context, wroteOutput: true })).toBeNull();
  });

  it('says an unreadable WAV is not retryable although main exited 0', () => {
    const error = classifyWhisperRun(
      { exitCode: 0, signal: null, stderr: `${ok}error: failed to open '/a/x.wav' as WAV file\nerror: failed to read WAV file '/a/x.wav'\n` },
      context,
    );
    expect(error).toMatchObject({ retryable: false });
    expect(error?.message).toMatch(/audio file \/a\/x.wav could not be read/);
    expect(error?.message).toMatch(/failed to read WAV file/);
  });

  it('says a model that died in the loader is corrupt, a crash after loading is retryable', () => {
    const loading = 'whisper_init_from_file_with_params_no_state: loading model from x\nwhisper_model_load: loading model\n';
    expect(classifyWhisperRun({ exitCode: null, signal: 'SIGABRT', stderr: `${loading}terminate called after throwing an instance of 'std::length_error'\n` }, context)).toMatchObject({
      retryable: false,
      message: expect.stringMatching(/could not be loaded/),
    });
    expect(classifyWhisperRun({ exitCode: null, signal: 'SIGSEGV', stderr: `${loading}${ok}` }, context)).toMatchObject({
      retryable: true,
      message: expect.stringMatching(/crashed \(SIGSEGV\)/),
    });
  });

  it('says what an exit 0 with nothing written means', () => {
    expect(classifyWhisperRun({ exitCode: 0, signal: null, stderr: ok }, context)).toMatchObject({ retryable: true });
    expect(classifyWhisperRun({ exitCode: 0, signal: null, stderr: "error: unknown language 'xx'\n" }, context)).toMatchObject({ retryable: false });
  });
});
