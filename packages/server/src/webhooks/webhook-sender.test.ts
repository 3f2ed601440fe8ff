import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config.js';
import { isPrivateAddress, parseRetryAfter, refusedUrlReason, sendWebhook } from './webhook-sender.js';
import { webhookSettingsFromEnv } from './webhook-settings.js';

describe('webhook receiver addresses', () => {
  it('knows loopback, private, link-local and mapped addresses', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '0.0.0.0', '::1', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '100.64.0.1', '::127.0.0.1', '::ffff:0:7f00:1', '64:ff9b::7f00:1', '2002:7f00:1::']) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ['93.184.216.34', '8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8']) expect(isPrivateAddress(a), a).toBe(false);
  });

  it('refuses literal private hosts and localhost unless allowed; names pass until delivery', () => {
    expect(refusedUrlReason('http://127.0.0.1:8080/hook', false)).toContain('127.0.0.1');
    expect(refusedUrlReason('http://[::1]/hook', false)).toContain('::1');
    expect(refusedUrlReason('http://localhost/hook', false)).toContain('localhost');
    // Finding 9 of #11: forms the old check let through.
    for (const url of ['http://localhost.:8080/', 'http://[::127.0.0.1]/', 'http://[::ffff:0:7f00:1]/', 'http://[64:ff9b::7f00:1]/', 'http://[2002:7f00:1::]/']) {
      expect(refusedUrlReason(url, false), url).toMatch(/^the url points at/);
    }
    expect(refusedUrlReason('https://hooks.example.org/x', false)).toBeNull();
    expect(refusedUrlReason('http://127.0.0.1:8080/hook', true)).toBeNull();
  });

  it('reads Retry-After as seconds or a date', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:01:00 GMT', now)).toBe(60);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });

  it('reads the settings from the environment, and says what is wrong', () => {
    expect(webhookSettingsFromEnv({ REELBACK_WEBHOOKS_ALLOW_PRIVATE: '1', REELBACK_WEBHOOK_RETRY_SCHEDULE: '1, 2,3.5' })).toEqual({ allowPrivate: true, retryScheduleSeconds: [1, 2, 3.5] });
    expect(webhookSettingsFromEnv({})).toEqual({});
    expect(() => webhookSettingsFromEnv({ REELBACK_WEBHOOKS_ALLOW_PRIVATE: 'maybe' })).toThrow(ConfigError);
    expect(() => webhookSettingsFromEnv({ REELBACK_WEBHOOK_RETRY_SCHEDULE: '5,x' })).toThrow(/REELBACK_WEBHOOK_RETRY_SCHEDULE/);
    expect(() => webhookSettingsFromEnv({ REELBACK_WEBHOOK_RETRY_SCHEDULE: '86400,1' })).toThrow(/24 h/);
  });
});

describe('sendWebhook', () => {
  let server: Server;
  let base: string;
  const hits: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      if (req.url === '/redirect') res.writeHead(307, { location: 'http://elsewhere.example/' }).end();
      else if (req.url === '/slow') setTimeout(() => res.writeHead(200).end(), 1500);
      else if (req.url === '/busy') res.writeHead(503, { 'retry-after': '7' }).end();
      else res.writeHead(200).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const allowed = { timeoutMs: 500, allowPrivate: true };

  it('succeeds on 2xx; a redirect is a failure and is not followed; Retry-After is read', async () => {
    expect(await sendWebhook(`${base}/ok`, '{}', {}, allowed)).toMatchObject({ statusCode: 200, error: null });
    const redirected = await sendWebhook(`${base}/redirect`, '{}', {}, allowed);
    expect(redirected).toMatchObject({ statusCode: 307 });
    expect(redirected.error).toContain('not followed');
    expect(hits).not.toContain('/'); // nothing went to where it pointed (the same server would have seen it)
    expect(await sendWebhook(`${base}/busy`, '{}', {}, allowed)).toMatchObject({ statusCode: 503, error: 'HTTP 503', retryAfterSeconds: 7 });
  });

  it('counts a receiver slower than the timeout as failed', async () => {
    const slow = await sendWebhook(`${base}/slow`, '{}', {}, allowed);
    expect(slow).toMatchObject({ statusCode: null });
    expect(slow.error).toBe(`no answer from ${base}: it could not be reached, refused or dropped the connection, or did not answer within 500 ms`);
  });

  it('refuses a private receiver when not allowed, by literal address and after DNS', async () => {
    const literal = await sendWebhook(`${base}/ok`, '{}', {}, { timeoutMs: 500, allowPrivate: false });
    expect(literal.error).toContain('refused');
    const port = new URL(base).port;
    const named = await sendWebhook(`http://localhost:${port}/ok`, '{}', {}, { timeoutMs: 500, allowPrivate: false });
    expect(named.error).toContain('refused');
    expect(named.statusCode).toBeNull();
  });
});
