import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { SessionRecord, uuidv7 } from '@reelback/shared';
import { startReelbackServer, type RunningServer } from './support/reelback-server.js';

let servers: RunningServer[] = [];
afterEach(async () => {
  for (const server of servers.reverse()) await server.stop().catch(() => undefined);
  servers = [];
});

const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('the server process', () => {
  it('keeps every event it acknowledged through a crash (SIGKILL right after the 202)', async () => {
    const first = await startReelbackServer();
    servers.push(first);
    const sessionIds = Array.from({ length: 20 }, () => uuidv7());
    // Batches for many sessions at once land in shared group commits: each 202 must still mean "on disk".
    await Promise.all(
      sessionIds.map(async (sessionId) => {
        const start = await fetch(`${first.url}/api/v1/sessions`, json({ flowId: 'demo', flowVersion: 1, sessionId, context: { embedMode: 'inline' } }));
        expect(start.status).toBe(201);
        const ref = { sessionId, flowId: 'demo', flowVersion: 1 };
        const envelope = () => ({ specversion: '1.0', id: uuidv7(), source: 'e2e', time: new Date().toISOString() });
        const events = [
          { ...envelope(), type: 'reelback.session.started', data: { ...ref, context: { embedMode: 'inline' } } },
          { ...envelope(), type: 'reelback.step.viewed', data: { ...ref, stepId: 'welcome' } },
          { ...envelope(), type: 'reelback.choice.selected', data: { ...ref, stepId: 'welcome', optionId: 'explore', nextStepId: 'explore' } },
        ];
        const res = await fetch(`${first.url}/api/v1/events`, json({ events }));
        expect(res.status).toBe(202);
      }),
    );
    await first.crash();

    const second = await startReelbackServer({}, first.dataDir);
    servers.push(second);
    for (const sessionId of sessionIds) {
      const res = await fetch(`${second.url}/api/v1/sessions/${sessionId}`, { headers: { authorization: `Bearer ${second.adminKey}` } });
      expect(res.status).toBe(200);
      const session = SessionRecord.parse(await res.json());
      expect(session.events.map((e) => e.event.type)).toEqual([
        'reelback.session.started',
        'reelback.step.viewed',
        'reelback.choice.selected',
      ]);
    }
  });

  it('refuses a chunked body over the limit with 413 without reading it all', async () => {
    const server = await startReelbackServer();
    servers.push(server);
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${server.url}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } });
      req.on('response', (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      const chunk = 'x'.repeat(64 * 1024);
      let sent = 0;
      const write = () => {
        while (sent < 4 * 1024 * 1024) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', write);
        }
        req.end();
      };
      write();
    });
    expect(status).toBe(413);
    expect(JSON.parse(body)).toEqual({ error: { code: 'payload-too-large', message: 'the body is larger than 1048576 bytes' } });
  });
});
