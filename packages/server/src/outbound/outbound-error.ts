/** The `code` of the error a refused address fails a connection with (see `BlockedAddressError`). */
export const BLOCKED_CODE = 'EREELBACK_BLOCKED';

/**
 * - `blocked`: the host is, or resolves to, a non-public address and private addresses are not allowed;
 * - `unreachable`: no HTTP answer came: DNS failed, the connection was refused, reset or timed out, the peer spoke
 *   something other than HTTP, or the whole exchange took longer than its limit. One kind and one message on
 *   purpose: telling these apart would let a caller map which ports are open on a network;
 * - `too-large`: the answer was longer than the caller's cap;
 * - `aborted`: the caller stopped the request;
 * - `invalid-url`: not an http(s) URL.
 */
export type OutboundErrorKind = 'blocked' | 'unreachable' | 'too-large' | 'aborted' | 'invalid-url';

/**
 * A failed outbound request, said without anything the other side sent (no body, no low-level error text), so it
 * can be shown to the workspace member who configured the URL. The underlying error is kept as `cause` for logs.
 */
export class OutboundError extends Error {
  constructor(
    readonly kind: OutboundErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OutboundError';
  }

  /** Trying again later may help (a network failure or time limit), not for a refused address, URL or size. */
  get retryable(): boolean {
    return this.kind === 'unreachable' || this.kind === 'aborted';
  }
}

/** True when `error` or one of its causes is a refused address. */
export function isBlocked(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === BLOCKED_CODE) return true;
  }
  return false;
}
