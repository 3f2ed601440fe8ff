import type { IncomingMessage } from 'node:http';
import { isIPv4, isIPv6 } from 'node:net';
import type { Context } from 'hono';

/**
 * Who is calling, as the limits count callers: the peer's address under @hono/node-server (`unknown` elsewhere: tests
 * calling `app.request` without an env). No proxy header is trusted: behind a reverse proxy every caller shares the
 * proxy's address and its budgets.
 */
export function clientAddress(c: Context): string {
  const address = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket?.remoteAddress;
  return address === undefined ? 'unknown' : limitKey(address);
}

/**
 * One key per caller: an IPv4 address (also when the socket gives it IPv4-mapped, `::ffff:192.0.2.1`), or an IPv6
 * address's /64 network — a single subscriber usually holds a whole /64, and counting its 2^64 addresses one by one
 * would give an attacker a fresh budget per request.
 */
export function limitKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (isIPv4(address) || !isIPv6(address)) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = address.includes('::') && tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
