import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import { Agent, buildConnector } from 'undici';
import { isIpLiteral, isLocalhostName, nonPublicRange } from './address-policy.js';
import { BLOCKED_CODE } from './outbound-error.js';

/** Resolves a name to every address it has (tests pass their own, so no real DNS is needed for names). */
export type Resolver = (hostname: string) => Promise<ReadonlyArray<{ address: string; family: number }>>;

export const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export interface GuardedAgentOptions {
  /** Let connections reach loopback, private, link-local and reserved addresses. */
  allowPrivate: boolean;
  resolve?: Resolver;
  /** Connections kept per origin (webhooks to one receiver reuse them). */
  connections?: number;
  /** The TCP (and TLS) handshake's own limit; the caller's time limit covers the whole exchange. */
  connectTimeoutMs?: number;
}

/** The error a refused address fails the connection with; `OutboundClient` turns it into an `OutboundError`. */
export class BlockedAddressError extends Error {
  readonly code = BLOCKED_CODE;
  constructor(
    readonly host: string,
    readonly range: string,
  ) {
    super(`${host} is, or resolves to, a non-public address (${range})`);
    this.name = 'BlockedAddressError';
  }
}

/**
 * An undici `Agent` that checks every address at connect time, after DNS, so nothing resolved later (DNS rebinding)
 * or written as an IP literal (which skips DNS) reaches a non-public address. The connection is made to the
 * addresses that were checked: the lookup hands them to `net.connect`, which does not resolve again.
 * It is passed to `fetch` as its `dispatcher` (global fetch ignores `http.Agent`s) or used through `request`.
 */
export function createGuardedAgent(options: GuardedAgentOptions): Agent {
  const resolve = options.resolve ?? systemResolver;
  const base = buildConnector({
    lookup: checkedLookup(resolve, options.allowPrivate),
    timeout: options.connectTimeoutMs ?? 10_000,
  });
  const connect: buildConnector.connector = (connectOptions, callback) => {
    const host = connectOptions.hostname;
    if (!options.allowPrivate) {
      // IP literals never reach the lookup: judge them here. Localhost names are refused without asking DNS.
      const range = isIpLiteral(host) ? nonPublicRange(host) : isLocalhostName(host) ? 'localhost' : null;
      if (range !== null) {
        callback(new BlockedAddressError(host, range), null);
        return;
      }
    }
    base(connectOptions, callback);
  };
  return new Agent({ connect, connections: options.connections ?? 32, pipelining: 1 });
}

/** A `net` lookup that resolves through `resolve` and fails when any address is not public (unless allowed). */
function checkedLookup(resolve: Resolver, allowPrivate: boolean): LookupFunction {
  return (hostname, lookupOptions, callback) => {
    const answer = (error: NodeJS.ErrnoException | null, list: ReadonlyArray<{ address: string; family: number }>) =>
      // Called outside the promise chain, so an exception in net's callback is not swallowed as a rejection.
      process.nextTick(() => {
        if (error) return callback(error, '', 0);
        if (lookupOptions.all) return (callback as unknown as (e: null, a: typeof list) => void)(null, list);
        return callback(null, list[0]!.address, list[0]!.family);
      });
    resolve(hostname).then(
      (all) => {
        const family = lookupOptions.family === 4 || lookupOptions.family === 6 ? lookupOptions.family : 0;
        const list = family === 0 ? all : all.filter((a) => a.family === family);
        if (list.length === 0) return answer(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), []);
        if (!allowPrivate) {
          // One bad address refuses the name: a rebinding answer mixing public and private must not get through.
          for (const { address } of list) {
            const range = nonPublicRange(address);
            if (range !== null) return answer(new BlockedAddressError(hostname, range), []);
          }
        }
        return answer(null, list);
      },
      (error: NodeJS.ErrnoException) => answer(error, []),
    );
  };
}
