import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Which addresses the server may call on a workspace's behalf: public unicast only. ipaddr.js knows the special
 * ranges (loopback, private, link-local, CGNAT, unique-local, multicast, reserved, documentation, …); this file
 * only decides what to do with IPv6 forms that carry an IPv4 address inside them, because connecting to
 * `::ffff:127.0.0.1`, `::127.0.0.1`, `64:ff9b::7f00:1` or `2002:7f00:1::` can end at 127.0.0.1.
 */

/** The reason an address is not public ("loopback", "private", …), or null for a public unicast address. */
export function nonPublicRange(address: string): string | null {
  const literal = stripBrackets(address);
  if (!ipaddr.isValid(literal) || isIP(literal) === 0) return 'not an IP address';
  const parsed = ipaddr.parse(literal);
  if (parsed.kind() === 'ipv4') return ipv4Range(parsed as ipaddr.IPv4);
  return ipv6Range(parsed as ipaddr.IPv6);
}

function ipv4Range(address: ipaddr.IPv4): string | null {
  const range = address.range();
  return range === 'unicast' ? null : range;
}

/** 64:ff9b::/96: the well-known NAT64 prefix (RFC 6052); the IPv4 address is the last 32 bits. */
const NAT64 = ipaddr.parseCIDR('64:ff9b::/96');
/** ::/96: IPv4-compatible addresses (deprecated, RFC 4291), which some stacks still route to the IPv4 inside. */
const IPV4_COMPATIBLE = ipaddr.parseCIDR('::/96');
/** ::/8 is reserved by the IETF; nothing public lives there (beyond the forms above, judged by their IPv4). */
const RESERVED_V6 = ipaddr.parseCIDR('::/8');

function ipv6Range(address: ipaddr.IPv6): string | null {
  const range = address.range();
  if (range === 'loopback' || range === 'unspecified') return range;
  const embedded = embeddedIpv4(address);
  if (embedded) {
    const inner = ipv4Range(embedded.ipv4);
    return inner === null ? null : `${embedded.form} of ${embedded.ipv4.toString()}, ${inner}`;
  }
  if (address.match(RESERVED_V6)) return 'reserved';
  return range === 'unicast' ? null : range;
}

/** The IPv4 address inside an IPv4-mapped, SIIT-translated, IPv4-compatible, NAT64 or 6to4 address. */
function embeddedIpv4(address: ipaddr.IPv6): { form: string; ipv4: ipaddr.IPv4 } | null {
  const parts = address.parts;
  const last32 = () => ipaddr.IPv4.parse(`${parts[6]! >> 8}.${parts[6]! & 0xff}.${parts[7]! >> 8}.${parts[7]! & 0xff}`);
  const range = address.range();
  if (range === 'ipv4Mapped') return { form: 'IPv4-mapped form', ipv4: address.toIPv4Address() };
  if (range === 'rfc6145') return { form: 'IPv4-translated form', ipv4: last32() };
  if (address.match(NAT64)) return { form: 'NAT64 form', ipv4: last32() };
  if (address.match(IPV4_COMPATIBLE)) return { form: 'IPv4-compatible form', ipv4: last32() };
  if (range === '6to4') {
    return { form: '6to4 form', ipv4: ipaddr.IPv4.parse(`${parts[1]! >> 8}.${parts[1]! & 0xff}.${parts[2]! >> 8}.${parts[2]! & 0xff}`) };
  }
  return null;
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** A URL's host as the resolver sees it: no brackets, lower case, no trailing dots (`localhost.` is `localhost`). */
export function normalizedHost(url: URL): string {
  return stripBrackets(url.hostname).toLowerCase().replace(/\.+$/, '');
}

/** True when the host is an IP literal (so no DNS lookup will happen, and it must be judged as it is). */
export function isIpLiteral(host: string): boolean {
  return isIP(stripBrackets(host)) !== 0;
}

/** `localhost` and its subdomains (RFC 6761: always loopback), with or without a trailing dot. */
export function isLocalhostName(host: string): boolean {
  const name = stripBrackets(host).toLowerCase().replace(/\.+$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}

/**
 * Why a URL must not be stored as somewhere the server will call, or null. Checked when settings are saved:
 * an IP literal that is not public, or a localhost name. Other names are checked at connect time, after DNS,
 * by the outbound client (a name may point anywhere later). `allowPrivate` turns the check off.
 */
export function refusedUrlReason(value: string | URL, allowPrivate: boolean): string | null {
  if (allowPrivate) return null;
  let url: URL;
  try {
    url = typeof value === 'string' ? new URL(value) : value;
  } catch {
    return 'is not a valid URL';
  }
  const host = normalizedHost(url);
  if (isIpLiteral(host)) {
    const range = nonPublicRange(host);
    return range === null ? null : `points at a non-public address (${host}: ${range})`;
  }
  if (isLocalhostName(host)) return `points at localhost (${url.hostname})`;
  return null;
}
