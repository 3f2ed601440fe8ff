import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiProblem, startSession } from './api-client.js';

const body = { flowId: 'demo', sessionId: '01900000-0000-7000-8000-000000000000', context: { embedMode: 'inline' as const } };
const started = { sessionId: body.sessionId, flowId: 'demo', flowVersion: 1, startStepId: 'welcome' };

/** A clock that moves only when the client sleeps. */
let clock = 0;
const time = { now: () => clock, sleep: async (ms: number) => void (clock += ms), random: () => 0 };

/** Answers the session requests in order and notes when each came. */
function fakeServer(answers: (() => Response)[]) {
  const times: number[] = [];
  vi.stubGlobal('fetch', async () => {
    times.push(clock);
    return (answers.shift() ?? (() => Response.json(started, { status: 201 })))();
  });
  return times;
}

const tooMany = (seconds: number) => () =>
  Response.json({ error: { code: 'rate-limited', message: 'too many session starts from this address' } }, { status: 429, headers: { 'retry-after': String(seconds) } });

beforeEach(() => void (clock = 0));
afterEach(() => vi.unstubAllGlobals());

describe('startSession and 429', () => {
  it('waits out 429s as long as Retry-After says, however many, then starts', async () => {
    const times = fakeServer(Array.from({ length: 6 }, () => tooMany(30)));
    await expect(startSession('https://api.example', body, time)).resolves.toEqual(started);
    expect(times).toHaveLength(7);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(gaps).toEqual(Array(6).fill(30_000));
  });

  it('gives up with the 429 after five minutes of them', async () => {
    const times = fakeServer(Array.from({ length: 100 }, () => tooMany(60)));
    const problem = await startSession('https://api.example', body, time).catch((error: unknown) => error);
    expect(problem).toBeInstanceOf(ApiProblem);
    expect((problem as ApiProblem).status).toBe(429);
    expect(times).toEqual([0, 60_000, 120_000, 180_000, 240_000, 300_000]);
  });

  it('still gives up on other failures after four tries', async () => {
    const times = fakeServer(Array.from({ length: 10 }, () => () => Response.json({ error: { code: 'internal', message: 'bug' } }, { status: 500 })));
    const problem = await startSession('https://api.example', body, time).catch((error: unknown) => error);
    expect((problem as ApiProblem).status).toBe(500);
    expect(times).toHaveLength(4);
  });
});
