import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NoticeBody } from '../ports/notices.js';
import type { AnswerFeedMessage } from './answer-feed.js';
import { NoticeAnswerFeed } from './notice-answer-feed.js';
import { PostgresNotices } from './postgres-notices.js';
import { TEST_DATABASE_URL } from '../test-support/storages.js';

/** Two processes' notices on one database (same namespace), and a server of another namespace that must hear nothing. */
describe('notices across processes (PostgreSQL LISTEN/NOTIFY)', () => {
  const namespace = `test-${randomBytes(4).toString('hex')}`;
  const errors: unknown[] = [];
  const notices = (ns = namespace) => new PostgresNotices({ url: TEST_DATABASE_URL, namespace: ns, logError: (_m, e) => errors.push(e), reconnectMs: 50 });
  const a = notices();
  const b = notices();
  const other = notices(`${namespace}-other`);

  beforeAll(async () => {
    await Promise.all([a.start(), b.start(), other.start()]);
  });
  afterAll(async () => {
    await Promise.all([a.stop(), b.stop(), other.stop()]);
  });

  it("tells process B's listeners of a topic what process A published, in order, and A's own too", async () => {
    const heardOnB: NoticeBody[] = [];
    const heardOnA: NoticeBody[] = [];
    const otherTopic: NoticeBody[] = [];
    const otherServer: NoticeBody[] = [];
    const stops = [
      b.subscribe('t1', (body) => heardOnB.push(body)),
      a.subscribe('t1', (body) => heardOnA.push(body)),
      b.subscribe('t2', (body) => otherTopic.push(body)),
      other.subscribe('t1', (body) => otherServer.push(body)),
    ];
    a.publish('t1', { id: '1' });
    a.publish('t1', { id: '2', w: null });
    const expected = [{ id: '1' }, { id: '2', w: null }];
    await expect.poll(() => heardOnB, { timeout: 10_000 }).toEqual(expected);
    await expect.poll(() => heardOnA, { timeout: 10_000 }).toEqual(expected);
    // A last notice on t2 arrives after the others: once it is in, nothing else came where it should not.
    b.publish('t2', { id: '3' });
    await expect.poll(() => otherTopic, { timeout: 10_000 }).toEqual([{ id: '3' }]);
    expect(otherServer).toEqual([]);
    for (const stop of stops) stop();
    expect(errors).toEqual([]);
  });

  it('refuses a notice over the payload limit with a logged error instead of a failed NOTIFY', () => {
    const before = errors.length;
    a.publish('t1', { id: 'x'.repeat(8000) });
    expect(errors.length).toBe(before + 1);
    expect(String(errors.at(-1))).toMatch(/t1: \d+ bytes/);
    errors.length = before;
  });

  it('listens again when its listening connection is killed, and says so (what was sent meanwhile is lost to it)', async () => {
    let relistened = 0;
    const stop = b.onListening(() => relistened++);
    const heard: NoticeBody[] = [];
    const unsubscribe = b.subscribe('t3', (body) => heard.push(body));
    const pid = b.listenerPid;
    expect(pid).toBeTypeOf('number');
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    try {
      expect((await admin.query('select pg_terminate_backend($1) as killed', [pid])).rows[0]).toEqual({ killed: true });
    } finally {
      await admin.end();
    }
    await expect.poll(() => relistened, { timeout: 10_000 }).toBe(1);
    expect(b.listenerPid).not.toBe(pid);
    a.publish('t3', { id: 'after' });
    await expect.poll(() => heard, { timeout: 10_000 }).toEqual([{ id: 'after' }]);
    stop();
    unsubscribe();
    // The broken connection was reported (its error), nothing else.
    expect(errors.every((e) => /terminat/i.test(String(e)))).toBe(true);
    errors.length = 0;
  });

  it('carries the answer feed: what one process publishes reaches the right workspace in every process', async () => {
    const feedA = new NoticeAnswerFeed(a);
    const feedB = new NoticeAnswerFeed(b);
    const onB: AnswerFeedMessage[] = [];
    const elsewhere: AnswerFeedMessage[] = [];
    const stops = [feedB.subscribe('ws_1', (m) => onB.push(m)), feedB.subscribe(null, (m) => elsewhere.push(m))];
    feedA.publish('ws_1', 'ans_1', 'answer-updated');
    feedA.publish(null, 'ans_2', 'answer');
    await expect.poll(() => elsewhere, { timeout: 10_000 }).toEqual([{ answerId: 'ans_2', kind: 'answer' }]);
    expect(onB).toEqual([{ answerId: 'ans_1', kind: 'answer-updated' }]);
    for (const stop of stops) stop();
    expect(errors).toEqual([]);
  });
});
