import { type ReelbackEvent, StartSessionResponse, uuidv7, ViewerEvent } from '@reelback/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLIP_SETTINGS } from '../clips/clip-settings.js';
import { ClipsService } from '../clips/clips.service.js';
import { UploadTokens } from '../clips/upload-token.js';
import { LocalUploadArea } from '../uploads/local-upload-area.js';
import { FlowVersionCache } from '../flows/flow-versions.js';
import type { ClipRecord } from '../ports/clip-store.js';
import { type Append, EventAppender } from './append.js';
import { SessionFlowRefs } from '../sessions/session-flow-refs.js';
import { eventsFor } from '../test-support/fixtures.js';
import { storageFactories } from '../test-support/storages.js';
import { ADMIN_KEY, steppingClock, uniqueFlowId, useTestApp } from '../test-support/test-app.js';
import { CommittedEvents } from './committed-events.js';
import { EventsService } from './events.service.js';
import { declareSubscribers } from './subscribers.js';

const flow = {
  name: 'Subscribers',
  steps: [
    { id: 'ask', prompt: { title: 'Tell us' }, answer: { type: 'open', kinds: ['video', 'text'], maxDurationSeconds: 10 }, next: 'end' },
    { id: 'end', prompt: { title: 'Thanks' }, answer: { type: 'end' } },
  ],
};

/** What each declared subscriber was told, through recording stand-ins for the services they call. */
function recorders() {
  const heard = {
    webhooks: [] as string[],
    answersAdded: [] as string[],
    clipsChanged: [] as string[],
    handedOff: [] as string[],
    analysisAsked: [] as string[],
    analysed: [] as string[],
    transcriptsChanged: [] as string[],
    foldNudges: 0,
  };
  const subscribers = declareSubscribers({
    webhooks: {
      eventsCommitted: async (_sessionId: string, events: readonly ReelbackEvent[]) => void heard.webhooks.push(...events.map((e) => e.id)),
    },
    updates: {
      added: async (ids: readonly string[]) => void heard.answersAdded.push(...ids),
      clipChanged: async (clipId: string) => void heard.clipsChanged.push(clipId),
      analysed: async (ids: readonly string[]) => void heard.analysed.push(...ids),
    },
    transcription: { clipReady: async (clip: ClipRecord) => void heard.handedOff.push(clip.id) },
    clips: { get: async (id: string) => ({ id, status: 'ready' }) as ClipRecord },
    analysis: {
      answersSubmitted: async (ids: readonly string[]) => void heard.analysisAsked.push(...ids),
      transcriptChanged: async (clipId: string) => void heard.transcriptsChanged.push(clipId),
    },
    folder: { nudge: () => void heard.foldNudges++ },
  });
  return { heard, subscribers };
}

/**
 * The declared subscribers (events/subscribers.ts) hear each committed event once, after its commit, and nothing of
 * a duplicate, a refused event or a transaction that rolled back.
 */
describe.each(storageFactories)('event subscribers on $name', (factory) => {
  const t = useTestApp(factory);
  const flowId = uniqueFlowId('subscribers');
  const errors: string[] = [];

  beforeAll(async () => {
    expect((await t.request('POST', '/api/v1/flows', { owner: true, body: { id: flowId, definition: flow } })).status).toBe(201);
    expect((await t.request('POST', `/api/v1/flows/${flowId}/versions`, { owner: true })).status).toBe(201);
  });

  async function session() {
    const res = await t.request('POST', '/api/v1/sessions', { body: { flowId, context: { embedMode: 'inline' } } });
    expect(res.status).toBe(201);
    const started = StartSessionResponse.parse(await res.json());
    return { sessionId: started.sessionId, e: eventsFor({ sessionId: started.sessionId, flowId, flowVersion: started.flowVersion }) };
  }

  function eventsService(committed: CommittedEvents, events: Append = new EventAppender(t.storage.events)) {
    const service = new EventsService(t.storage.sessions, events, new FlowVersionCache(t.storage.flows), new SessionFlowRefs(), steppingClock(), t.storage.clips, committed);
    return { ingest: (batch: readonly unknown[]) => service.ingest(batch.map((event) => ViewerEvent.parse(event))) };
  }

  /** Subscribers are not awaited by ingest: wait until the ones expected have arrived. */
  async function until(check: () => boolean): Promise<void> {
    for (let i = 0; i < 500 && !check(); i++) await new Promise((resolve) => setImmediate(resolve));
    expect(check()).toBe(true);
  }

  it('tells every subscriber of each committed viewer event once; resends and refused events are not heard', async () => {
    const { heard, subscribers } = recorders();
    const events = eventsService(new CommittedEvents(subscribers, (message) => errors.push(message)));
    const { e } = await session();
    const walk = [e.started(), e.viewed('ask'), e.answered('ask', { kind: 'text', text: 'More colour' }, 'end')];
    expect((await events.ingest(walk)).accepted).toHaveLength(3);
    await until(() => heard.webhooks.length === 3 && heard.answersAdded.length === 1);

    // A retried batch, and an event the rules refuse (the end step was not viewed): nothing new is heard.
    const refused = e.completed('ask');
    const outcome = await events.ingest([...walk, refused]);
    expect(outcome.duplicates).toHaveLength(3);
    expect(outcome.rejected.map((r) => r.id)).toEqual([refused.id]);
    const ended = [e.viewed('end'), e.completed('end')];
    await events.ingest(ended);
    await until(() => heard.webhooks.length === 5);

    expect(heard.webhooks).toEqual([...walk, ...ended].map((x) => x.id));
    // The analytics fold is nudged after each commit (the folder folds off the request).
    expect(heard.foldNudges).toBeGreaterThanOrEqual(2);
    expect(heard.answersAdded).toEqual([walk[2]!.id]);
    expect(heard.analysisAsked).toEqual([walk[2]!.id]);
    expect(heard.clipsChanged).toEqual([]);
    expect(heard.handedOff).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('tells nothing of events decided in a transaction that rolled back', async () => {
    const { heard, subscribers } = recorders();
    // The decision is made (and would have been written) but the transaction fails before its commit.
    const appender = new EventAppender(t.storage.events);
    const failing: Append = {
      append: (sessionId, ids, decide) =>
        appender.append(sessionId, ids, (state) => {
          decide(state);
          throw new Error('the transaction dies before its commit');
        }),
    };
    const { e } = await session();
    const walk = [e.started(), e.viewed('ask')];
    await expect(eventsService(new CommittedEvents(subscribers), failing).ingest(walk)).rejects.toThrow('dies before its commit');
    const retried = await eventsService(new CommittedEvents(subscribers)).ingest(walk);
    expect(retried.accepted).toEqual(walk.map((x) => x.id));
    await until(() => heard.webhooks.length === 2);
    expect(heard.webhooks).toEqual(walk.map((x) => x.id));
  });

  it('a subscriber that throws is logged, and the others still hear', async () => {
    const { heard, subscribers } = recorders();
    const logged: string[] = [];
    const broken = { name: 'broken', committed: () => Promise.reject(new Error('down')) };
    const events = eventsService(new CommittedEvents([broken, ...subscribers], (message) => logged.push(message)));
    const { e } = await session();
    const started = e.started();
    await events.ingest([started]);
    await until(() => heard.webhooks.length === 1 && logged.length === 1);
    expect(logged).toEqual(["event subscriber 'broken' failed"]);
  });

  it('server events: a clip refused once is heard once, by webhooks and the live feed', async () => {
    const { heard, subscribers } = recorders();
    const { sessionId, e } = await session();
    await eventsService(new CommittedEvents(subscribers)).ingest([e.started(), e.viewed('ask')]);
    const clipId = `clp_${uuidv7()}`;
    const at = new Date().toISOString();
    await t.storage.clips.insert({
      ...{ id: clipId, sessionId, stepId: 'ask', kind: 'video', status: 'uploading', reason: null, mimeType: 'video/webm' },
      ...{ sizeBytes: null, durationSeconds: null, width: null, height: null, container: null, media: [], createdAt: at, updatedAt: at },
    });
    const clips = new ClipsService({
      sessions: t.storage.sessions,
      clips: t.storage.clips,
      versions: new FlowVersionCache(t.storage.flows),
      blobs: t.media.media.blobs,
      queue: t.media.media.queue,
      transcripts: t.storage.transcripts,
      uploads: new LocalUploadArea(t.media.media.uploadsDir, t.media.media.blobs),
      tokens: new UploadTokens(ADMIN_KEY),
      clock: steppingClock(),
      settings: DEFAULT_CLIP_SETTINGS,
      committed: new CommittedEvents(subscribers),
    });
    await until(() => heard.webhooks.length === 2);
    await clips.rejectUpload(clipId, 'too large');
    await clips.rejectUpload(clipId, 'too large');
    expect(heard.webhooks).toHaveLength(3);
    expect(heard.clipsChanged).toEqual([clipId]);
    expect(heard.handedOff).toEqual([]);
  });
});

/** The transcription hand-off hears `clip.processed` only, and hands a ready clip on once per event. */
describe('transcription hand-off subscriber', () => {
  it('hands on the processed clip of a batch, and nothing else', async () => {
    const { heard, subscribers } = recorders();
    const ref = { sessionId: uuidv7(), flowId: 'f', flowVersion: 1 };
    const base = { specversion: '1.0', source: 'reelback://server', time: new Date().toISOString(), datacontenttype: 'application/json', subject: 'clp_1' };
    const data = { ...ref, stepId: 'ask', clipId: 'clp_1', kind: 'video' };
    const processed = { ...base, id: uuidv7(), type: 'reelback.clip.processed', data: { ...data, durationSeconds: 2, sizeBytes: 10, width: 1, height: 1 } };
    const uploaded = { ...base, id: uuidv7(), type: 'reelback.clip.uploaded', data: { ...data, sizeBytes: 10, container: 'webm', durationSeconds: 2 } };
    await new CommittedEvents(subscribers).committed(ref.sessionId, [uploaded, processed] as unknown as ReelbackEvent[]);
    expect(heard.handedOff).toEqual(['clp_1']);
    expect(heard.clipsChanged).toEqual(['clp_1']);
    expect(heard.webhooks).toEqual([uploaded.id, processed.id]);
    expect(heard.transcriptsChanged).toEqual([]);
  });
});

/** The analysis hand-off (#17) hears typed and transcribed text arrive: `answer.submitted` and `transcript.ready`. */
describe('answer analysis hand-off subscriber', () => {
  it('asks for the submitted answers of a batch and for the answers of each transcript made ready', async () => {
    const { heard, subscribers } = recorders();
    const ref = { sessionId: uuidv7(), flowId: 'f', flowVersion: 1 };
    const base = { specversion: '1.0', source: 'reelback://server', time: new Date().toISOString(), datacontenttype: 'application/json', subject: 'clp_1' };
    const data = { ...ref, stepId: 'ask', clipId: 'clp_1', kind: 'video' };
    const ready = {
      ...base,
      id: uuidv7(),
      type: 'reelback.transcript.ready',
      data: { ...data, engine: 'whisper', model: 'm', language: 'en', text: 'hi', durationSeconds: 1, processingSeconds: 1 },
    };
    const failed = { ...base, id: uuidv7(), type: 'reelback.transcript.failed', data: { ...data, reason: 'no sound' } };
    const answered = { ...base, id: uuidv7(), type: 'reelback.answer.submitted', data: { ...ref, stepId: 'ask', answer: { kind: 'text', text: 'hi' } } };
    const analyzed = {
      ...base,
      id: uuidv7(),
      type: 'reelback.answer.analyzed',
      subject: answered.id,
      data: { ...ref, stepId: 'ask', answerId: answered.id, clipId: null, source: 'text', state: 'empty', language: null, sentiment: null, sentimentScore: null, keyPhrases: [], engine: { kind: 'local', name: 'x' } },
    };
    await new CommittedEvents(subscribers).committed(ref.sessionId, [ready, failed, answered, analyzed] as unknown as ReelbackEvent[]);
    expect(heard.transcriptsChanged).toEqual(['clp_1']);
    expect(heard.analysisAsked).toEqual([answered.id]);
    // The inbox hears the analysed answer changed (its chip); the analysis itself asks for nothing more.
    expect(heard.analysed).toEqual([answered.id]);
  });
});
