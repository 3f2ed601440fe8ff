import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { AnswerItem } from '@reelback/shared';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { notFound } from '../errors/service-error.js';
import type { Caller } from '../ports/caller.js';
import type { Scope } from '../ports/store-types.js';
import { InMemoryAnswerFeed } from './answer-feed.js';
import { liveRoutes } from './live.routes.js';
import { SseReader } from '../test-support/sse-reader.js';

const item = (id: string, status: AnswerItem['status'] = 'new'): AnswerItem => ({
  id,
  sessionId: '01900000-0000-7000-8000-000000000001',
  flowId: 'flow',
  flowVersion: 1,
  stepId: 'say',
  kind: 'text',
  value: { kind: 'text', text: 'line one\nline two' },
  text: 'line one\nline two',
  clip: null,
  transcriptSnippet: null,
  status,
  starred: false,
  tags: [],
  note: null,
  submittedAt: '2026-01-01T00:00:00.000Z',
  backlogItem: null,
  analysis: null,
});

/** The route on a bare Hono app, with the caller set as owner-auth would; the answers "service" is a map. */
function setup(pingIntervalMs = 60_000) {
  const feed = new InMemoryAnswerFeed();
  const known = new Map<string, AnswerItem>();
  const asked: Scope[] = [];
  const answers = {
    get: async (scope: Scope, id: string) => {
      asked.push(scope);
      const found = known.get(id);
      if (!found) throw notFound('unknown-answer', `there is no answer "${id}"`);
      return found;
    },
  };
  const [route] = liveRoutes(answers, feed, { pingIntervalMs });
  const app = new Hono();
  const caller: Caller = { userId: 'u1', workspaceId: 'ws_a', role: 'manager', via: 'session' };
  app.get(route!.path, async (c) => {
    c.set('caller', caller);
    return route!.handle(c, { maxJsonBytes: 1024 });
  });
  return { feed, known, asked, app };
}

const servers: { close(): void }[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

describe('GET /api/v1/answers/stream', () => {
  it('writes messages in the order published, skips answers the caller cannot read, and pings', async () => {
    const { feed, known, asked, app } = setup(50);
    known.set('a1', item('a1'));
    known.set('a2', item('a2', 'reviewed'));
    const res = await app.request('/api/v1/answers/stream');
    const reader = new SseReader(res.body!);
    expect((await reader.next()).comments).toEqual(['connected']);

    feed.publish('ws_a', 'a1', 'answer');
    feed.publish('ws_a', 'gone', 'answer-updated');
    feed.publish('ws_b', 'a2', 'answer');
    feed.publish('ws_a', 'a2', 'answer-updated');
    const first = await reader.nextMessage();
    expect(first).toMatchObject({ event: 'answer', id: 'a1' });
    // One data line: the JSON's newlines are escaped.
    expect(JSON.parse(first.data)).toEqual(item('a1'));
    const second = await reader.nextMessage();
    expect(second).toMatchObject({ event: 'answer-updated', id: null });
    expect(JSON.parse(second.data)).toEqual(item('a2', 'reviewed'));
    expect(asked.every((scope) => scope.workspaceId === 'ws_a')).toBe(true);

    expect((await reader.next(1000)).comments).toEqual(['ping']);
    await reader.close();
  });

  it('over a real connection: messages arrive unbuffered, and the listener goes when the client does', async () => {
    const { feed, known, app } = setup();
    known.set('a1', item('a1'));
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    servers.push(server);
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const { port } = server.address() as AddressInfo;
    const abort = new AbortController();
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/answers/stream`, { signal: abort.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = new SseReader(res.body!);
    expect((await reader.next()).comments).toEqual(['connected']);
    expect(feed.size).toBe(1);

    feed.publish('ws_a', 'a1', 'answer');
    expect(await reader.nextMessage(2000)).toMatchObject({ event: 'answer', id: 'a1' });

    abort.abort();
    await reader.close().catch(() => {});
    await expect.poll(() => feed.size, { timeout: 3000 }).toBe(0);
  });
});
