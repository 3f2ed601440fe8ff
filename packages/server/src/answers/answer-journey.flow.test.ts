import { AnswerJourney, uuidv7 } from '@reelback/shared';
import { describe, expect, it } from 'vitest';
import { eventsFor } from '../test-support/fixtures.js';
import { storageFactories } from '../test-support/storages.js';
import { steppingClock, uniqueFlowId, useTestApp } from '../test-support/test-app.js';

/** start (choice) → rate → contact (consent optional) → say (text) → record (video) → end. */
const journeyFlow = {
  name: 'Journey test flow',
  steps: [
    {
      id: 'start',
      prompt: { title: 'What brings you here?' },
      answer: {
        type: 'choice',
        options: [
          { id: 'bug', label: 'Something is broken', next: 'rate' },
          { id: 'idea', label: 'An idea', next: 'end' },
        ],
      },
    },
    { id: 'rate', prompt: { title: 'How bad is it?' }, answer: { type: 'rating', scale: 5 }, next: 'contact' },
    {
      id: 'contact',
      prompt: { text: 'May we write back?' },
      // No consent box: the viewer may send the fields without consenting to be contacted.
      answer: { type: 'contact', fields: [{ name: 'email', label: 'E-mail' }, { name: 'name', label: 'Name' }] },
      next: 'say',
    },
    { id: 'say', prompt: { title: 'Tell us more' }, answer: { type: 'open', kinds: ['text'] }, next: 'record' },
    { id: 'record', prompt: {}, answer: { type: 'open', kinds: ['video'] }, next: 'end' },
    { id: 'end', prompt: { title: 'Thanks' }, answer: { type: 'end' } },
  ],
};

const SECRET_EMAIL = 'do-not-show@example.org';
const XSS = '<script>alert("x")</script> the export is slow';

describe.each(storageFactories)('answer journey on $name', (factory) => {
  const t = useTestApp(factory, { clock: steppingClock(Date.parse('2026-03-01T10:00:00.000Z')) });
  const flowId = uniqueFlowId('journey');
  const sessionId = uuidv7();
  const clipId = `clp_journey${Date.now()}0000000000`;
  const ids: Record<string, string> = {};

  const owner = (method: string, path: string, body?: unknown) => t.request(method, path, { owner: true, ...(body !== undefined ? { body } : {}) });

  async function journeyOf(answerId: string, headers: Record<string, string> = { authorization: 'Bearer test-admin-key-0123456789' }) {
    const res = await t.request('GET', `/api/v1/answers/${answerId}/journey`, { headers });
    expect(res.status, await res.clone().text()).toBe(200);
    return AnswerJourney.parse(await res.json());
  }

  it("lists the viewer's steps in order with what they answered, up to the answer, and hides contact fields given without consent", async () => {
    const bootstrap = { workspaceName: 'A', email: 'ada@example.org', name: 'Ada', password: 'a long enough password' };
    expect((await owner('POST', '/api/v1/auth/bootstrap', bootstrap)).status).toBe(201);
    expect((await owner('POST', '/api/v1/flows', { id: flowId, definition: journeyFlow })).status).toBe(201);
    expect((await owner('POST', `/api/v1/flows/${flowId}/versions`)).status).toBe(201);
    const context = { embedMode: 'bubble', pageUrl: 'https://shop.example.com/checkout', referrer: 'https://search.example.net/', locale: 'de-DE' };
    expect((await t.request('POST', '/api/v1/sessions', { body: { flowId, sessionId, context } })).status).toBe(201);

    const e = eventsFor({ sessionId, flowId, flowVersion: 1 });
    const answer = (stepId: string, value: unknown, nextStepId: string | null, time: string) => {
      const event = { ...e.viewed(stepId), time, type: 'reelback.answer.submitted', data: { sessionId, flowId, flowVersion: 1, stepId, answer: value, nextStepId } };
      ids[stepId] = event.id;
      return event;
    };
    const at = (minute: number) => `2026-03-01T11:${String(minute).padStart(2, '0')}:00.000+01:00`;
    const viewed = (stepId: string, minute: number) => ({ ...e.viewed(stepId), time: at(minute) });
    const events = [
      { ...e.started(), time: at(0), data: { ...e.started().data, context } },
      viewed('start', 0),
      viewed('start', 1), // a reload: not a second visit
      { ...e.chose('start', 'bug', 'rate'), time: at(2) },
      viewed('rate', 3),
      answer('rate', { kind: 'rating', value: 2 }, 'contact', at(4)),
      viewed('contact', 5),
      answer('contact', { kind: 'contact', fields: { email: SECRET_EMAIL, name: 'Secret Name' }, consent: false }, 'say', at(6)),
      viewed('say', 7),
      answer('say', { kind: 'text', text: XSS }, 'record', at(8)),
      viewed('record', 9),
    ];
    const sent = await t.request('POST', '/api/v1/events', { body: { events } });
    expect(sent.status, await sent.clone().text()).toBe(202);

    // The recorded answer afterwards, once its clip exists (as the upload would leave it).
    const now = new Date().toISOString();
    await t.storage.clips.insert({
      id: clipId,
      sessionId,
      stepId: 'record',
      kind: 'video',
      status: 'uploaded',
      reason: null,
      mimeType: 'video/webm',
      sizeBytes: 10,
      durationSeconds: null,
      width: null,
      height: null,
      container: null,
      media: [],
      createdAt: now,
      updatedAt: now,
    });
    const recorded = answer('record', { kind: 'video', clipId }, 'end', at(10));
    expect((await t.request('POST', '/api/v1/events', { body: { events: [recorded, { ...e.viewed('end'), time: at(11) }, e.completed('end')] } })).status).toBe(202);

    const journey = await journeyOf(ids.say!);
    expect(journey).toEqual({
      answerId: ids.say,
      sessionId,
      flowId,
      flowVersion: 1,
      startedAt: expect.any(String),
      context: { pageUrl: context.pageUrl, referrer: context.referrer, locale: 'de-DE', embedMode: 'bubble' },
      steps: [
        { stepId: 'start', title: 'What brings you here?', type: 'choice', at: '2026-03-01T10:00:00.000Z', response: { kind: 'choice', optionId: 'bug', label: 'Something is broken' }, current: false },
        { stepId: 'rate', title: 'How bad is it?', type: 'rating', at: '2026-03-01T10:03:00.000Z', response: { kind: 'rating', value: 2 }, current: false },
        { stepId: 'contact', title: 'May we write back?', type: 'contact', at: '2026-03-01T10:05:00.000Z', response: { kind: 'contact', consent: false }, current: false },
        { stepId: 'say', title: 'Tell us more', type: 'open', at: '2026-03-01T10:07:00.000Z', response: { kind: 'text', text: XSS }, current: true },
      ],
    });
    const text = JSON.stringify(journey);
    expect(text).not.toContain(SECRET_EMAIL);
    expect(text).not.toContain('Secret Name');

    // The recorded answer's journey goes one step further, to it, with its answer id; untitled steps show their id.
    const toVideo = await journeyOf(ids.record!);
    expect(toVideo.steps.map((s) => s.stepId)).toEqual(['start', 'rate', 'contact', 'say', 'record']);
    expect(toVideo.steps.map((s) => s.current)).toEqual([false, false, false, false, true]);
    expect(toVideo.steps.at(-1)).toMatchObject({ title: 'record', type: 'open', response: { kind: 'video', clipId, answerId: ids.record } });

    // An earlier answer's journey ends at it.
    expect((await journeyOf(ids.rate!)).steps.map((s) => [s.stepId, s.current])).toEqual([
      ['start', false],
      ['rate', true],
    ]);
  });

  it('shows contact fields the viewer consented to give', async () => {
    const other = uuidv7();
    expect((await t.request('POST', '/api/v1/sessions', { body: { flowId, sessionId: other, context: { embedMode: 'inline' } } })).status).toBe(201);
    const e = eventsFor({ sessionId: other, flowId, flowVersion: 1 });
    // Event ids are made in call order (UUIDv7), and that is the order the server takes them in.
    const walk = [e.started(), e.viewed('start'), e.chose('start', 'bug', 'rate'), e.viewed('rate'), e.rated('rate', 5, 'contact'), e.viewed('contact')];
    const contact = { ...e.viewed('contact'), type: 'reelback.answer.submitted', data: { sessionId: other, flowId, flowVersion: 1, stepId: 'contact', answer: { kind: 'contact', fields: { email: 'yes@example.org' }, consent: true }, nextStepId: 'say' } };
    const events = [...walk, contact];
    const sent = await t.request('POST', '/api/v1/events', { body: { events } });
    expect(sent.status, await sent.clone().text()).toBe(202);
    const journey = await journeyOf(contact.id);
    expect(journey.context).toEqual({ pageUrl: null, referrer: null, locale: null, embedMode: 'inline' });
    expect(journey.steps.map((s) => s.response)).toEqual([
      { kind: 'choice', optionId: 'bug', label: 'Something is broken' },
      { kind: 'rating', value: 5 },
      { kind: 'contact', consent: true, fields: { email: 'yes@example.org' } },
    ]);
  });

  it("is a 404 in another workspace, as for a missing answer", async () => {
    const ada = await t.request('POST', '/api/v1/auth/login', { body: { email: 'ada@example.org', password: 'a long enough password' } });
    const { csrfToken } = (await ada.json()) as { csrfToken: string };
    const cookie = ada.headers.get('set-cookie')!.split(';')[0]!;
    const made = await t.request('POST', '/api/v1/workspaces', { headers: { cookie, 'x-csrf-token': csrfToken }, body: { name: 'B' } });
    const { id: workspaceB } = (await made.json()) as { id: string };
    const inB = await t.request('POST', '/api/v1/auth/login', { body: { email: 'ada@example.org', password: 'a long enough password', workspaceId: workspaceB } });
    const cookieB = inB.headers.get('set-cookie')!.split(';')[0]!;

    const there = await t.request('GET', `/api/v1/answers/${ids.say}/journey`, { headers: { cookie: cookieB } });
    expect(there.status).toBe(404);
    const missing = await t.request('GET', `/api/v1/answers/${uuidv7()}/journey`, { headers: { cookie: cookieB } });
    expect(missing.status).toBe(404);
    expect(((await there.json()) as { error: { code: string } }).error.code).toBe('unknown-answer');
    // The same user back in A sees it.
    expect((await journeyOf(ids.say!, { cookie })).answerId).toBe(ids.say);
  });
});
