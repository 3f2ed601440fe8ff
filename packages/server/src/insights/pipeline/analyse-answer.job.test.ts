import { randomBytes } from 'node:crypto';
import { type AnswerAnalysis, uuidv7 } from '@reelback/shared';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventAppender } from '../../events/append.js';
import { CommittedEvents } from '../../events/committed-events.js';
import { openJobQueue } from '../../jobs/open-job-queue.js';
import type { JobContext, JobQueue } from '../../ports/job-queue.js';
import type { TextAnalyser } from '../../ports/text-analyser.js';
import type { KyselyStorage } from '../../storage/kysely/kysely-storage.js';
import { eventsFor } from '../../test-support/fixtures.js';
import { type OpenedStorage, storageFactories, TEST_DATABASE_URL } from '../../test-support/storages.js';
import { steppingClock } from '../../test-support/test-app.js';
import { AnalyseAnswerJob } from './analyse-answer.job.js';
import { ANALYSE_ANSWER_QUEUE, DEFAULT_ANALYSIS_SETTINGS } from './analysis-settings.js';
import { AnswerAnalysisSweep } from './answer-analysis-sweep.js';
import { AnswerAnalysisPipeline } from './answer-analysis.service.js';

const ENGINE = { kind: 'local', name: 'test double' } as const;
const flow = { name: 'F', steps: [{ id: 'say', prompt: { title: 'Say' }, answer: { type: 'open', kinds: ['text'] }, next: 'end' }, { id: 'end', prompt: { title: 'Bye' }, answer: { type: 'end' } }] };

/** What a well-behaved engine answers: positive, with the first word as a key phrase. */
function goodResult(text: string): AnswerAnalysis {
  const first = /\S+/.exec(text);
  return {
    state: 'analyzed',
    language: 'en',
    sentiment: 'positive',
    sentimentScore: 0.5,
    keyPhrases: first ? [{ text: first[0], start: first.index, end: first.index + first[0].length }] : [],
    engine: ENGINE,
    summary: null,
    summaryEngine: null,
  };
}

/** A stand-in for the port that records what it was asked and answers what `answer` says. */
function recordingAnalyser(answer: (text: string) => unknown = goodResult) {
  const calls: string[] = [];
  const analyser: TextAnalyser = {
    engine: ENGINE,
    async analyse(text) {
      calls.push(text);
      return answer(text) as AnswerAnalysis;
    },
  };
  return { analyser, calls };
}

const context = (over: Partial<JobContext> = {}): JobContext => ({ id: 'job', attempt: 1, isLastAttempt: true, signal: new AbortController().signal, ...over });

/** A flow, a session and a typed answer, written the way the event log writes them (no subscribers: nothing is asked yet). */
async function seedAnswer(storage: KyselyStorage, text: string): Promise<{ answerId: string; sessionId: string }> {
  const db = storage.database;
  const at = new Date().toISOString();
  const flowId = `f-${uuidv7()}`;
  await db.insertInto('flows').values({ id: flowId, name: 'F', draft: JSON.stringify(flow), created_at: at, updated_at: at }).execute();
  await db.insertInto('flow_versions').values({ flow_id: flowId, version: 1, definition: JSON.stringify(flow), published_at: at }).execute();
  const sessionId = uuidv7();
  const progress = { started: true, completed: false, currentStepId: 'say', allowedNextStepId: null };
  await db
    .insertInto('sessions')
    .values({ id: sessionId, flow_id: flowId, flow_version: 1, context: JSON.stringify({ embedMode: 'inline' }), progress: JSON.stringify(progress), started_at: at, completed_at: null })
    .execute();
  const answered = eventsFor({ sessionId, flowId, flowVersion: 1 }).answered('say', { kind: 'text', text }, 'end');
  await new EventAppender(storage.events).append(sessionId, [answered.id], ({ session }) => ({
    events: [{ event: answered as never, receivedAt: at }],
    progress: session.progress,
    completedAt: null,
    result: 'ok',
  }));
  return { answerId: answered.id, sessionId };
}

async function analyzedEvents(storage: KyselyStorage, sessionId: string): Promise<number> {
  const rows = await storage.database.selectFrom('events').select('id').where('session_id', '=', sessionId).where('type', '=', 'reelback.answer.analyzed').execute();
  return rows.length;
}

/**
 * The analysis job (#17) against each database: once per request however often it runs, nothing stored for a
 * superseded request, a clear failure for an engine that throws or breaks the contract, and a queued analysis
 * that outlives the worker that queued it.
 */
describe.each(storageFactories)('the answer analysis job on $name', (factory) => {
  let opened: OpenedStorage;
  let storage: KyselyStorage;
  const queues: JobQueue[] = [];
  const bossSchema = `pgboss_analysis_${randomBytes(5).toString('hex')}`;
  const clock = steppingClock();

  const openQueue = () => {
    const timing = { leaseSeconds: 30, pollIntervalMs: 50, retryBaseSeconds: 1, retryMaxSeconds: 2 };
    const queue =
      storage.kind === 'sqlite'
        ? openJobQueue({ kind: 'sqlite', db: storage.database }, timing)
        : openJobQueue({ kind: 'postgres', url: TEST_DATABASE_URL, schema: bossSchema, maxConnections: 2, maintenanceIntervalSeconds: 1 }, timing);
    queues.push(queue);
    return queue;
  };
  const pipelineOn = (queue: JobQueue) =>
    new AnswerAnalysisPipeline({
      store: storage.answerAnalyses,
      answers: storage.answers,
      queue,
      clock,
      settings: DEFAULT_ANALYSIS_SETTINGS,
      logError: (message, error) => {
        throw new Error(`${message}: ${String(error)}`);
      },
    });
  const jobWith = (analyser: TextAnalyser, committed?: CommittedEvents) =>
    new AnalyseAnswerJob({ store: storage.answerAnalyses, analyser, clock, settings: { timeoutMs: 5000 }, ...(committed ? { committed } : {}) });

  /** Asks for the answer's analysis; resolves the payload of the job that was queued. */
  async function requested(pipeline: AnswerAnalysisPipeline, answerId: string, force = false) {
    expect(await pipeline.request(answerId, { force })).toBe('queued');
    const row = await storage.answerAnalyses.get(answerId);
    expect(row?.state).toBe('pending');
    return { answerId, requestId: row!.requestId };
  }

  beforeAll(async () => {
    opened = await factory.open();
    storage = opened.storage;
  });
  afterAll(async () => {
    for (const queue of queues) await queue.stop();
    if (factory.name === 'postgres') {
      const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await admin.connect();
      await admin.query(`drop schema if exists ${bossSchema} cascade`);
      await admin.end();
    }
    await opened?.dispose();
  });

  it('stores one result and one event however often the job runs; unchanged text is not asked for again', async () => {
    const { answerId, sessionId } = await seedAnswer(storage, 'Great product');
    const pipeline = pipelineOn(openQueue());
    const payload = await requested(pipeline, answerId);
    const { analyser, calls } = recordingAnalyser();
    const heard: string[] = [];
    const committed = new CommittedEvents([{ name: 'recorder', committed: ({ events }) => void heard.push(...events.map((e) => e.type)) }]);
    const job = jobWith(analyser, committed);
    await job.handle(payload, context());
    await job.handle(payload, context());
    expect(calls).toEqual(['Great product']);
    expect(heard).toEqual(['reelback.answer.analyzed']);
    expect(await analyzedEvents(storage, sessionId)).toBe(1);
    expect(await storage.answerAnalyses.get(answerId)).toMatchObject({
      state: 'analyzed',
      source: 'text',
      sentiment: 'positive',
      sentimentScore: 0.5,
      keyPhrases: [{ text: 'Great', start: 0, end: 5 }],
      engine: ENGINE,
      reason: null,
    });
    expect(await pipeline.request(answerId)).toBe('unchanged');
  });

  it('stores nothing for a request an owner superseded; the new one is analysed', async () => {
    const { answerId, sessionId } = await seedAnswer(storage, 'Fine I guess');
    const pipeline = pipelineOn(openQueue());
    const old = await requested(pipeline, answerId);
    const current = await requested(pipeline, answerId, true);
    expect(current.requestId).not.toBe(old.requestId);
    const { analyser, calls } = recordingAnalyser();
    await jobWith(analyser).handle(old, context());
    expect(calls).toEqual([]);
    await jobWith(analyser).handle(current, context());
    expect(calls).toEqual(['Fine I guess']);
    expect(await analyzedEvents(storage, sessionId)).toBe(1);
  });

  it('an engine that throws: retried while tries remain, then failed with the reason; nothing else changes', async () => {
    const { answerId, sessionId } = await seedAnswer(storage, 'It crashed twice');
    const other = await seedAnswer(storage, 'All good here');
    const pipeline = pipelineOn(openQueue());
    const payload = await requested(pipeline, answerId);
    const otherPayload = await requested(pipeline, other.answerId);
    const { analyser } = recordingAnalyser(() => {
      throw new Error('model file unreadable');
    });
    await expect(jobWith(analyser).handle(payload, context({ isLastAttempt: false }))).rejects.toThrow('model file unreadable');
    expect((await storage.answerAnalyses.get(answerId))?.state).toBe('pending');
    await jobWith(analyser).handle(payload, context({ attempt: 3, isLastAttempt: true }));
    expect(await storage.answerAnalyses.get(answerId)).toMatchObject({ state: 'failed', sentiment: null, keyPhrases: [], reason: 'the test double engine failed: model file unreadable' });
    expect(await analyzedEvents(storage, sessionId)).toBe(0);
    // The other answer is untouched, and is analysed by a working engine; the failed one can be asked for again.
    await jobWith(recordingAnalyser().analyser).handle(otherPayload, context());
    expect((await storage.answerAnalyses.get(other.answerId))?.state).toBe('analyzed');
    expect(await pipeline.request(answerId)).toBe('unchanged');
    expect(await pipeline.request(answerId, { force: true })).toBe('queued');
  });

  it('an engine that breaks the contract is a failure with what was wrong, never a result', async () => {
    const cases: [string, (text: string) => unknown, RegExp][] = [
      ['Too short', (text) => ({ ...goodResult(text), keyPhrases: [{ text: 'x', start: 3, end: 400 }] }), /key phrase at 3–400, outside the 9 characters/],
      ['No score', (text) => ({ ...goodResult(text), sentimentScore: null }), /without a sentiment and score/],
      ['Bad shape', () => ({ state: 'happy' }), /does not fit the contract: state/],
    ];
    const pipeline = pipelineOn(openQueue());
    for (const [text, answer, reason] of cases) {
      const { answerId, sessionId } = await seedAnswer(storage, text);
      await jobWith(recordingAnalyser(answer).analyser).handle(await requested(pipeline, answerId), context());
      const row = await storage.answerAnalyses.get(answerId);
      expect(row?.state, text).toBe('failed');
      expect(row?.reason, text).toMatch(reason);
      expect(await analyzedEvents(storage, sessionId)).toBe(0);
    }
  });

  it('a queued analysis outlives the worker that queued it: another queue on the same database runs it', async () => {
    const { answerId } = await seedAnswer(storage, 'Queued before a restart');
    const first = openQueue();
    await requested(pipelineOn(first), answerId);
    await first.stop();
    const second = openQueue();
    const { analyser, calls } = recordingAnalyser();
    second.work(ANALYSE_ANSWER_QUEUE, jobWith(analyser).handle);
    await second.start();
    for (let i = 0; i < 200 && (await storage.answerAnalyses.get(answerId))?.state === 'pending'; i++) await new Promise((r) => setTimeout(r, 50));
    expect((await storage.answerAnalyses.get(answerId))?.state).toBe('analyzed');
    // (Requests earlier tests left pending run too: the queue is the database's.)
    expect(calls.filter((text) => text === 'Queued before a restart')).toHaveLength(1);
  });

  it('the sweep asks for answers that have none (stored before insights, or a lost hand-off), once', async () => {
    const { answerId } = await seedAnswer(storage, 'Stored before the upgrade');
    const pipeline = pipelineOn(openQueue());
    const sweep = new AnswerAnalysisSweep({ store: storage.answerAnalyses, pipeline, clock, settings: DEFAULT_ANALYSIS_SETTINGS, logError: () => {} });
    expect(await sweep.sweep()).toBeGreaterThanOrEqual(1);
    expect((await storage.answerAnalyses.get(answerId))?.state).toBe('pending');
    // A fresh pending request is not a lost one: the next sweep leaves it.
    expect(await storage.answerAnalyses.listUnsettled(new Date(0).toISOString(), null, 1000)).not.toContain(answerId);
  });

  it("erasing a session takes its answers' analyses (key phrases are the viewer's words)", async () => {
    const { answerId, sessionId } = await seedAnswer(storage, 'Please forget me');
    const pipeline = pipelineOn(openQueue());
    await jobWith(recordingAnalyser().analyser).handle(await requested(pipeline, answerId), context());
    expect((await storage.answerAnalyses.get(answerId))?.state).toBe('analyzed');
    await storage.sessions.deleteWithData({ workspaceId: null }, [sessionId]);
    expect(await storage.answerAnalyses.get(answerId)).toBeUndefined();
  });
});
