import type { Agent } from 'undici';
import { isIpLiteral, isLocalhostName, nonPublicRange, normalizedHost, refusedUrlReason } from './address-policy.js';
import { createGuardedAgent, type Resolver } from './guarded-agent.js';
import { isBlocked, OutboundError } from './outbound-error.js';

/** Longest answer `fetch` reads unless told otherwise: trackers answer a few KB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
/** What `post` reads of an answer before dropping it (a larger one closes the connection instead). */
const POST_DRAIN_BYTES = 64 * 1024;

export interface OutboundClientOptions {
  /** Let requests reach loopback, private, link-local and reserved addresses (REELBACK_OUTBOUND_ALLOW_PRIVATE). */
  allowPrivate: boolean;
  /** How names are resolved (tests); the system's resolver by default. */
  resolve?: Resolver;
  /** Connections kept per origin. */
  connections?: number;
}

export interface OutboundRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers: Record<string, string>;
  body?: string | FormData;
  /** For the whole exchange: connecting, sending, and reading the answer. */
  timeoutMs: number;
  /** Longest answer read; a longer one fails with `too-large`. Default 1 MiB. */
  maxBytes?: number;
  signal?: AbortSignal;
}

export interface OutboundAnswer {
  status: number;
  ok: boolean;
  headers: Headers;
  /** The answer's body as text (for the caller to parse; never to be shown to a user as it is). */
  text: string;
}

export interface OutboundPostResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * The one HTTP client for everything the server calls on a workspace's behalf (webhooks, trackers, the tracker
 * check, the OpenAI-compatible transcriber). Every connection goes through a guarded undici `Agent` that checks the
 * addresses it connects to; redirects are never followed (a 3xx is answered to the caller as it is); every exchange
 * has a time limit and a size cap; failures are `OutboundError`s whose messages carry nothing the other side sent.
 */
export class OutboundClient {
  readonly allowPrivate: boolean;
  private readonly agent: Agent;

  constructor(options: OutboundClientOptions) {
    this.allowPrivate = options.allowPrivate;
    this.agent = createGuardedAgent({
      allowPrivate: options.allowPrivate,
      ...(options.resolve ? { resolve: options.resolve } : {}),
      ...(options.connections ? { connections: options.connections } : {}),
    });
  }

  /** Why a URL must not be saved as a place to call (a literal non-public address or localhost), or null. */
  refusedUrlReason(value: string | URL): string | null {
    return refusedUrlReason(value, this.allowPrivate);
  }

  /** A request through `fetch` (web `Headers`, `FormData` bodies), the answer read whole up to `maxBytes`. */
  async fetch(url: string | URL, request: OutboundRequest): Promise<OutboundAnswer> {
    const target = this.checkedUrl(url);
    if (request.signal?.aborted) throw new OutboundError('aborted', `the request to ${target.origin} was stopped before it started`);
    const timeout = AbortSignal.timeout(request.timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    try {
      const init = {
        method: request.method,
        headers: request.headers,
        body: request.body,
        redirect: 'manual',
        signal,
        // Global fetch takes an undici dispatcher; Node's bundled typings name an older undici's type.
        dispatcher: this.agent,
      } as RequestInit;
      const response = await fetch(target, init);
      const text = await readCapped(response, request.maxBytes ?? DEFAULT_MAX_RESPONSE_BYTES, target.origin);
      return { status: response.status, ok: response.status >= 200 && response.status < 300, headers: response.headers, text };
    } catch (error) {
      throw this.failure(error, target, request.timeoutMs, request.signal);
    }
  }

  /**
   * A lean POST for webhook deliveries (called often, to few hosts): undici's `request` on the same guarded agent,
   * connections reused; the answer's body is drained, not kept.
   */
  async post(url: string | URL, body: string, headers: Record<string, string>, options: { timeoutMs: number; signal?: AbortSignal }): Promise<OutboundPostResult> {
    const target = this.checkedUrl(url);
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    try {
      const answer = await this.agent.request({ origin: target.origin, path: `${target.pathname}${target.search}`, method: 'POST', headers, body, signal });
      await answer.body.dump({ limit: POST_DRAIN_BYTES });
      return { status: answer.statusCode, headers: answer.headers };
    } catch (error) {
      throw this.failure(error, target, options.timeoutMs, options.signal);
    }
  }

  /** Closes the kept connections. */
  close(): Promise<void> {
    return this.agent.close();
  }

  /** An http(s) URL whose host, when it is an IP literal or a localhost name, may be called. */
  private checkedUrl(value: string | URL): URL {
    let url: URL;
    try {
      url = typeof value === 'string' ? new URL(value) : value;
    } catch {
      throw new OutboundError('invalid-url', 'the URL is not valid');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OutboundError('invalid-url', 'the URL must start with http:// or https://');
    if (!this.allowPrivate) {
      // The agent checks these again at connect time; checking here too keeps the refusal independent of the transport.
      const host = normalizedHost(url);
      const range = isIpLiteral(host) ? nonPublicRange(host) : isLocalhostName(host) ? 'localhost' : null;
      if (range !== null) throw blocked(url);
    }
    return url;
  }

  private failure(error: unknown, target: URL, timeoutMs: number, callerSignal: AbortSignal | undefined): OutboundError {
    if (error instanceof OutboundError) return error;
    if (isBlocked(error)) return blocked(target, error);
    if (callerSignal?.aborted) return new OutboundError('aborted', `the request to ${target.origin} was stopped`, { cause: error });
    return new OutboundError(
      'unreachable',
      `no answer from ${target.origin}: it could not be reached, refused or dropped the connection, or did not answer within ${formatSeconds(timeoutMs)}`,
      { cause: error },
    );
  }
}

function blocked(target: URL, cause?: unknown): OutboundError {
  return new OutboundError(
    'blocked',
    `refused: ${target.hostname} is, or resolves to, a loopback, private, link-local or reserved address (REELBACK_OUTBOUND_ALLOW_PRIVATE=1 allows them)`,
    cause === undefined ? undefined : { cause },
  );
}

/** The body as text, failing once it passes `maxBytes` (announced or counted), so a huge answer is never buffered. */
async function readCapped(response: Response, maxBytes: number, origin: string): Promise<string> {
  const tooLarge = () => new OutboundError('too-large', `the answer from ${origin} is larger than ${maxBytes} bytes`);
  const announced = Number(response.headers.get('content-length'));
  if (Number.isFinite(announced) && announced > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total).toString('utf8');
}

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

const shared = new Map<boolean, OutboundClient>();

/** The process's client for a private-address setting: one agent, so connections to a host are reused by all. */
export function sharedOutboundClient(allowPrivate: boolean): OutboundClient {
  let client = shared.get(allowPrivate);
  if (!client) {
    client = new OutboundClient({ allowPrivate });
    shared.set(allowPrivate, client);
  }
  return client;
}
