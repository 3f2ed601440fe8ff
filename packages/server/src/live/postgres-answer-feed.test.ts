import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerFeedMessage } from './answer-feed.js';
import { PostgresAnswerFeed } from './postgres-answer-feed.js';
import { TEST_DATABASE_URL } from '../test-support/storages.js';

/** Two processes' feeds on one database (same namespace), and a server of another namespace that must hear nothing. */
describe('the answer feed across processes (PostgreSQL LISTEN/NOTIFY)', () => {
  const namespace = `test-${randomBytes(4).toString('hex')}`;
  const errors: unknown[] = [];
  const feed = (ns = namespace) => new PostgresAnswerFeed({ url: TEST_DATABASE_URL, namespace: ns, logError: (_m, e) => errors.push(e) });
  const a = feed();
  const b = feed();
  const other = feed(`${namespace}-other`);

  beforeAll(async () => {
    await Promise.all([a.start(), b.start(), other.start()]);
  });
  afterAll(async () => {
    await Promise.all([a.stop(), b.stop(), other.stop()]);
  });

  it("tells process B's listeners what process A published, in the workspace it was published for, and A's own too", async () => {
    const heardOnB: AnswerFeedMessage[] = [];
    const heardOnA: AnswerFeedMessage[] = [];
    const otherWorkspace: AnswerFeedMessage[] = [];
    const otherServer: AnswerFeedMessage[] = [];
    const stops = [
      b.subscribe('ws_1', (m) => heardOnB.push(m)),
      a.subscribe('ws_1', (m) => heardOnA.push(m)),
      b.subscribe('ws_2', (m) => otherWorkspace.push(m)),
      other.subscribe('ws_1', (m) => otherServer.push(m)),
    ];
    a.publish('ws_1', 'ans_1', 'answer');
    a.publish('ws_1', 'ans_1', 'answer-updated');
    b.publish(null, 'ans_2', 'answer');
    const expected = [
      { answerId: 'ans_1', kind: 'answer' },
      { answerId: 'ans_1', kind: 'answer-updated' },
    ];
    await expect.poll(() => heardOnB, { timeout: 10_000 }).toEqual(expected);
    await expect.poll(() => heardOnA, { timeout: 10_000 }).toEqual(expected);
    // The null workspace's notice was delivered too (to nobody subscribed here): once it is in, nothing else came.
    const adminKeyFlows: AnswerFeedMessage[] = [];
    stops.push(a.subscribe(null, (m) => adminKeyFlows.push(m)));
    b.publish(null, 'ans_3', 'answer');
    await expect.poll(() => adminKeyFlows, { timeout: 10_000 }).toEqual([{ answerId: 'ans_3', kind: 'answer' }]);
    expect(otherWorkspace).toEqual([]);
    expect(otherServer).toEqual([]);
    for (const stop of stops) stop();
    expect(errors).toEqual([]);
  });
});
