import { http, HttpResponse } from 'msw';
import { beforeAll, describe, expect, it } from 'vitest';
import { requestUploadTicket } from '../api/upload-ticket.js';
import { startWorker, worker } from '../test-support/fake-api.js';
import { FakeTusServer } from './fake-tus.js';

beforeAll(() => startWorker());

const fast = { backoff: { baseMs: 1, maxMs: 1 } };

describe('requestUploadTicket', () => {
  it('posts the request to the session’s clips and returns the 201 ticket', async () => {
    const server = new FakeTusServer().install();
    const ticket = await requestUploadTicket(`${location.origin}/`, 'ses_1', { stepId: 'q1', kind: 'audio', mimeType: 'audio/webm;codecs=opus' });
    expect(ticket.clipId).toMatch(/^clp_/);
    expect(ticket.uploadUrl).toBe('/api/v1/uploads');
    expect(server.ticketRequests).toEqual([{ stepId: 'q1', kind: 'audio', mimeType: 'audio/webm;codecs=opus' }]);
  });

  it('rejects with the server’s message on a 4xx, without retrying', async () => {
    let calls = 0;
    worker.resetHandlers(
      http.post(`${location.origin}/api/v1/sessions/:sessionId/clips`, () => {
        calls++;
        return HttpResponse.json({ error: { code: 'step-not-recordable', message: 'This step does not take recordings.' } }, { status: 422 });
      }),
    );
    await expect(requestUploadTicket(location.origin, 'ses_1', { stepId: 'q1', kind: 'video' }, fast)).rejects.toThrow('This step does not take recordings.');
    expect(calls).toBe(1);
  });

  it('retries network errors and 5xx a few times', async () => {
    const server = new FakeTusServer();
    const answers: ('network' | 503)[] = ['network', 503];
    worker.resetHandlers(
      http.post(`${location.origin}/api/v1/sessions/:sessionId/clips`, () => {
        const answer = answers.shift();
        if (answer === 'network') return HttpResponse.error();
        if (answer) return HttpResponse.json({ error: { message: 'busy' } }, { status: answer });
        return HttpResponse.json(server.ticket(), { status: 201 });
      }),
    );
    expect((await requestUploadTicket(location.origin, 'ses_1', { stepId: 'q1', kind: 'video' }, fast)).clipId).toMatch(/^clp_/);
    answers.push('network', 'network', 'network');
    await expect(requestUploadTicket(location.origin, 'ses_1', { stepId: 'q1', kind: 'video' }, fast)).rejects.toThrow('We could not reach the server');
  });
});
