import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, isIP, type AddressInfo, type Server as TcpServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { nonPublicRange, refusedUrlReason } from './address-policy.js';
import { BlockedAddressError, createGuardedAgent, type Resolver } from './guarded-agent.js';
import { OutboundClient } from './outbound-client.js';
import { OutboundError, type OutboundErrorKind } from './outbound-error.js';
import { LOCALHOST_NAMES, NON_PUBLIC_FORMS, PUBLIC_FORMS } from '../test-support/address-forms.js';

const SECRET = 'TOP-SECRET-internal-body-5f1c';
let server: Server;
let port: number;
const hits: string[] = [];

/** A resolver that knows only the names a test gives it (no real DNS). */
function resolverOf(table: Record<string, string | string[]>): Resolver {
  return async (hostname) => {
    const found = table[hostname.toLowerCase()];
    if (found === undefined) throw Object.assign(new Error(`test resolver: unknown name ${hostname}`), { code: 'ENOTFOUND' });
    return (Array.isArray(found) ? found : [found]).map((address) => ({ address, family: isIP(address) }));
  };
}

async function failure(promise: Promise<unknown>): Promise<OutboundError> {
  const error = await promise.then(
    (value) => expect.fail(`expected an OutboundError, got ${JSON.stringify(value)}`),
    (e: unknown) => e,
  );
  expect(error, String(error)).toBeInstanceOf(OutboundError);
  return error as OutboundError;
}

async function expectKind(promise: Promise<unknown>, kind: OutboundErrorKind): Promise<OutboundError> {
  const error = await failure(promise);
  expect(error.kind, error.message).toBe(kind);
  return error;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    req.resume();
    if (req.url === '/redirect') res.writeHead(307, { location: `/secret` }).end();
    else if (req.url === '/big') res.writeHead(200, { 'content-length': String(2_000_000) }).end(Buffer.alloc(2_000_000, 'a'));
    else if (req.url === '/big-chunked') {
      res.writeHead(200);
      for (let i = 0; i < 200; i++) res.write(Buffer.alloc(10_000, 'b'));
      res.end();
    } else if (req.url === '/slow') {
      // Never answers: the caller's time limit must end it.
    } else res.writeHead(200, { 'content-type': 'text/plain' }).end(SECRET);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  hits.length = 0;
});

describe('address policy', () => {
  it.each(NON_PUBLIC_FORMS)('$label ($address) is not public, and a URL with $host is refused when saved', ({ host, address }) => {
    expect(nonPublicRange(address)).not.toBeNull();
    expect(refusedUrlReason(`https://${host}:8443/hook`, false)).toMatch(/non-public address/);
    expect(refusedUrlReason(`https://${host}:8443/hook`, true)).toBeNull();
  });

  it.each(LOCALHOST_NAMES)('%s is refused when saved', (name) => {
    expect(refusedUrlReason(`http://${name}:8080/x`, false)).toMatch(/localhost/);
  });

  it.each(PUBLIC_FORMS)('$label ($address) is public', ({ host, address }) => {
    expect(nonPublicRange(address)).toBeNull();
    expect(refusedUrlReason(`https://${host}/hook`, false)).toBeNull();
  });

  it('leaves other names to the connect-time check (they may point anywhere later)', () => {
    expect(refusedUrlReason('https://hooks.example.org./in', false)).toBeNull();
    expect(refusedUrlReason('https://127.0.0.1.nip.io/in', false)).toBeNull();
  });
});

describe('the guarded agent, at connect time', () => {
  // The agent alone, without the client's early check: what finding 9 was about (IP literals skip DNS).
  const agent = createGuardedAgent({ allowPrivate: false, resolve: resolverOf({}) });
  afterAll(() => agent.close());

  it.each(NON_PUBLIC_FORMS)('refuses a connection to the literal $host ($label)', async ({ host }) => {
    const error = await agent.request({ origin: `http://${host}:${port}`, path: '/secret', method: 'GET' }).then(
      () => expect.fail('connected'),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BlockedAddressError);
    expect(hits).toEqual([]);
  });

  it.each(NON_PUBLIC_FORMS)('refuses a name resolving to $address ($label)', async ({ address }) => {
    const named = createGuardedAgent({ allowPrivate: false, resolve: resolverOf({ 'target.test': address }) });
    try {
      const error = await named.request({ origin: `http://target.test:${port}`, path: '/secret', method: 'GET' }).then(
        () => expect.fail('connected'),
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(BlockedAddressError);
      expect(hits).toEqual([]);
    } finally {
      await named.close();
    }
  });

  it.each(LOCALHOST_NAMES)('refuses the name %s without asking DNS', async (name) => {
    const error = await agent.request({ origin: `http://${name}:${port}`, path: '/secret', method: 'GET' }).then(
      () => expect.fail('connected'),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BlockedAddressError);
  });
});

describe('OutboundClient', () => {
  it.each(NON_PUBLIC_FORMS)('refuses $host literally and through a name ($label), and never connects', async ({ host, address }) => {
    const client = new OutboundClient({ allowPrivate: false, resolve: resolverOf({ 'hooks.example.test': address }) });
    try {
      const literal = await expectKind(client.fetch(`http://${host}:${port}/secret`, { method: 'GET', headers: {}, timeoutMs: 2000 }), 'blocked');
      expect(literal.message).toContain('REELBACK_OUTBOUND_ALLOW_PRIVATE');
      await expectKind(client.fetch(`http://hooks.example.test:${port}/secret`, { method: 'GET', headers: {}, timeoutMs: 2000 }), 'blocked');
      await expectKind(client.post(`http://hooks.example.test:${port}/secret`, '{}', {}, { timeoutMs: 2000 }), 'blocked');
      expect(hits).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it.each(LOCALHOST_NAMES)('refuses %s (trailing dot and subdomains too)', async (name) => {
    const client = new OutboundClient({ allowPrivate: false });
    await expectKind(client.fetch(`http://${name}:${port}/secret`, { method: 'GET', headers: {}, timeoutMs: 2000 }), 'blocked');
    await client.close();
    expect(hits).toEqual([]);
  });

  it('refuses a name when any of its addresses is not public (a rebinding answer)', async () => {
    const client = new OutboundClient({ allowPrivate: false, resolve: resolverOf({ 'mixed.test': ['93.184.216.34', '127.0.0.1'] }) });
    await expectKind(client.fetch(`http://mixed.test:${port}/secret`, { method: 'GET', headers: {}, timeoutMs: 2000 }), 'blocked');
    await client.close();
    expect(hits).toEqual([]);
  });

  it.each(PUBLIC_FORMS)('lets $label through the guard (literal and named)', async ({ host, address }) => {
    const client = new OutboundClient({ allowPrivate: false, resolve: resolverOf({ 'public.test': address }) });
    try {
      for (const url of [`http://${host}:9/`, 'http://public.test:9/']) {
        // No network here: it fails as unreachable (or, with a network, answers) — but it is never refused.
        const outcome = await client.fetch(url, { method: 'GET', headers: {}, timeoutMs: 300 }).then(
          () => 'answered',
          (e: unknown) => (e instanceof OutboundError ? e.kind : String(e)),
        );
        expect(['answered', 'unreachable'], url).toContain(outcome);
      }
    } finally {
      await client.close();
    }
  });

  it('with private addresses allowed, connects to the address the resolver gave', async () => {
    const client = new OutboundClient({ allowPrivate: true, resolve: resolverOf({ 'internal.test': '127.0.0.1' }) });
    const answer = await client.fetch(`http://internal.test:${port}/secret`, { method: 'GET', headers: {}, timeoutMs: 2000 });
    expect(answer).toMatchObject({ status: 200, ok: true, text: SECRET });
    expect(await client.post(`http://internal.test:${port}/ok`, '{}', { 'content-type': 'application/json' }, { timeoutMs: 2000 })).toMatchObject({ status: 200 });
    await client.close();
  });

  it('does not follow a redirect: the 3xx is the answer', async () => {
    const client = new OutboundClient({ allowPrivate: true });
    const answer = await client.fetch(`http://127.0.0.1:${port}/redirect`, { method: 'GET', headers: {}, timeoutMs: 2000 });
    expect(answer.status).toBe(307);
    expect(answer.ok).toBe(false);
    expect((await client.post(`http://127.0.0.1:${port}/redirect`, '{}', {}, { timeoutMs: 2000 })).status).toBe(307);
    expect(hits).toEqual(['/redirect', '/redirect']);
    await client.close();
  });

  it('caps the answer: announced or counted, a longer body fails as too-large', async () => {
    const client = new OutboundClient({ allowPrivate: true });
    const request = { method: 'GET' as const, headers: {}, timeoutMs: 5000, maxBytes: 100_000 };
    const announced = await expectKind(client.fetch(`http://127.0.0.1:${port}/big`, request), 'too-large');
    expect(announced.message).toContain('100000 bytes');
    await expectKind(client.fetch(`http://127.0.0.1:${port}/big-chunked`, request), 'too-large');
    expect((await client.fetch(`http://127.0.0.1:${port}/big-chunked`, { ...request, maxBytes: 2_000_000 })).text).toHaveLength(2_000_000);
    await client.close();
  });

  it('says the same thing for a time-out, a closed port and a service that does not speak HTTP', async () => {
    const client = new OutboundClient({ allowPrivate: true });
    const closedPort = await freePort();
    const banner = await bannerServer(`SSH-2.0-OpenSSH_9.2 ${SECRET}\r\n`);
    try {
      const slow = await expectKind(client.fetch(`http://127.0.0.1:${port}/slow`, { method: 'GET', headers: {}, timeoutMs: 300 }), 'unreachable');
      const closed = await expectKind(client.fetch(`http://127.0.0.1:${closedPort}/`, { method: 'GET', headers: {}, timeoutMs: 300 }), 'unreachable');
      const notHttp = await expectKind(client.fetch(`http://127.0.0.1:${banner.port}/`, { method: 'GET', headers: {}, timeoutMs: 300 }), 'unreachable');
      const slowPost = await expectKind(client.post(`http://127.0.0.1:${port}/slow`, '{}', {}, { timeoutMs: 300 }), 'unreachable');
      const closedPost = await expectKind(client.post(`http://127.0.0.1:${closedPort}/`, '{}', {}, { timeoutMs: 300 }), 'unreachable');
      const generic = (e: OutboundError) => e.message.replace(/127\.0\.0\.1:\d+/, 'HOST');
      expect(new Set([slow, closed, notHttp, slowPost, closedPost].map(generic)).size).toBe(1);
      expect(generic(slow)).toBe('no answer from http://HOST: it could not be reached, refused or dropped the connection, or did not answer within 300 ms');
      expect(notHttp.message).not.toContain(SECRET);
    } finally {
      await new Promise<void>((resolve) => banner.server.close(() => resolve()));
      await client.close();
    }
  });

  it('stops when the caller aborts, and refuses URLs that are not http(s)', async () => {
    const client = new OutboundClient({ allowPrivate: true });
    const controller = new AbortController();
    const pending = client.fetch(`http://127.0.0.1:${port}/slow`, { method: 'GET', headers: {}, timeoutMs: 5000, signal: controller.signal });
    await waitFor(() => hits.includes('/slow'));
    controller.abort();
    await expectKind(pending, 'aborted');
    await expectKind(client.fetch('ftp://127.0.0.1/', { method: 'GET', headers: {}, timeoutMs: 100 }), 'invalid-url');
    await expectKind(client.fetch('not a url', { method: 'GET', headers: {}, timeoutMs: 100 }), 'invalid-url');
    await client.close();
  });
});

async function freePort(): Promise<number> {
  const probe = createTcpServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const free = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return free;
}

async function bannerServer(banner: string): Promise<{ server: TcpServer; port: number }> {
  const tcp = createTcpServer((socket) => socket.resume().end(banner)); // resume: read the request, or the socket never sees the close
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  return { server: tcp, port: (tcp.address() as AddressInfo).port };
}

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the condition');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
