import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { TranscriptionResult, TranscriptSegment, TranscriptWord } from '@reelback/shared';
import * as z from 'zod';
import { type OutboundClient, sharedOutboundClient } from '../../outbound/outbound-client.js';
import { OutboundError } from '../../outbound/outbound-error.js';
import { TranscriberError, type TranscribeOptions, type Transcriber, type TranscriberHealth } from '../../ports/transcriber.js';
import { groupIntoSegments } from '../pocketsphinx/parse-output.js';
import { readWavInfo } from '../pocketsphinx/wav-info.js';
import { toLanguageCode } from './languages.js';

export interface OpenAiCompatibleOptions {
  /**
   * Where the service lives, e.g. `https://api.openai.com` or `http://127.0.0.1:8000` (a local faster-whisper or
   * whisper.cpp server). The request goes to `<baseUrl>/v1/audio/transcriptions`; a base URL that already ends
   * in `/v1` (the OpenAI SDKs' habit) is taken as is.
   */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <apiKey>` when set. */
  apiKey?: string;
  /** The service's model name. Default `whisper-1` (OpenAI's; local servers mostly accept any name). */
  model?: string;
  /** An ISO 639-1 code to send with every clip, unless the call fixes one itself. Default: let the service detect it. */
  language?: string;
  /** For the whole exchange (upload, transcription, answer). Default 5 minutes. */
  timeoutMs?: number;
  /**
   * What the request goes through (addresses checked, no redirects, a size cap). By default the shared client that
   * refuses private addresses: a service on this host or network needs REELBACK_OUTBOUND_ALLOW_PRIVATE=1.
   */
  client?: OutboundClient;
}

const DEFAULT_MODEL = 'whisper-1';
const DEFAULT_TIMEOUT_MS = 5 * 60_000;
/** A verbose_json answer with word timings for a long clip is a few MB at most. */
const MAX_ANSWER_BYTES = 32 * 1024 * 1024;

/**
 * `verbose_json` as OpenAI documents it (`text`, `language`, `duration`, `segments[]`, `words[]` with
 * `timestamp_granularities[]=word`), loosely: plain `json` (`{text}`) is accepted too, nulls are tolerated and
 * extra fields ignored, because "compatible" servers differ in what they add or leave out.
 */
const TranscriptionResponse = z.object({
  text: z.string(),
  language: z.string().nullish(),
  duration: z.number().nonnegative().nullish(),
  segments: z.array(z.object({ start: z.number(), end: z.number(), text: z.string() })).nullish(),
  words: z
    .array(z.object({ word: z.string(), start: z.number(), end: z.number(), probability: z.number().nullish() }))
    .nullish(),
});
type TranscriptionResponse = z.infer<typeof TranscriptionResponse>;

/**
 * Any service that speaks OpenAI's `POST /v1/audio/transcriptions`: hosted Whisper APIs, or a local
 * faster-whisper / whisper.cpp server.
 *
 * Why no SDK: the request is one multipart POST and the answer one JSON document, which Node 20's own
 * `fetch`, `FormData` and `Blob` handle. The `openai` package would add megabytes of client for the whole API,
 * its own retries on top of the job queue's, and error types we would translate anyway; and servers that are
 * only "compatible" are easier to tolerate with our own small schema.
 */
export class OpenAiCompatibleTranscriber implements Transcriber {
  readonly engine = 'openai-compatible' as const;
  readonly accuracyNote = null;

  private readonly options: OpenAiCompatibleOptions;
  private readonly model: string;
  private readonly timeoutMs: number;
  private readonly client: OutboundClient;

  constructor(options: OpenAiCompatibleOptions) {
    this.options = { ...options };
    this.model = options.model?.trim() || DEFAULT_MODEL;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.client = options.client ?? sharedOutboundClient(false);
  }

  /** The transcription endpoint, or a plain reason why the configured base URL cannot be one. */
  get endpoint(): { ok: true; url: URL } | { ok: false; reason: string } {
    const raw = this.options.baseUrl?.trim();
    if (!raw) return { ok: false, reason: 'no URL is configured for the transcription service' };
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return { ok: false, reason: `the transcription service URL is not a valid URL: "${raw}"` };
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return { ok: false, reason: `the transcription service URL must start with http:// or https://: "${raw}"` };
    }
    const path = url.pathname.replace(/\/+$/, '');
    url.pathname = `${path.endsWith('/v1') ? path : `${path}/v1`}/audio/transcriptions`;
    url.search = '';
    url.hash = '';
    const refused = this.client.refusedUrlReason(url);
    if (refused) {
      return { ok: false, reason: `the transcription service URL ${refused}: set REELBACK_OUTBOUND_ALLOW_PRIVATE=1 to use a service on a private network` };
    }
    return { ok: true, url };
  }

  /** Configuration only: it never calls the service (that would cost money or time on every /readyz). */
  async check(): Promise<TranscriberHealth> {
    const endpoint = this.endpoint;
    return endpoint.ok ? { ok: true } : { ok: false, reason: endpoint.reason };
  }

  async transcribe(wavPath: string, options: TranscribeOptions = {}): Promise<TranscriptionResult> {
    const endpoint = this.endpoint;
    if (!endpoint.ok) throw new TranscriberError(endpoint.reason, false);
    if (options.signal?.aborted) throw new TranscriberError('transcription was stopped before it started', true, { cause: options.signal.reason });

    let audio: Buffer<ArrayBuffer>;
    try {
      // A 16 kHz mono WAV is ~2 MB a minute, and services cap uploads at about 25 MB: reading it whole is fine.
      audio = (await readFile(wavPath)) as Buffer<ArrayBuffer>; // a fresh, unshared buffer
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new TranscriberError(
        code === 'ENOENT' ? `the audio file does not exist: ${wavPath}` : `the audio file cannot be read (${code ?? 'error'}): ${wavPath}`,
        false,
        { cause: error },
      );
    }
    const language = fixedLanguage(options.language) ?? fixedLanguage(this.options.language);

    const form = new FormData();
    form.append('file', new Blob([audio], { type: 'audio/wav' }), basename(wavPath));
    form.append('model', this.model);
    form.append('response_format', 'verbose_json');
    form.append('timestamp_granularities[]', 'segment');
    form.append('timestamp_granularities[]', 'word');
    if (language) form.append('language', language);

    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;

    let body: unknown;
    try {
      const answer = await this.client.fetch(endpoint.url, {
        method: 'POST',
        body: form,
        headers,
        timeoutMs: this.timeoutMs,
        maxBytes: MAX_ANSWER_BYTES,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      if (!answer.ok) throw this.refusal(answer.status, endpoint.url);
      try {
        body = JSON.parse(answer.text);
      } catch (error) {
        // What it sent is not repeated: messages carry nothing the other side said.
        throw new TranscriberError('the transcription service answered with something other than JSON', false, { cause: error });
      }
    } catch (error) {
      if (error instanceof TranscriberError) throw error;
      if (error instanceof OutboundError) {
        if (error.kind === 'aborted') throw new TranscriberError('transcription was stopped before it finished', true, { cause: error });
        throw new TranscriberError(`the transcription service: ${error.message}`, error.retryable, { cause: error });
      }
      throw new TranscriberError(`the request to the transcription service at ${endpoint.url.origin} failed`, true, { cause: error });
    }

    const parsed = TranscriptionResponse.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new TranscriberError(
        `the transcription service answered in a form Reelback cannot read (${issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'unknown shape'})`,
        false,
        { cause: parsed.error },
      );
    }
    return this.toResult(parsed.data, language, await durationOf(wavPath));
  }

  /** A non-2xx answer, by status alone (the service's own words are not repeated). */
  private refusal(code: number, url: URL): TranscriberError {
    const status = `HTTP ${code}`;
    const response = { status: code };
    switch (true) {
      case response.status === 401 || response.status === 403:
        return new TranscriberError(
          this.options.apiKey
            ? `the transcription service refused the key (${status})`
            : `the transcription service refused the request: it needs a key and none is configured (${status})`,
          false,
        );
      case response.status === 400 || response.status === 413 || response.status === 415 || response.status === 422:
        return new TranscriberError(`the transcription service rejected the clip (${status})`, false);
      case response.status === 404 || response.status === 405:
        return new TranscriberError(`there is no transcription endpoint at ${url.href} (${status})`, false);
      case response.status === 408 || response.status === 429 || response.status >= 500:
        return new TranscriberError(`the transcription service is busy or failing, try again later (${status})`, true);
      default:
        return new TranscriberError(`the transcription service refused the request (${status})`, false);
    }
  }

  private toResult(response: TranscriptionResponse, fixed: string | undefined, wavDuration: number | undefined): TranscriptionResult {
    const words: TranscriptWord[] = (response.words ?? [])
      .map((w) => ({
        text: w.word.trim(),
        ...times(w.start, w.end),
        ...(typeof w.probability === 'number' ? { confidence: Math.min(Math.max(w.probability, 0), 1) } : {}),
      }))
      .filter((w) => w.text);
    const text = response.text.trim();
    const lastEnd = Math.max(0, ...words.map((w) => w.end), ...(response.segments ?? []).map((s) => s.end));
    const durationSeconds = response.duration ?? wavDuration ?? lastEnd;

    let segments: TranscriptSegment[];
    if (response.segments && response.segments.length > 0) {
      segments = response.segments
        .map((s) => ({ text: s.text.trim(), ...times(s.start, s.end) }))
        .filter((s) => s.text)
        .map((s, i, all) => {
          // A word belongs to the segment it starts in (before the next segment starts).
          const next = all[i + 1];
          const own = words.filter((w) => w.start >= (i === 0 ? 0 : s.start) && (!next || w.start < next.start));
          return own.length > 0 ? { ...s, words: own } : s;
        });
    } else if (words.length > 0) {
      segments = groupIntoSegments([{ words }]);
    } else {
      segments = text ? [{ start: 0, end: durationSeconds, text }] : [];
    }

    return {
      engine: this.engine,
      model: this.model,
      language: fixed ?? toLanguageCode(response.language),
      durationSeconds,
      segments,
      text,
    };
  }
}

function fixedLanguage(language: string | undefined): string | undefined {
  const trimmed = language?.trim().toLowerCase();
  return trimmed && trimmed !== 'auto' ? trimmed : undefined;
}

function times(start: number, end: number): { start: number; end: number } {
  const s = Math.max(0, start);
  return { start: s, end: Math.max(s, end) };
}

/** The WAV header's duration, used when the service does not say (plain `json`); undefined if it is no WAV. */
async function durationOf(wavPath: string): Promise<number | undefined> {
  try {
    return (await readWavInfo(wavPath)).durationSeconds;
  } catch {
    return undefined;
  }
}
