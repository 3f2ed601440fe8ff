import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type FlowDefinitionInput, type UploadTicket, uuidv7 } from '@reelback/shared';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/config.js';
import { type RunningServer, startServer } from '../start-server.js';
import { eventsFor } from '../test-support/fixtures.js';
import { freshDatabase } from '../test-support/fresh-database.js';
import { SseReader } from '../test-support/sse-reader.js';
import { startTestS3, type TestS3 } from '../test-support/test-s3.js';

const run = promisify(execFile);
const ADMIN_KEY = 'live-across-test-admin-key-0123';
const owner = { authorization: `Bearer ${ADMIN_KEY}` };

const takes = {
  name: 'Takes',
  steps: [
    { id: 'ask', prompt: { title: 'Tell us' }, answer: { type: 'open', kinds: ['video'] }, next: 'end' },
    { id: 'end', prompt: { title: 'Thanks' }, answer: { type: 'end' } },
  ],
} satisfies FlowDefinitionInput;

/** A spoken answer as a browser sends it (espeak-ng speech in a WebM), so the worker's transcript is a real one. */
async function spokenWebm(dir: string) {
  const wav = join(dir, 'answer.wav');
  const webm = join(dir, 'answer.webm');
  await run('espeak-ng', ['-v', 'en-us', '-s', '140', '-w', wav, 'the checkout was easy']);
  await run('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=s=160x120:r=10', '-i', wav, '-shortest',
    '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-c:a', 'libopus', '-f', 'webm', webm]);
  return readFile(webm);
}

/**
 * The live event stream and the live inbox across processes (issue #15): two web processes (A, B) and a worker on
 * one PostgreSQL database and one bucket, each the real server as `npm start` runs it. A stream on B hears what A and
 * the worker store, in the log's order, once; a stream resumed on A after B's last id gets exactly the rest; and
 * with every process's listening connection killed (`pg_terminate_backend`), the events stored meanwhile still come,
 * read from the log.
 */
describe('live updates across two web processes and a worker on one PostgreSQL', () => {
  let db: { url: string; drop: () => Promise<void> };
  let s3: TestS3;
  let dir: string;
  let a: RunningServer;
  let b: RunningServer;
  let worker: RunningServer;
  let sql: pg.Client;
  const readers: SseReader[] = [];

  beforeAll(async () => {
    [db, s3, dir] = await Promise.all([freshDatabase('reelback_live'), startTestS3(), mkdtemp(join(tmpdir(), 'reelback-live-'))]);
    const config = (role: string, name: string) => ({
      ...parseConfig({
        DATABASE_URL: db.url,
        HOST: '127.0.0.1',
        REELBACK_ROLE: role,
        REELBACK_DATA_DIR: join(dir, name),
        REELBACK_TRANSCRIBER: 'pocketsphinx',
        REELBACK_S3_BUCKET: s3.bucket,
        REELBACK_S3_ENDPOINT: s3.endpoint,
        REELBACK_S3_FORCE_PATH_STYLE: '1',
        REELBACK_DEMO: '0',
      }),
      adminKey: ADMIN_KEY,
      port: 0,
    });
    // The S3 client reads its credentials from the environment, as it would in production.
    process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
    process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
    // One after another: the first runs the migrations.
    a = await startServer(config('web', 'a'), { log: () => {} });
    b = await startServer(config('web', 'b'), { log: () => {} });
    worker = await startServer(config('worker', 'worker'), { log: () => {} });
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
  }, 120_000);
  afterAll(async () => {
    for (const reader of readers) await reader.close().catch(() => undefined);
    await sql?.end();
    await Promise.all([a?.close(), b?.close(), worker?.close()]);
    await s3?.close();
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const post = (server: RunningServer, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  async function open(server: RunningServer, path: string, lastEventId?: string): Promise<SseReader> {
    const res = await fetch(`${server.url}${path}`, { headers: { ...owner, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) } });
    if (res.status !== 200) throw new Error(`${path} on ${server.url}: ${res.status} ${await res.text()}`);
    const reader = new SseReader(res.body!);
    readers.push(reader);
    expect((await reader.next()).comments).toContain('connected');
    return reader;
  }

  /** Every stored event's id, in the log's cursor order (transaction, then seq): the order the tail reads. */
  async function logIds(): Promise<string[]> {
    return (await sql.query<{ id: string }>('select id from events order by txid, seq')).rows.map((r) => r.id);
  }

  async function walk(server: RunningServer, flowId: string) {
    const sessionId = uuidv7();
    expect((await post(server, '/api/v1/sessions', { flowId, sessionId, context: { embedMode: 'inline' } })).status).toBe(201);
    const e = eventsFor({ sessionId, flowId, flowVersion: 1 });
    const events = [e.started(), e.viewed('ask')];
    const sent = await post(server, '/api/v1/events', { events });
    expect(sent.status, await sent.clone().text()).toBe(202);
    return events.map((event) => event.id);
  }

  it('a stream on B hears what A and the worker store, in order and once; a resume on A gets the rest; killed listeners lose nothing', { timeout: 300_000 }, async () => {
    const flowId = 'live-across';
    expect((await post(a, '/api/v1/flows', { id: flowId, definition: takes }, owner)).status).toBe(201);
    expect((await post(a, `/api/v1/flows/${flowId}/versions`, undefined, owner)).status).toBe(201);
    const streamB = await open(b, '/api/v1/events/stream');
    const inboxB = await open(b, '/api/v1/answers/stream');

    // A viewer answers through A: the events and the upload go to A; the worker makes the clip and its transcript.
    const recording = await spokenWebm(dir);
    const sessionId = uuidv7();
    expect((await post(a, '/api/v1/sessions', { flowId, sessionId, context: { embedMode: 'inline' } })).status).toBe(201);
    const made = await post(a, `/api/v1/sessions/${sessionId}/clips`, { stepId: 'ask', kind: 'video' });
    expect(made.status, await made.clone().text()).toBe(201);
    const ticket = (await made.json()) as UploadTicket;
    const uploadUrl = new URL(ticket.uploadUrl, a.url).href;
    const tus = { authorization: `Bearer ${ticket.token}`, 'tus-resumable': '1.0.0' };
    const created = await fetch(uploadUrl, {
      method: 'POST',
      headers: { ...tus, 'upload-length': String(recording.length), 'upload-metadata': `clipId ${Buffer.from(ticket.clipId).toString('base64')}` },
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const patched = await fetch(`${uploadUrl}/${ticket.clipId}`, {
      method: 'PATCH',
      headers: { ...tus, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
      body: recording,
    });
    expect(patched.status, await patched.clone().text()).toBe(204);
    const e = eventsFor({ sessionId, flowId, flowVersion: 1 });
    const sent = await post(a, '/api/v1/events', { events: [e.started(), e.viewed('ask'), e.answered('ask', { kind: 'video', clipId: ticket.clipId, durationSeconds: 2 }, 'end')] });
    expect(((await sent.json()) as { rejected: unknown[] }).rejected).toEqual([]);

    // B's stream: until the worker's transcript event.
    const heard: Array<{ id: string; type: string }> = [];
    while (!heard.some((m) => m.type.startsWith('reelback.transcript.'))) {
      // ffmpeg and PocketSphinx in the worker: slow on a busy machine.
      const message = await streamB.nextMessage(180_000).catch((error: unknown) => {
        throw new Error(`B's stream stopped before the worker's transcript event; it had heard ${JSON.stringify(heard.map((m) => m.type))}`, { cause: error });
      });
      heard.push({ id: message.id!, type: message.event! });
    }
    // The transcript is then analysed by the worker (#17): its `reelback.answer.analyzed` ends the chain. Wait for
    // the analysis to settle (an empty transcript ends without an event), then hear its event if there is one.
    const answerId = heard.find((m) => m.type === 'reelback.answer.submitted')!.id;
    let settled: string | undefined;
    for (const deadline = Date.now() + 120_000; ; ) {
      const row = await sql.query<{ state: string }>('select state from answer_analyses where answer_id = $1', [answerId]);
      settled = row.rows[0]?.state;
      if (settled !== undefined && settled !== 'pending') break;
      if (Date.now() > deadline) throw new Error(`the answer's analysis did not settle in 120 s (state: ${settled ?? 'no row'})`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    if (settled !== 'failed') {
      while (!heard.some((m) => m.type === 'reelback.answer.analyzed')) {
        const message = await streamB.nextMessage(30_000).catch((error: unknown) => {
          throw new Error(`B's stream stopped before the worker's analysis event; it had heard ${JSON.stringify(heard.map((m) => m.type))}`, { cause: error });
        });
        heard.push({ id: message.id!, type: message.event! });
      }
    }
    await streamB.expectQuiet(500);
    expect(heard.map((m) => m.type)).toEqual(
      expect.arrayContaining(['reelback.session.started', 'reelback.answer.submitted', 'reelback.clip.uploaded', 'reelback.clip.processed', 'reelback.transcript.ready']),
    );
    const stored = await logIds();
    expect(heard.map((m) => m.id), `B heard ${JSON.stringify(heard)}`).toEqual(stored);
    // B's inbox heard the answer A stored, then its change when the worker's clip (and transcript) settled.
    const inbox: string[] = [];
    while (inbox.filter((k) => k === 'answer-updated').length < 2) inbox.push((await inboxB.nextMessage(30_000)).event!);
    expect(inbox[0]).toBe('answer');

    // A stream resumed on A after the last event B had gets exactly what was stored since, then goes on live.
    const lastOnB = heard.at(-1)!.id;
    await streamB.close();
    const second = await walk(a, flowId);
    const resumed = await open(a, '/api/v1/events/stream', lastOnB);
    expect([(await resumed.nextMessage(10_000)).id, (await resumed.nextMessage(10_000)).id]).toEqual(second);
    await resumed.expectQuiet(500);

    // Every process's listening connection killed: the notices of what A stores meanwhile are lost; the log is not.
    const liveOnB = await open(b, '/api/v1/events/stream');
    const listening = await sql.query<{ pid: number }>(
      `select pid from pg_stat_activity where datname = current_database() and state = 'idle' and query = 'LISTEN reelback_notices'`,
    );
    expect(listening.rows.length, 'one listening connection per process (A, B, worker)').toBe(3);
    for (const { pid } of listening.rows) expect((await sql.query('select pg_terminate_backend($1) as killed', [pid])).rows[0]).toEqual({ killed: true });
    const third = await walk(a, flowId);
    const onB = [(await liveOnB.nextMessage(15_000)).id, (await liveOnB.nextMessage(15_000)).id];
    expect(onB).toEqual(third);
    expect([(await resumed.nextMessage(15_000)).id, (await resumed.nextMessage(15_000)).id]).toEqual(third);
    await liveOnB.expectQuiet(500);
    await resumed.expectQuiet(500);
    expect(await logIds()).toEqual([...stored, ...second, ...third]);
  });
});
