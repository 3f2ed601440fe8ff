import { lookup as dnsLookup } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/** What one POST to a receiver came to. */
export interface SendResult {
  /** The receiver's status, or null when none came. */
  statusCode: number | null;
  /** Why it is not a success (status, timeout, network, refused address); null on 2xx. */
  error: string | null;
  /** Seconds the receiver asked to wait (`Retry-After`), when it did. */
  retryAfterSeconds: number | null;
  durationMs: number;
}

export interface SenderOptions {
  timeoutMs: number;
  /** Let receivers on loopback, private and link-local addresses be called (tests, a receiver on the same host). */
  allowPrivate: boolean;
}

/** Addresses a webhook must not reach unless allowed: the server's own host and networks, cloud metadata. */
const PRIVATE = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  PRIVATE.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  PRIVATE.addSubnet(net, bits, 'ipv6');
}

/** True for loopback, private, link-local, multicast and unspecified addresses (IPv4-mapped IPv6 included). */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return PRIVATE.check(mapped[1]!, 'ipv4');
  const family = isIP(address);
  if (family === 0) return false;
  return PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** The host of a URL as an IP literal, or null when it is a name. */
function literalAddress(url: URL): string | null {
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return isIP(host) === 0 ? null : host;
}

/**
 * Checks a receiver URL before it is stored: a literal private address or `localhost` is refused unless allowed.
 * Names are checked again at every delivery, after DNS (a name may point anywhere later).
 */
export function refusedUrlReason(value: string, allowPrivate: boolean): string | null {
  if (allowPrivate) return null;
  const url = new URL(value);
  const literal = literalAddress(url);
  if (literal !== null && isPrivateAddress(literal)) return `the url points at a private or loopback address (${literal})`;
  const host = url.hostname.toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return 'the url points at localhost';
  return null;
}

/** A DNS lookup that fails for private addresses, so the connection itself never reaches one (no re-resolving). */
const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    const list = addresses as unknown as { address: string; family: number }[];
    const bad = list.find((a) => isPrivateAddress(a.address));
    if (bad) {
      return callback(Object.assign(new Error(`${hostname} resolves to a private or loopback address (${bad.address})`), { code: 'EPRIVATE' }), '', 0);
    }
    if (options.all) return (callback as unknown as (e: null, a: typeof list) => void)(null, list);
    const first = list[0]!;
    return callback(null, first.address, first.family);
  });
};

/** `Retry-After` as seconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now: Date): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

/**
 * POSTs one signed body. Redirects are never followed (a 3xx is a failure naming where it pointed); the whole
 * exchange has `timeoutMs`; the response body is read and dropped (at most 64 KiB kept from being buffered).
 */
export function sendWebhook(url: string, body: string, headers: Record<string, string>, options: SenderOptions): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const target = new URL(url);
  const literal = literalAddress(target);
  if (!options.allowPrivate && literal !== null && isPrivateAddress(literal)) {
    return Promise.resolve({ statusCode: null, error: `refused: ${literal} is a private or loopback address`, retryAfterSeconds: null, durationMs: 0 });
  }
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const done = (result: Omit<SendResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, durationMs: elapsed() });
    };
    const request = (target.protocol === 'https:' ? httpsRequest : httpRequest)(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'Reelback-Webhooks/1' },
        ...(options.allowPrivate ? {} : { lookup: guardedLookup }),
      },
      (response) => {
        const status = response.statusCode ?? 0;
        // Drain: the connection is freed, nothing is kept.
        response.on('data', () => {});
        response.on('error', () => {});
        response.on('end', () => {
          if (status >= 200 && status < 300) return done({ statusCode: status, error: null, retryAfterSeconds: null });
          const retryAfter = parseRetryAfter(response.headers['retry-after'], new Date());
          const error =
            status >= 300 && status < 400
              ? `the receiver redirected (HTTP ${status}${response.headers.location ? ` to ${response.headers.location}` : ''}); redirects are not followed`
              : `HTTP ${status}`;
          done({ statusCode: status, error, retryAfterSeconds: retryAfter });
        });
      },
    );
    const timer = setTimeout(() => {
      done({ statusCode: null, error: `timed out after ${Math.round(options.timeoutMs / 1000)} s`, retryAfterSeconds: null });
      request.destroy();
    }, options.timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) => {
      done({ statusCode: null, error: error.code === 'EPRIVATE' ? `refused: ${error.message}` : `${error.code ?? 'error'}: ${error.message}`, retryAfterSeconds: null });
    });
    request.end(body);
  });
}
