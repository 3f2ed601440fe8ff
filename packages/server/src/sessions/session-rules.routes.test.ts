import { SessionRecord, StartSessionResponse, uuidv7 } from '@reelback/shared';
import { describe, expect, it } from 'vitest';
import { eventsFor, rulesFlow } from '../test-support/fixtures.js';
import { storageFactories } from '../test-support/storages.js';
import { uniqueFlowId, useTestApp } from '../test-support/test-app.js';

const context = { embedMode: 'script' } as const;

describe.each(storageFactories)('flow variables and branching rules on $name', (factory) => {
  const t = useTestApp(factory);

  async function publishedRulesFlow() {
    const id = uniqueFlowId('rules');
    expect((await t.request('POST', '/api/v1/flows', { owner: true, body: { id, definition: rulesFlow } })).status).toBe(201);
    expect((await t.request('POST', `/api/v1/flows/${id}/versions`, { owner: true })).status).toBe(201);
    return id;
  }

  async function startWith(flowId: string, vars?: Record<string, string>) {
    const res = await t.request('POST', '/api/v1/sessions', { body: { flowId, sessionId: uuidv7(), context, vars } });
    expect(res.status, await res.clone().text()).toBe(201);
    return StartSessionResponse.parse(await res.json());
  }

  async function varsOf(sessionId: string) {
    const read = await t.request('GET', `/api/v1/sessions/${sessionId}`, { owner: true });
    expect(read.status).toBe(200);
    return SessionRecord.parse(await read.json()).vars;
  }

  const send = async (events: unknown[]) => {
    const res = await t.request('POST', '/api/v1/events', { body: { events } });
    return { status: res.status, body: (await res.json()) as { accepted: string[]; rejected: { id: string; reason: string }[] } };
  };

  it('keeps only the variables the flow declares; a value longer than its declared maxLength is dropped', async () => {
    const flowId = await publishedRulesFlow();
    const session = await startWith(flowId, { plan: 'pro', name: 'x'.repeat(21), utm_source: 'ad', referrer: 'y' });
    expect(await varsOf(session.sessionId)).toEqual({ plan: 'pro' });
    const named = await startWith(flowId, { name: 'Zoë <script>', plan: 'Enterprise' });
    expect(await varsOf(named.sessionId)).toEqual({ name: 'Zoë <script>', plan: 'Enterprise' });
    expect(await varsOf((await startWith(flowId)).sessionId)).toEqual({});
  });

  it('refuses absurd variables with a 400 naming the field', async () => {
    const flowId = await publishedRulesFlow();
    const tooLong = await t.request('POST', '/api/v1/sessions', { body: { flowId, context, vars: { plan: 'x'.repeat(501) } } });
    expect(tooLong.status).toBe(400);
    expect(JSON.stringify(await tooLong.json())).toContain('"path":["vars","plan"]');
    const tooMany = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`v${i}`, 'x']));
    const many = await t.request('POST', '/api/v1/sessions', { body: { flowId, context, vars: tooMany } });
    expect(many.status).toBe(400);
    expect(JSON.stringify(await many.json())).toContain('at most 50 variables');
    const notText = await t.request('POST', '/api/v1/sessions', { body: { flowId, context, vars: { plan: 3 } } });
    expect(notText.status).toBe(400);
  });

  it("follows the rules with the session's variables and earlier answers, and refuses moves they do not allow", async () => {
    const flowId = await publishedRulesFlow();
    const session = await startWith(flowId, { plan: 'enterprise' });
    const e = eventsFor({ sessionId: session.sessionId, flowId, flowVersion: session.flowVersion });
    // plan=enterprise sends "intro" to "contact" whatever is chosen: the plain default ("nps") is refused.
    // Events are applied in id (creation) order: make them in the order they happen.
    const opening = [e.started(), e.viewed('intro')];
    const wrong = e.chose('intro', 'no', 'nps');
    const first = await send([...opening, wrong]);
    expect(first.status).toBe(422);
    expect(first.body.rejected).toEqual([
      { id: wrong.id, reason: 'nextStepId "nps" does not follow from this answer; the flow leads to "contact"' },
    ]);
    expect(await send([e.chose('intro', 'no', 'contact'), e.viewed('contact')])).toMatchObject({ status: 202, body: { rejected: [] } });
    // A later batch: "no" at intro → thanks (rule 2 of contact), which the server knows only from the stored progress.
    const ok = await send([
      e.answered('contact', { kind: 'contact', fields: { email: 'ann@example.com' }, consent: false }, 'thanks'),
      e.viewed('thanks'),
      e.completed('thanks'),
    ]);
    expect(ok).toMatchObject({ status: 202, body: { rejected: [] } });
  });

  it('branches on the declared fallback when the page passed nothing, and on a score range', async () => {
    const flowId = await publishedRulesFlow();
    const session = await startWith(flowId);
    const e = eventsFor({ sessionId: session.sessionId, flowId, flowVersion: session.flowVersion });
    const opening = [e.started(), e.viewed('intro'), e.chose('intro', 'yes', 'nps'), e.viewed('nps')];
    const wrongScore = e.answered('nps', { kind: 'nps', value: 4 }, 'thanks');
    const res = await send([...opening, wrongScore]);
    expect(res.body.rejected).toEqual([{ id: wrongScore.id, reason: 'nextStepId "thanks" does not follow from this answer; the flow leads to "why"' }]);
    expect((await send([e.answered('nps', { kind: 'nps', value: 4 }, 'why')])).status).toBe(202);
  });
});
