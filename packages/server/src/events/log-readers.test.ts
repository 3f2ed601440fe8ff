import { ReelbackEvent, uuidv7 } from '@reelback/shared';
import { describe, expect, it } from 'vitest';
import { eventsFor } from '../test-support/fixtures.js';
import { StoredEventBus } from '../webhooks/event-bus.js';
import type { FanoutEvent } from '../ports/webhook-store.js';
import { declareLogReaders } from './subscribers.js';

/** What every process does with the events it reads from the shared log (`declareLogReaders`). */
describe('the log readers', () => {
  const ref = { sessionId: uuidv7(), flowId: 'f', flowVersion: 1 };
  const clipId = 'clp_0123456789abcdef';
  const fixtures = eventsFor(ref);
  const e = {
    started: () => ReelbackEvent.parse(fixtures.started()),
    viewed: (step: string) => ReelbackEvent.parse(fixtures.viewed(step)),
    completed: () => ReelbackEvent.parse(fixtures.completed('end')),
    answered: () => ReelbackEvent.parse(fixtures.answered('ask', { kind: 'text', text: 'fine' }, 'end')),
  };
  const read = (workspaceId: string | null, event: ReelbackEvent, n: number): FanoutEvent => ({ position: `1:${n}`, workspaceId, receivedAt: '2026-01-02T03:04:05.000Z', event });

  it("tells each workspace's stream listeners its own events, in the log's order, and nobody else's", async () => {
    const bus = new StoredEventBus();
    const heard = new Map<string | null, string[][]>();
    for (const ws of ['ws_1', 'ws_2', null]) bus.subscribe(ws, (events) => heard.set(ws, [...(heard.get(ws) ?? []), events.map((x) => x.id)]));
    const [a, b, c, d] = [e.started(), e.viewed('ask'), e.viewed('end'), e.completed()];
    const updates = { added: async () => {}, clipChanged: async () => {}, analysed: async () => {} };
    const stream = declareLogReaders({ stream: bus, updates }).find((r) => r.name === 'live event stream')!;
    await stream.read([read('ws_1', a, 1), read('ws_1', b, 2), read('ws_2', c, 3), read('ws_1', d, 4)]);
    expect(heard.get('ws_1')).toEqual([[a.id, b.id], [d.id]]);
    expect(heard.get('ws_2')).toEqual([[c.id]]);
    expect(heard.get(null)).toBeUndefined();
  });

  it('makes the answer feed messages from the events read: new answers, and clips that settled', async () => {
    const added: string[] = [];
    const changed: string[] = [];
    const analysed: string[] = [];
    const updates = {
      added: async (ids: readonly string[]) => void added.push(...ids),
      clipChanged: async (clipId: string) => void changed.push(clipId),
      analysed: async (ids: readonly string[]) => void analysed.push(...ids),
    };
    const feed = declareLogReaders({ stream: new StoredEventBus(), updates }).find((r) => r.name === 'live answer feed')!;
    const answered = e.answered();
    const processed = ReelbackEvent.parse({
      specversion: '1.0',
      id: uuidv7(),
      source: '/reelback/clips',
      type: 'reelback.clip.processed',
      time: '2026-01-02T03:04:05.000Z',
      data: { ...ref, stepId: 'ask', clipId, kind: 'video', durationSeconds: 2, sizeBytes: 1000, width: 160, height: 120 },
    });
    await feed.read([read('ws_1', e.started(), 1), read('ws_1', answered, 2), read('ws_1', processed, 3)]);
    expect(added).toEqual([answered.id]);
    expect(changed).toEqual([clipId]);
  });
});
