import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TranscriptionResult } from '@reelback/shared';
import { delay, http, HttpResponse, type JsonBodyType } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TranscriberError } from '../../ports/transcriber.js';
import { toLanguageCode } from './languages.js';
import { OpenAiCompatibleTranscriber } from './openai-transcriber.js';
import { OutboundClient } from '../../outbound/outbound-client.js';

const BASE = 'http://transcribe.test';
const ENDPOINT = `${BASE}/v1/audio/transcriptions`;
const KEY = 'sk-test-0123456789';

/** The example answer of OpenAI's API reference for `verbose_json` with word and segment timestamps (trimmed). */
const VERBOSE = {
  task: 'transcribe',
  language: 'english',
  duration: 8.47,
  text: 'The board view is too slow. Please add dark mode.',
  segments: [
    { id: 0, seek: 0, start: 0.0, end: 3.32, text: ' The board view is too slow.', tokens: [50364, 440], temperature: 0.0, avg_logprob: -0.28, compression_ratio: 1.2, no_speech_prob: 0.0 },
    { id: 1, seek: 0, start: 3.9, end: 6.1, text: ' Please add dark mode.', tokens: [50530, 2555], temperature: 0.0, avg_logprob: -0.31, compression_ratio: 1.2, no_speech_prob: 0.01 },
  ],
  words: [
    { word: 'The', start: 0.0, end: 0.24 },
    { word: 'board', start: 0.24, end: 0.6 },
    { word: 'view', start: 0.6, end: 0.9 },
    { word: 'is', start: 0.9, end: 1.1 },
    { word: 'too', start: 1.1, end: 1.4 },
    { word: 'slow.', start: 1.4, end: 3.32 },
    { word: 'Please', start: 3.9, end: 4.3 },
    { word: 'add', start: 4.3, end: 4.6 },
    { word: 'dark', start: 4.6, end: 5.0 },
    { word: 'mode.', start: 5.0, end: 6.1 },
  ],
};

const server = setupServer();
let dir: string;
let wav: string;

/** A 2.5 s 16 kHz mono 16-bit WAV of silence: the service under test never listens to it. */
function silentWav(seconds: number): Buffer {
  const data = Buffer.alloc(seconds * 16_000 * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(16_000, 24);
  header.writeUInt32LE(32_000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

async function expectTranscriberError(promise: Promise<unknown>, retryable: boolean, message: RegExp): Promise<void> {
  const error = await promise.then(
    () => expect.fail('expected a TranscriberError'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TranscriberError);
  expect((error as TranscriberError).message).toMatch(message);
  expect((error as TranscriberError).retryable).toBe(retryable);
}

function answer(status: number, body: JsonBodyType) {
  server.use(http.post(ENDPOINT, () => HttpResponse.json(body, { status })));
}

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  dir = await mkdtemp(join(tmpdir(), 'reelback-openai-test-'));
  wav = join(dir, 'answer.wav');
  await writeFile(wav, silentWav(2.5));
});
afterEach(() => server.resetHandlers());
afterAll(async () => {
  server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('OpenAiCompatibleTranscriber request', () => {
  it('posts the WAV as multipart with model, verbose_json, both granularities, the fixed language and the bearer key', async () => {
    const seen: { url: string; auth: string | null; contentType: string | null; form: FormData }[] = [];
    server.use(
      http.post(ENDPOINT, async ({ request }) => {
        seen.push({ url: request.url, auth: request.headers.get('authorization'), contentType: request.headers.get('content-type'), form: await request.formData() });
        return HttpResponse.json(VERBOSE);
      }),
    );
    const transcriber = new OpenAiCompatibleTranscriber({ baseUrl: BASE, apiKey: KEY, model: 'whisper-large-v3', language: 'de' });
    await transcriber.transcribe(wav);

    expect(seen).toHaveLength(1);
    const { url, auth, contentType, form } = seen[0]!;
    expect(url).toBe(ENDPOINT);
    expect(auth).toBe(`Bearer ${KEY}`);
    expect(contentType).toMatch(/^multipart\/form-data; boundary=/);
    const file = form.get('file');
    expect(file).toBeInstanceOf(File);
    expect((file as File).name).toBe('answer.wav');
    expect((file as File).type).toBe('audio/wav');
    expect(Buffer.from(await (file as File).arrayBuffer()).equals(await readFile(wav))).toBe(true);
    expect(form.get('model')).toBe('whisper-large-v3');
    expect(form.get('response_format')).toBe('verbose_json');
    expect(form.getAll('timestamp_granularities[]')).toEqual(['segment', 'word']);
    expect(form.get('language')).toBe('de');
  });

  it('sends no key and no language when none is set; a per-clip language wins over the configured one; auto sends none', async () => {
    const seen: { auth: string | null; language: FormDataEntryValue | null; model: FormDataEntryValue | null }[] = [];
    server.use(
      http.post(ENDPOINT, async ({ request }) => {
        const form = await request.formData();
        seen.push({ auth: request.headers.get('authorization'), language: form.get('language'), model: form.get('model') });
        return HttpResponse.json({ text: 'hi' });
      }),
    );
    await new OpenAiCompatibleTranscriber({ baseUrl: BASE }).transcribe(wav);
    await new OpenAiCompatibleTranscriber({ baseUrl: BASE, language: 'de' }).transcribe(wav, { language: 'fr' });
    await new OpenAiCompatibleTranscriber({ baseUrl: BASE, language: 'de' }).transcribe(wav, { language: 'auto' });
    await new OpenAiCompatibleTranscriber({ baseUrl: BASE }).transcribe(wav, { language: 'auto' });
    expect(seen).toEqual([
      { auth: null, language: null, model: 'whisper-1' },
      { auth: null, language: 'fr', model: 'whisper-1' },
      { auth: null, language: 'de', model: 'whisper-1' },
      { auth: null, language: null, model: 'whisper-1' },
    ]);
  });

  it('accepts a base URL that already ends in /v1, or sits under a path', () => {
    const url = (baseUrl: string) => {
      const endpoint = new OpenAiCompatibleTranscriber({ baseUrl }).endpoint;
      return endpoint.ok ? endpoint.url.href : endpoint.reason;
    };
    expect(url('https://api.openai.com/v1/')).toBe('https://api.openai.com/v1/audio/transcriptions');
    expect(url('https://api.openai.com')).toBe('https://api.openai.com/v1/audio/transcriptions');
    expect(url('http://whisper.internal.test:8000/whisper/')).toBe('http://whisper.internal.test:8000/whisper/v1/audio/transcriptions');
  });

  it('refuses a service on a private address unless the outbound client allows them', async () => {
    const local = 'http://127.0.0.1:8000/whisper/';
    const refused = await new OpenAiCompatibleTranscriber({ baseUrl: local }).check();
    expect(refused).toEqual({ ok: false, reason: expect.stringMatching(/^the transcription service URL points at a non-public address \(127\.0\.0\.1: loopback\): set REELBACK_OUTBOUND_ALLOW_PRIVATE=1/) });
    await expectTranscriberError(new OpenAiCompatibleTranscriber({ baseUrl: local }).transcribe(wav), false, /REELBACK_OUTBOUND_ALLOW_PRIVATE/);
    const allowed = new OpenAiCompatibleTranscriber({ baseUrl: local, client: new OutboundClient({ allowPrivate: true }) });
    expect(allowed.endpoint).toMatchObject({ ok: true, url: new URL('http://127.0.0.1:8000/whisper/v1/audio/transcriptions') });
  });
});

describe('OpenAiCompatibleTranscriber answers', () => {
  it('turns verbose_json into segments holding their words, with an ISO language code', async () => {
    answer(200, VERBOSE);
    const result = await new OpenAiCompatibleTranscriber({ baseUrl: BASE, apiKey: KEY }).transcribe(wav);
    expect(TranscriptionResult.parse(result)).toEqual(result);
    expect(result).toMatchObject({ engine: 'openai-compatible', model: 'whisper-1', language: 'en', durationSeconds: 8.47, text: VERBOSE.text });
    expect(result.segments.map(({ start, end, text }) => ({ start, end, text }))).toEqual([
      { start: 0, end: 3.32, text: 'The board view is too slow.' },
      { start: 3.9, end: 6.1, text: 'Please add dark mode.' },
    ]);
    expect(result.segments[0]!.words!.map((w) => w.text)).toEqual(['The', 'board', 'view', 'is', 'too', 'slow.']);
    expect(result.segments[1]!.words).toEqual([
      { text: 'Please', start: 3.9, end: 4.3 },
      { text: 'add', start: 4.3, end: 4.6 },
      { text: 'dark', start: 4.6, end: 5.0 },
      { text: 'mode.', start: 5.0, end: 6.1 },
    ]);
  });

  it('accepts plain json ({text}): one segment over the whole clip, language unknown unless fixed', async () => {
    answer(200, { text: ' Please add dark mode. ' });
    const result = await new OpenAiCompatibleTranscriber({ baseUrl: BASE }).transcribe(wav);
    expect(result).toMatchObject({ language: null, durationSeconds: 2.5, text: 'Please add dark mode.' });
    expect(result.segments).toEqual([{ start: 0, end: 2.5, text: 'Please add dark mode.' }]);
    expect((await new OpenAiCompatibleTranscriber({ baseUrl: BASE, language: 'en' }).transcribe(wav)).language).toBe('en');
  });

  it('groups words into segments when the service gives words but no segments, keeping their probability', async () => {
    answer(200, { text: 'add dark mode', language: 'en', words: [
      { word: ' add', start: 0.1, end: 0.3, probability: 0.9 },
      { word: ' dark', start: 0.3, end: 0.6, probability: 0.8 },
      { word: ' mode', start: 1.6, end: 1.9, probability: 0.95 },
    ] });
    const result = await new OpenAiCompatibleTranscriber({ baseUrl: BASE }).transcribe(wav);
    expect(result.segments.map((s) => s.text)).toEqual(['add dark', 'mode']);
    expect(result.segments[0]!.words![0]).toEqual({ text: 'add', start: 0.1, end: 0.3, confidence: 0.9 });
  });

  it('says when a successful answer cannot be read', async () => {
    server.use(http.post(ENDPOINT, () => new HttpResponse('<html>proxy login</html>', { headers: { 'content-type': 'text/html' } })));
    await expectTranscriberError(new OpenAiCompatibleTranscriber({ baseUrl: BASE }).transcribe(wav), false, /^the transcription service answered with something other than JSON$/);
    answer(200, { text: 'x', segments: [{ start: 'zero', end: 1, text: 'x' }] });
    await expectTranscriberError(new OpenAiCompatibleTranscriber({ baseUrl: BASE }).transcribe(wav), false, /cannot read \(segments\.0\.start: /);
  });
});

describe('OpenAiCompatibleTranscriber errors', () => {
  const transcriber = new OpenAiCompatibleTranscriber({ baseUrl: BASE, apiKey: KEY, timeoutMs: 300 });
  const openAiError = (message: string, type = 'invalid_request_error') => ({ error: { message, type, param: null, code: null } });

  it.each([401, 403])('HTTP %i: the key was refused, no retry', async (status) => {
    answer(status, openAiError('Incorrect API key provided: sk-test-****6789.'));
    await expectTranscriberError(transcriber.transcribe(wav), false, new RegExp(`^the transcription service refused the key \\(HTTP ${status}\\)$`));
  });

  it('HTTP 401 without a key says a key is needed', async () => {
    answer(401, openAiError('You did not provide an API key.'));
    await expectTranscriberError(new OpenAiCompatibleTranscriber({ baseUrl: BASE }).transcribe(wav), false, /needs a key and none is configured/);
  });

  it.each([
    [400, 'Audio file might be corrupted or unsupported'],
    [413, 'Maximum content size limit (26214400) exceeded'],
    [415, 'Unsupported media type'],
  ])('HTTP %i: the clip was rejected (by status: the service’s words are not repeated), no retry', async (status, message) => {
    answer(status, openAiError(message));
    await expectTranscriberError(transcriber.transcribe(wav), false, new RegExp(`^the transcription service rejected the clip \\(HTTP ${status}\\)$`));
  });

  it('repeats nothing of a FastAPI-style {detail} or plain-text refusal either', async () => {
    answer(400, { detail: 'Invalid language: xx' });
    await expectTranscriberError(transcriber.transcribe(wav), false, /^the transcription service rejected the clip \(HTTP 400\)$/);
    server.use(http.post(ENDPOINT, () => new HttpResponse('bad audio', { status: 415 })));
    await expectTranscriberError(transcriber.transcribe(wav), false, /^the transcription service rejected the clip \(HTTP 415\)$/);
  });

  it('HTTP 404: no endpoint there, no retry', async () => {
    server.use(http.post(ENDPOINT, () => new HttpResponse('Not Found', { status: 404 })));
    await expectTranscriberError(transcriber.transcribe(wav), false, /no transcription endpoint at http:\/\/transcribe\.test\/v1\/audio\/transcriptions/);
  });

  it.each([429, 500, 503])('HTTP %i: busy or failing, retry later', async (status) => {
    answer(status, openAiError('Rate limit reached', 'requests'));
    await expectTranscriberError(transcriber.transcribe(wav), true, new RegExp(`busy or failing.*HTTP ${status}`));
  });

  it('a network failure is retryable', async () => {
    server.use(http.post(ENDPOINT, () => HttpResponse.error()));
    await expectTranscriberError(transcriber.transcribe(wav), true, /^the transcription service: no answer from http:\/\/transcribe\.test: it could not be reached, refused or dropped the connection, or did not answer within 300 ms$/);
  });

  it('a service that does not answer in time is given up on, retryably', async () => {
    server.use(
      http.post(ENDPOINT, async () => {
        await delay('infinite');
        return HttpResponse.json(VERBOSE);
      }),
    );
    const started = Date.now();
    await expectTranscriberError(transcriber.transcribe(wav), true, /^the transcription service: no answer from http:\/\/transcribe\.test: it could not be reached, refused or dropped the connection, or did not answer within 300 ms$/);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('stops when aborted, retryably', async () => {
    server.use(
      http.post(ENDPOINT, async () => {
        await delay('infinite');
        return HttpResponse.json(VERBOSE);
      }),
    );
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expectTranscriberError(
      new OpenAiCompatibleTranscriber({ baseUrl: BASE }).transcribe(wav, { signal: controller.signal }),
      true,
      /stopped before it finished/,
    );
  });

  it('a missing audio file is not retried (and nothing is sent)', async () => {
    await expectTranscriberError(transcriber.transcribe(join(dir, 'gone.wav')), false, /does not exist/);
  });
});

describe('OpenAiCompatibleTranscriber.check', () => {
  it('checks the configuration only, never the network', async () => {
    let requests = 0;
    server.events.on('request:start', () => requests++);
    expect(await new OpenAiCompatibleTranscriber({ baseUrl: BASE, apiKey: KEY }).check()).toEqual({ ok: true });
    expect(await new OpenAiCompatibleTranscriber({ baseUrl: '' }).check()).toEqual({ ok: false, reason: 'no URL is configured for the transcription service' });
    expect(await new OpenAiCompatibleTranscriber({ baseUrl: 'localhost:8000' }).check()).toEqual({ ok: false, reason: expect.stringMatching(/must start with http/) });
    expect(await new OpenAiCompatibleTranscriber({ baseUrl: 'not a url' }).check()).toEqual({ ok: false, reason: expect.stringMatching(/not a valid URL/) });
    await expectTranscriberError(new OpenAiCompatibleTranscriber({ baseUrl: 'ftp://x' }).transcribe(wav), false, /must start with http/);
    expect(requests).toBe(0);
    server.events.removeAllListeners();
  });
});

describe('toLanguageCode', () => {
  it('maps Whisper language names and codes to ISO 639-1', () => {
    expect(['english', 'English', 'en', 'en-US', 'german', 'lao', 'javanese', 'klingon', '', null].map(toLanguageCode)).toEqual([
      'en', 'en', 'en', 'en', 'de', 'lo', 'jv', null, null, null,
    ]);
  });
});
