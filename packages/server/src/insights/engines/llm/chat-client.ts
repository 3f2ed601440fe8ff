import * as z from 'zod';
import type { OutboundClient } from '../../../outbound/outbound-client.js';
import { OutboundError } from '../../../outbound/outbound-error.js';
import type { LlmSettings } from './llm-settings.js';

/**
 * Why a language-model result is missing: the answer keeps its local analysis and this says why.
 * - `unreachable`: no answer (down, refused the connection, or slower than the time limit);
 * - `blocked`: the endpoint is on a private address and REELBACK_OUTBOUND_ALLOW_PRIVATE is off;
 * - `http-error`: it answered with an error status (a wrong key, an unknown model, overloaded);
 * - `refused`: the model declined to answer;
 * - `malformed`: the answer is not the JSON asked for, or does not fit its schema.
 */
export type LlmFailureKind = 'unreachable' | 'blocked' | 'http-error' | 'refused' | 'malformed';

export class LlmError extends Error {
  constructor(
    readonly kind: LlmFailureKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'LlmError';
  }
}

export interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}

/** The parts of an OpenAI chat completion we read; compatible servers add or leave out the rest. */
const Completion = z.object({
  model: z.string().nullish(),
  choices: z
    .array(
      z.object({
        finish_reason: z.string().nullish(),
        message: z.object({ content: z.string().nullish(), refusal: z.string().nullish() }),
      }),
    )
    .min(1),
});

const DEFAULT_TIMEOUT_MS = 30_000;
/** A one-sentence summary or a few theme names: a few KB; anything far larger is not what we asked for. */
const MAX_ANSWER_BYTES = 256 * 1024;

/**
 * One call to `POST <base>/v1/chat/completions` through the guarded outbound client, asking for a JSON object at
 * temperature 0, and the JSON the model answered parsed with `schema`. Throws `LlmError` for every failure, with a
 * message that repeats nothing the endpoint sent (it may echo viewer text).
 */
export class ChatClient {
  readonly model: string;
  private readonly endpoint: URL | null;
  private readonly problem: string | null;

  constructor(
    private readonly settings: LlmSettings,
    private readonly outbound: OutboundClient,
    private readonly timeoutMs: number = DEFAULT_TIMEOUT_MS,
  ) {
    this.model = settings.model;
    const { url, problem } = chatEndpoint(settings.baseUrl, outbound);
    this.endpoint = url;
    this.problem = problem;
  }

  async completeJson<T>(messages: readonly ChatMessage[], schema: z.ZodType<T>, signal?: AbortSignal): Promise<{ value: T; model: string }> {
    if (!this.endpoint) throw new LlmError('blocked', this.problem ?? 'the language model URL cannot be used');
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (this.settings.apiKey) headers.authorization = `Bearer ${this.settings.apiKey}`;
    const body = JSON.stringify({ model: this.model, messages, temperature: 0, response_format: { type: 'json_object' } });

    let text: string;
    try {
      const answer = await this.outbound.fetch(this.endpoint, {
        method: 'POST',
        headers,
        body,
        timeoutMs: this.timeoutMs,
        maxBytes: MAX_ANSWER_BYTES,
        ...(signal ? { signal } : {}),
      });
      if (!answer.ok) throw new LlmError('http-error', statusMessage(answer.status, this.settings.apiKey !== null));
      text = answer.text;
    } catch (error) {
      if (error instanceof LlmError) throw error;
      if (error instanceof OutboundError) {
        throw new LlmError(error.kind === 'blocked' || error.kind === 'invalid-url' ? 'blocked' : error.kind === 'too-large' ? 'malformed' : 'unreachable', `the language model: ${error.message}`, { cause: error });
      }
      throw new LlmError('unreachable', 'the request to the language model failed', { cause: error });
    }

    const completion = Completion.safeParse(parseJson(text));
    if (!completion.success) throw new LlmError('malformed', 'the language model answered in a form that is not an OpenAI chat completion', { cause: completion.error });
    const choice = completion.data.choices[0] as z.infer<typeof Completion>['choices'][number];
    if (choice.message.refusal || choice.finish_reason === 'content_filter') throw new LlmError('refused', 'the language model declined to answer');
    if (choice.finish_reason === 'length') throw new LlmError('malformed', 'the language model\'s answer was cut off at its length limit');
    const content = choice.message.content;
    if (!content) throw new LlmError('malformed', 'the language model answered with no content');
    const value = schema.safeParse(parseJson(stripFence(content)));
    if (!value.success) {
      const issue = value.error.issues[0];
      throw new LlmError('malformed', `the language model's answer does not fit what was asked (${issue ? `${issue.path.join('.') || 'answer'}: ${issue.message}` : 'wrong shape'})`, { cause: value.error });
    }
    return { value: value.data, model: completion.data.model || this.model };
  }
}

function chatEndpoint(baseUrl: string, outbound: OutboundClient): { url: URL | null; problem: string | null } {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return { url: null, problem: 'REELBACK_LLM_URL is not a valid URL' };
  }
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = `${path.endsWith('/v1') ? path : `${path}/v1`}/chat/completions`;
  url.search = '';
  url.hash = '';
  const refused = outbound.refusedUrlReason(url);
  if (refused) return { url: null, problem: `the language model URL ${refused}: set REELBACK_OUTBOUND_ALLOW_PRIVATE=1 to use a model on this machine or a private network` };
  return { url, problem: null };
}

function statusMessage(status: number, hasKey: boolean): string {
  if (status === 401 || status === 403) return hasKey ? `the language model refused the key (HTTP ${status})` : `the language model needs a key (REELBACK_LLM_KEY) (HTTP ${status})`;
  if (status === 404) return `there is no chat endpoint or no such model there (HTTP ${status})`;
  if (status === 408 || status === 429 || status >= 500) return `the language model is busy or failing, try again later (HTTP ${status})`;
  return `the language model refused the request (HTTP ${status})`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Some local models wrap JSON in a Markdown fence even when asked not to. */
function stripFence(content: string): string {
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n```\s*$/.exec(content);
  return fenced ? (fenced[1] as string) : content;
}
