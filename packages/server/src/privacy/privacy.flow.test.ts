import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ClipInfo, type FlowDefinitionInput, type UploadTicket, uuidv7 } from '@reelback/shared';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { clipEvent } from '../clips/clip-events.js';
import { makeRecording } from '../test-support/media-fixtures.js';
import type { KyselyStorage } from '../storage/kysely/kysely-storage.js';
import { eventsFor } from '../test-support/fixtures.js';
import { storageFactories } from '../test-support/storages.js';
import { uniqueFlowId, useTestApp } from '../test-support/test-app.js';
import { tusClient } from '../test-support/tus-client.js';

const flow = {
  name: 'Answers with contact',
  steps: [
    { id: 'ask', prompt: { title: 'Tell us' }, answer: { type: 'open', kinds: ['video', 'audio', 'text'], maxDurationSeconds: 10 }, next: 'contact' },
    {
      id: 'contact',
      prompt: { title: 'Stay in touch' },
      answer: { type: 'contact', fields: [{ name: 'email', label: 'E-mail', required: true }], consentText: 'You may contact me.' },
      next: 'end',
    },
    { id: 'end', prompt: { title: 'Thanks' }, answer: { type: 'end' } },
  ],
} satisfies FlowDefinitionInput;

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

describe.each(storageFactories)('deleting viewer data on $name', (factory) => {
  const t = useTestApp(factory);
  const flowId = uniqueFlowId('privacy');
  let recording: Uint8Array;
  let manager: { cookie: string; csrf: string };

  beforeAll(async () => {
    recording = await readFile(await makeRecording(join(t.media.dir, 'answer.webm'), { seconds: 1, codec: 'vp8' }));
    const password = 'a long enough password';
    const boot = await t.request('POST', '/api/v1/auth/bootstrap', { owner: true, body: { workspaceName: 'P', email: 'ad@example.org', name: 'Ad', password } });
    expect(boot.status, await boot.clone().text()).toBe(201);
    const invite = await t.request('POST', '/api/v1/workspace/invites', { owner: true, body: { role: 'manager' } });
    expect(invite.status, await invite.clone().text()).toBe(201);
    const { token } = (await invite.json()) as { token: string };
    const joined = await t.request('POST', '/api/v1/auth/invites/accept', { body: { token, email: 'ma@example.org', name: 'Ma', password } });
    expect(joined.status, await joined.clone().text()).toBe(200);
    manager = { cookie: joined.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await joined.json()) as { csrfToken: string }).csrfToken };
    expect((await t.request('POST', '/api/v1/flows', { owner: true, body: { id: flowId, definition: flow } })).status).toBe(201);
    expect((await t.request('POST', `/api/v1/flows/${flowId}/versions`, { owner: true })).status).toBe(201);
    await t.media.media.queue.start();
  });

  const asManager = (method: string, path: string, body?: unknown) =>
    t.request(method, path, { body, headers: { cookie: manager.cookie, 'x-csrf-token': manager.csrf } });

  /** A session; with `email`, a text answer (saying `mention`, or the address) and a contact answer giving it. */
  async function startSession(email?: string, mention = email): Promise<string> {
    const sessionId = uuidv7();
    expect((await t.request('POST', '/api/v1/sessions', { body: { flowId, sessionId, context: { embedMode: 'inline' } } })).status).toBe(201);
    if (email !== undefined) {
      const e = eventsFor({ sessionId, flowId, flowVersion: 1 });
      const walk = [e.started(), e.viewed('ask')];
      const text = { ...e.viewed('ask'), type: 'reelback.answer.submitted', data: { sessionId, flowId, flowVersion: 1, stepId: 'ask', answer: { kind: 'text', text: `write to ${mention}` }, nextStepId: 'contact' } };
      const viewed = e.viewed('contact');
      const contact = { ...e.viewed('contact'), type: 'reelback.answer.submitted', data: { sessionId, flowId, flowVersion: 1, stepId: 'contact', answer: { kind: 'contact', fields: { email }, consent: true }, nextStepId: 'end' } };
      const res = await t.request('POST', '/api/v1/events', { body: { events: [...walk, text, viewed, contact] } });
      expect(res.status, await res.clone().text()).toBe(202);
    }
    return sessionId;
  }

  async function ticket(sessionId: string): Promise<UploadTicket> {
    const res = await t.request('POST', `/api/v1/sessions/${sessionId}/clips`, { body: { stepId: 'ask', kind: 'video' } });
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json()) as UploadTicket;
  }

  /** A session with a ready clip (through tus and the media queue), its transcript saying `word`, and an upload half done. */
  async function recordedSession(word: string): Promise<{ sessionId: string; clipId: string; pendingClipId: string }> {
    const sessionId = await startSession();
    const issued = await ticket(sessionId);
    expect((await tusClient(t, issued).upload(recording)).status).toBe(204);
    let clip: ClipInfo | undefined;
    for (let i = 0; i < 300 && clip?.status !== 'ready'; i++) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      clip = (await (await t.request('GET', `/api/v1/clips/${issued.clipId}`, { owner: true })).json()) as ClipInfo;
    }
    expect(clip?.status).toBe('ready');
    const stored = (await t.storage.clips.get(issued.clipId))!;
    const at = new Date().toISOString();
    await t.storage.transcripts.queue({ clipId: stored.id, sessionId, jobId: null, at });
    const result = { engine: 'whisper' as const, model: 'test', language: 'en', durationSeconds: 1, segments: [{ start: 0, end: 1, text: word }], text: word };
    const session = (await t.storage.sessions.get(sessionId))!;
    const ready = clipEvent('reelback.transcript.ready', session, stored, new Date(), { ...result, processingSeconds: 0.1 });
    expect(await t.storage.transcripts.complete(stored.id, { ...result, processingSeconds: 0.1 }, at, ready)).toBe(true);

    const pending = await ticket(sessionId);
    const tus = tusClient(t, pending);
    expect((await tus.create({ length: recording.length })).status).toBe(201);
    expect((await tus.patch(0, recording.subarray(0, 100))).status).toBe(204);
    return { sessionId, clipId: issued.clipId, pendingClipId: pending.clipId };
  }

  const search = async (word: string) => {
    const res = await t.request('GET', `/api/v1/transcripts/search?q=${word}`, { owner: true });
    expect(res.status).toBe(200);
    return JSON.stringify(await res.json());
  };
  const status = async (path: string) => (await t.request('GET', path, { owner: true })).status;

  it('deletes a session with its events, clips, transcripts, search rows, blobs and uploads in progress', async () => {
    const word = `zebrafish${Date.now()}`;
    const otherWord = `okapi${Date.now()}`;
    const other = await recordedSession(otherWord);
    const { sessionId, clipId, pendingClipId } = await recordedSession(word);
    const withContact = await startSession('keep@example.org');
    const blobDir = join(t.media.dir, 'blobs', 'clips', clipId);
    const uploadsDir = join(t.media.dir, 'uploads');
    expect(await exists(blobDir)).toBe(true);
    expect(await exists(join(uploadsDir, pendingClipId))).toBe(true);
    expect(await search(word)).toContain(clipId);

    expect((await asManager('DELETE', `/api/v1/sessions/${sessionId}`)).status).toBe(403);
    const res = await t.request('DELETE', `/api/v1/sessions/${sessionId}`, { owner: true });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toEqual({ sessions: 1, clips: 2, transcripts: 1, blobs: 3 });

    for (const path of [
      `/api/v1/sessions/${sessionId}`,
      `/api/v1/sessions/${sessionId}/clips`,
      `/api/v1/clips/${clipId}`,
      `/api/v1/clips/${clipId}/media/video`,
      `/api/v1/clips/${clipId}/transcript`,
      `/api/v1/clips/${pendingClipId}`,
    ]) {
      expect([path, await status(path)]).toEqual([path, 404]);
    }
    expect(await exists(blobDir)).toBe(false);
    expect(await exists(join(uploadsDir, pendingClipId))).toBe(false);
    expect(await exists(join(uploadsDir, `${pendingClipId}.json`))).toBe(false);
    expect(await search(word)).not.toContain(clipId);
    if (t.storage.kind === 'sqlite') {
      // The FTS5 table has no foreign key: its row must have gone with the transcript, not just be hidden by the join.
      const db = (t.storage as KyselyStorage).database;
      const { rows } = await sql<{ n: number }>`select count(*) as n from transcripts_fts where clip_id = ${clipId}`.execute(db);
      expect(rows[0]?.n).toBe(0);
    }
    expect((await t.request('DELETE', `/api/v1/sessions/${sessionId}`, { owner: true })).status).toBe(404);

    // The other sessions are untouched.
    expect(await status(`/api/v1/sessions/${other.sessionId}`)).toBe(200);
    expect(await status(`/api/v1/clips/${other.clipId}/media/video`)).toBe(200);
    expect(await status(`/api/v1/clips/${other.clipId}/transcript`)).toBe(200);
    expect(await exists(join(uploadsDir, other.pendingClipId))).toBe(true);
    expect(await search(otherWord)).toContain(other.clipId);
    expect(await status(`/api/v1/sessions/${withContact}`)).toBe(200);
  });

  it('erases every session whose contact answer gave the e-mail, in any case, and nothing else', async () => {
    const tag = Date.now();
    const first = await startSession(`Pat.${tag}@Example.org`);
    const second = await startSession(` pat.${tag}@example.ORG `);
    const someoneElse = await startSession(`sam.${tag}@example.org`);
    // Mentions the address in a text answer, but its contact answer is another one.
    const mentions = await startSession(`kim.${tag}@example.org`, `pat.${tag}@example.org`);

    const body = { email: `  PAT.${tag}@EXAMPLE.ORG ` };
    const denied = await asManager('POST', '/api/v1/privacy/erase', body);
    expect(denied.status).toBe(403);
    const byOwnerKey = await t.request('POST', '/api/v1/privacy/erase', { owner: true, body });
    expect(byOwnerKey.status, await byOwnerKey.clone().text()).toBe(200);
    expect(await byOwnerKey.json()).toEqual({ sessions: 2, clips: 0, transcripts: 0, blobs: 0 });
    expect(await status(`/api/v1/sessions/${first}`)).toBe(404);
    expect(await status(`/api/v1/sessions/${second}`)).toBe(404);
    expect(await status(`/api/v1/sessions/${someoneElse}`)).toBe(200);
    expect(await status(`/api/v1/sessions/${mentions}`)).toBe(200);

    const again = await t.request('POST', '/api/v1/privacy/erase', { owner: true, body });
    expect(await again.json()).toEqual({ sessions: 0, clips: 0, transcripts: 0, blobs: 0 });
    expect((await t.request('POST', '/api/v1/privacy/erase', { owner: true, body: { email: '' } })).status).toBe(400);
  });

  it('erases the recordings of the sessions it finds', async () => {
    const { sessionId, clipId } = await recordedSession(`lemur${Date.now()}`);
    const email = `rec.${Date.now()}@example.org`;
    const e = eventsFor({ sessionId, flowId, flowVersion: 1 });
    const walk = [e.started(), e.viewed('ask')];
    const answer = { ...e.viewed('ask'), type: 'reelback.answer.submitted', data: { sessionId, flowId, flowVersion: 1, stepId: 'ask', answer: { kind: 'video', clipId, durationSeconds: 1 }, nextStepId: 'contact' } };
    const viewed = e.viewed('contact');
    const contact = { ...e.viewed('contact'), type: 'reelback.answer.submitted', data: { sessionId, flowId, flowVersion: 1, stepId: 'contact', answer: { kind: 'contact', fields: { email }, consent: true }, nextStepId: 'end' } };
    const posted = await t.request('POST', '/api/v1/events', { body: { events: [...walk, answer, viewed, contact] } });
    expect(posted.status, await posted.clone().text()).toBe(202);

    const res = await t.request('POST', '/api/v1/privacy/erase', { owner: true, body: { email: email.toUpperCase() } });
    expect(await res.json()).toEqual({ sessions: 1, clips: 2, transcripts: 1, blobs: 3 });
    expect(await exists(join(t.media.dir, 'blobs', 'clips', clipId))).toBe(false);
    expect(await status(`/api/v1/clips/${clipId}/media/video`)).toBe(404);
  });
});
