import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  type AnswerAnalysisRequest,
  type AnswerExportRow,
  type AnswerItem,
  type AnswerList,
  type FlowDefinitionInput,
  type SessionRecord,
  type TranscriptInfo,
  type UploadTicket,
  uuidv7,
} from '@reelback/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PocketsphinxTranscriber } from '../../transcription/pocketsphinx/pocketsphinx-transcriber.js';
import { eventsFor } from '../../test-support/fixtures.js';
import { type Login, ownerSessions } from '../../test-support/owner-sessions.js';
import { SseReader } from '../../test-support/sse-reader.js';
import { storageFactories } from '../../test-support/storages.js';
import { uniqueFlowId, useTestApp } from '../../test-support/test-app.js';
import { tusClient } from '../../test-support/tus-client.js';

const run = promisify(execFile);
const SPOKEN = 'i love the new timeline';

const flow = {
  name: 'Insights',
  transcriptLanguage: 'en',
  steps: [
    { id: 'ask', prompt: { title: 'Tell us' }, answer: { type: 'open', kinds: ['text', 'video'] }, next: 'rate' },
    { id: 'rate', prompt: { title: 'Rate us' }, answer: { type: 'rating', scale: 5 }, next: 'end' },
    { id: 'end', prompt: { title: 'Thanks' }, answer: { type: 'end' } },
  ],
} satisfies FlowDefinitionInput;

/** A spoken answer as a browser would send it: espeak-ng speech in a WebM with a test picture. */
async function spokenWebm(dir: string, sentence: string): Promise<Buffer> {
  const wav = join(dir, 'spoken.wav');
  const webm = join(dir, 'spoken.webm');
  await run('espeak-ng', ['-v', 'en-us', '-s', '140', '-w', wav, sentence]);
  await run('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=s=160x120:r=10', '-i', wav, '-shortest',
    '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-c:a', 'libopus', '-f', 'webm', webm]);
  return readFile(webm);
}

/** A webhook receiver on 127.0.0.1 that keeps every body it is sent and answers 204. */
async function startReceiver(): Promise<{ url: string; bodies: string[]; close(): Promise<void> }> {
  const bodies: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    bodies,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Parses an RFC 4180 CSV (quoted cells with doubled quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += ch;
  }
  if (cell !== '' || row.length > 0) row.push(cell), rows.push(row);
  return rows;
}

/**
 * The per-answer pipeline (#17) end to end with the real local engine, on both databases: a typed answer and a
 * transcribed clip are analysed by the job, an owner's transcript edit is analysed again, the event stream hears
 * `reelback.answer.analyzed`, the answers list filters by sentiment, and exports carry the columns.
 */
describe.each(storageFactories)('answer analysis on $name', (factory) => {
  const t = useTestApp(factory, { transcriber: new PocketsphinxTranscriber({ phrases: [SPOKEN] }), webhooks: { allowPrivate: true, timeoutMs: 5000 } });
  const s = ownerSessions(t);
  const flowId = uniqueFlowId('insights');
  const readers: SseReader[] = [];
  let admin: Login;
  let stream: SseReader;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    admin = await s.bootstrap(`insights-${factory.name}@example.org`);
    await s.expectStatus(s.as(admin, 'POST', '/api/v1/flows', { id: flowId, definition: flow }), 201);
    await s.expectStatus(s.as(admin, 'POST', `/api/v1/flows/${flowId}/versions`), 201);
    const res = await t.request('GET', '/api/v1/events/stream?types=reelback.answer.analyzed', { headers: { cookie: admin.cookie } });
    expect(res.status).toBe(200);
    stream = new SseReader(res.body!);
    readers.push(stream);
    expect((await stream.next()).comments).toContain('connected');
    receiver = await startReceiver();
    await s.expectStatus(s.as(admin, 'POST', '/api/v1/workspace/webhooks', { url: receiver.url, eventTypes: ['reelback.answer.analyzed'] }), 201);
    await t.media.media.queue.start();
    t.reelback.webhookDispatcher.start();
  });
  afterAll(async () => {
    for (const reader of readers) await reader.close();
    await receiver?.close();
  });

  async function session() {
    const sessionId = uuidv7();
    await s.expectStatus(t.request('POST', '/api/v1/sessions', { body: { flowId, sessionId, context: { embedMode: 'inline' } } }), 201);
    return { sessionId, e: eventsFor({ sessionId, flowId, flowVersion: 1 }) };
  }

  /** A viewer answers `ask` with `answer` (and rates, when `rating` is given); resolves the answer event's id. */
  async function answer(value: Record<string, unknown>, ref?: Awaited<ReturnType<typeof session>>, rating?: number): Promise<{ id: string; ratingId?: string }> {
    const { e } = ref ?? (await session());
    // Made in order: ids are UUIDv7s, and the server orders a batch by them.
    const walk = [e.started(), e.viewed('ask')];
    const submitted = e.answered('ask', value, 'rate');
    const rated = rating === undefined ? [] : [e.viewed('rate'), e.rated('rate', rating, 'end')];
    await s.expectStatus(t.request('POST', '/api/v1/events', { body: { events: [...walk, submitted, ...rated] } }), 202);
    return { id: submitted.id, ...(rated[1] ? { ratingId: rated[1].id } : {}) };
  }

  async function get(id: string): Promise<AnswerItem> {
    const res = await s.as(admin, 'GET', `/api/v1/answers/${id}`);
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as AnswerItem;
  }

  /** Waits (bounded) until the job has settled the answer's analysis. */
  async function settled(id: string, notBefore?: string): Promise<AnswerItem> {
    let item = await get(id);
    for (let i = 0; i < 300; i++) {
      const a = item.analysis;
      if (a && a.state !== 'pending' && (notBefore === undefined || (a.analyzedAt !== null && a.analyzedAt > notBefore))) return item;
      await new Promise((r) => setTimeout(r, 100));
      item = await get(id);
    }
    throw new Error(`answer ${id} was not analysed: ${JSON.stringify(item.analysis)}`);
  }

  async function nextAnalyzed(answerId: string) {
    const message = await stream.nextMessage(30_000);
    expect(message.event).toBe('reelback.answer.analyzed');
    const event = JSON.parse(message.data) as { id: string; type: string; subject: string; data: Record<string, unknown> };
    expect(event.subject).toBe(answerId);
    return event;
  }

  it('a typed answer is analysed once, with its engine; the event stream hears reelback.answer.analyzed', async () => {
    const text = 'I love the new timeline, it saves me hours every week.';
    const { id } = await answer({ kind: 'text', text });
    const item = await settled(id);
    expect(item.analysis).toMatchObject({ state: 'analyzed', source: 'text', language: 'en', sentiment: 'positive', engine: { kind: 'local' }, reason: null });
    const phrases = item.analysis!.keyPhrases;
    expect(phrases.map((p) => text.slice(p.start, p.end))).toContain('new timeline');
    const event = await nextAnalyzed(id);
    expect(event.data).toMatchObject({ answerId: id, flowId, stepId: 'ask', clipId: null, source: 'text', state: 'analyzed', sentiment: 'positive' });
    // Stored in the session's history like every server event.
    const stored = await s.as(admin, 'GET', `/api/v1/sessions/${item.sessionId}`);
    const history = ((await stored.json()) as SessionRecord).events.map((x) => x.event.type);
    expect(history.filter((type) => type === 'reelback.answer.analyzed')).toHaveLength(1);
    // The webhook subscribed to it is sent it (signed delivery, as any event).
    for (let i = 0; i < 300 && !receiver.bodies.some((b) => b.includes(event.id)); i++) await new Promise((r) => setTimeout(r, 50));
    const delivered = receiver.bodies.map((b) => JSON.parse(b) as { id: string; type: string }).find((b) => b.id === event.id);
    expect(delivered, `webhook bodies: ${receiver.bodies.join('\n')}`).toMatchObject({ type: 'reelback.answer.analyzed', data: { answerId: id } });
  });

  it('a transcribed clip is analysed from its transcript; an owner\'s edit is analysed again, phrases in the edited text', async () => {
    const ref = await session();
    await s.expectStatus(t.request('POST', '/api/v1/events', { body: { events: [ref.e.started(), ref.e.viewed('ask')] } }), 202);
    const ticket = (await (await t.request('POST', `/api/v1/sessions/${ref.sessionId}/clips`, { body: { stepId: 'ask', kind: 'video' } })).json()) as UploadTicket;
    expect((await tusClient(t, ticket).upload(await spokenWebm(t.media.dir, SPOKEN))).status).toBe(204);
    const submitted = ref.e.answered('ask', { kind: 'video', clipId: ticket.clipId }, 'rate');
    await s.expectStatus(t.request('POST', '/api/v1/events', { body: { events: [submitted] } }), 202);

    const spoken = await settled(submitted.id);
    expect(spoken.analysis).toMatchObject({ state: 'analyzed', source: 'transcript', sentiment: 'positive', language: 'en' });
    const transcript = (await (await s.as(admin, 'GET', `/api/v1/clips/${ticket.clipId}/transcript`)).json()) as TranscriptInfo;
    expect(spoken.analysis!.keyPhrases.map((p) => transcript.text!.slice(p.start, p.end))).toContain('new timeline');
    expect((await nextAnalyzed(submitted.id)).data).toMatchObject({ source: 'transcript', clipId: ticket.clipId });

    const edited = 'the export is broken and i hate the new timeline';
    await s.expectStatus(s.as(admin, 'PUT', `/api/v1/clips/${ticket.clipId}/transcript`, { segments: [{ start: 0, end: 2, text: ` ${edited} ` }] }), 200);
    const again = await settled(submitted.id, spoken.analysis!.analyzedAt!);
    expect(again.analysis).toMatchObject({ state: 'analyzed', source: 'transcript', sentiment: 'negative' });
    expect(again.analysis!.keyPhrases.map((p) => edited.slice(p.start, p.end))).toEqual(expect.arrayContaining(['export', 'new timeline']));
    expect((await nextAnalyzed(submitted.id)).data).toMatchObject({ sentiment: 'negative' });
  });

  it('bad input keeps a clear state: blank, another language, markup and formula text stored as typed', async () => {
    const blank = await answer({ kind: 'text', text: '   \n  ' });
    const german = await answer({ kind: 'text', text: 'Das ist wirklich ein sehr schlechtes Produkt und ich bin enttäuscht.' });
    const markup = '<img src=x onerror=alert(1)> the export is broken';
    const html = await answer({ kind: 'text', text: markup });
    const formula = await answer({ kind: 'text', text: '=HYPERLINK("http://evil.example","click") great tool' });
    expect((await settled(blank.id)).analysis).toMatchObject({ state: 'empty', sentiment: null, sentimentScore: null, keyPhrases: [] });
    expect((await settled(german.id)).analysis).toMatchObject({ state: 'unsupported-language', language: 'de', sentiment: null, keyPhrases: [] });
    const h = await settled(html.id);
    expect(h.text).toBe(markup);
    expect(h.analysis).toMatchObject({ state: 'analyzed', sentiment: 'negative' });
    expect((await settled(formula.id)).analysis!.state).toBe('analyzed');
    for (let i = 0; i < 4; i++) await nextAnalyzed([blank.id, german.id, html.id, formula.id][i]!);
  });

  it('filters the answers list by sentiment; refuses an unknown one with a 400 naming it', async () => {
    const list = async (query: string) => {
      const res = await s.as(admin, 'GET', `/api/v1/answers?flowId=${flowId}${query}`);
      expect(res.status, await res.clone().text()).toBe(200);
      return ((await res.json()) as AnswerList).answers;
    };
    const all = await list('');
    const negative = await list('&sentiment=negative');
    const positive = await list('&sentiment=positive');
    expect(negative.length).toBeGreaterThan(0);
    expect(positive.length).toBeGreaterThan(0);
    expect(negative.every((a) => a.analysis?.state === 'analyzed' && a.analysis.sentiment === 'negative')).toBe(true);
    expect(positive.every((a) => a.analysis?.sentiment === 'positive')).toBe(true);
    const expected = all.filter((a) => a.analysis?.state === 'analyzed' && a.analysis.sentiment === 'negative').map((a) => a.id);
    expect(negative.map((a) => a.id)).toEqual(expected);
    const bad = await s.as(admin, 'GET', '/api/v1/answers?sentiment=angry');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('sentiment');
  });

  it('re-analyses on an owner\'s request (202, pending, then a new event); 409 for an answer without text, 404 for none', async () => {
    const { id, ratingId } = await answer({ kind: 'text', text: 'The onboarding was confusing but support helped.' }, undefined, 4);
    const first = await settled(id);
    await nextAnalyzed(id);
    const res = await s.as(admin, 'POST', `/api/v1/answers/${id}/analysis`);
    expect(res.status, await res.clone().text()).toBe(202);
    const body = (await res.json()) as AnswerAnalysisRequest;
    expect(body).toMatchObject({ answerId: id, analysis: { state: 'pending', sentiment: null, keyPhrases: [] } });
    const again = await settled(id, first.analysis!.analyzedAt!);
    expect(again.analysis!.sentiment).toBe(first.analysis!.sentiment);
    await nextAnalyzed(id);

    const rating = await s.as(admin, 'POST', `/api/v1/answers/${ratingId}/analysis`);
    expect(rating.status).toBe(409);
    expect(await rating.text()).toContain('no text to analyse');
    expect((await get(ratingId!)).analysis).toBeNull();
    expect((await s.as(admin, 'POST', `/api/v1/answers/${uuidv7()}/analysis`)).status).toBe(404);
  });

  it('exports carry sentiment, sentimentScore, keyPhrases and themes: CSV defused, NDJSON typed', async () => {
    const csvRes = await s.as(admin, 'GET', `/api/v1/exports/answers?flowId=${flowId}&format=csv`);
    expect(csvRes.status).toBe(200);
    const [header, ...rows] = parseCsv(await csvRes.text());
    for (const column of ['sentiment', 'sentimentScore', 'keyPhrases', 'themes']) expect(header).toContain(column);
    const col = (name: string) => header!.indexOf(name);
    const formulaRow = rows.find((r) => r[col('text')]!.includes('HYPERLINK'))!;
    // A formula the viewer typed starts no cell: the text, and its key phrase list, are defused with a leading '.
    expect(formulaRow[col('text')]!.startsWith("'=")).toBe(true);
    expect(formulaRow[col('sentiment')]).toBe('positive');
    expect(formulaRow[col('themes')]).toBe('');
    // (Numbers are written as numbers: a negative score is not a formula.)
    const text = rows.flat().filter((cell) => !/^-?\d+(\.\d+)?$/.test(cell));
    for (const cell of text) expect(cell, 'no text cell starts like a formula').not.toMatch(/^[=+\-@\t\r]/);

    const ndRes = await s.as(admin, 'GET', `/api/v1/exports/answers?flowId=${flowId}&format=ndjson`);
    const lines = (await ndRes.text()).trim().split('\n').map((line) => JSON.parse(line) as AnswerExportRow);
    const positive = lines.find((l) => l.text?.startsWith('I love the new timeline'))!;
    expect(positive).toMatchObject({ sentiment: 'positive', themes: [] });
    expect(typeof positive.sentimentScore).toBe('number');
    expect(positive.keyPhrases).toContain('new timeline');
    const german = lines.find((l) => l.text?.startsWith('Das ist'))!;
    expect(german).toMatchObject({ sentiment: null, sentimentScore: null, keyPhrases: [] });
    expect(lines.find((l) => l.kind === 'rating')).toMatchObject({ sentiment: null, keyPhrases: [], themes: [] });
  });
});
