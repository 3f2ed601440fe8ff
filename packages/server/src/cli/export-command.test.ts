import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { uuidv7 } from '@reelback/shared';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsFor } from '../test-support/fixtures.js';
import { storageFactories } from '../test-support/storages.js';
import { ADMIN_KEY, uniqueFlowId, useTestApp } from '../test-support/test-app.js';
import { runCli } from './run-cli.js';

const flow = {
  name: 'CLI export',
  steps: [
    { id: 'say', prompt: { title: 'Tell us' }, answer: { type: 'open', kinds: ['text'] }, next: 'end' },
    { id: 'end', prompt: { title: 'Bye' }, answer: { type: 'end' } },
  ],
};
const ANSWERS = 1200; // more than two server batches of 500

function capture() {
  const out = { text: '', chunks: [] as Uint8Array[] };
  return {
    out,
    stream: {
      write(chunk: string | Uint8Array) {
        if (typeof chunk === 'string') out.text += chunk;
        else out.chunks.push(chunk);
        return true;
      },
    },
  };
}

// The CLI against a real server on a temporary SQLite database, over HTTP.
describe.each(storageFactories.filter((f) => f.name === 'sqlite'))('reelback export against a server on $name', (factory) => {
  const t = useTestApp(factory);
  const flowId = uniqueFlowId('cli');
  let server: ServerType;
  let url = '';
  let dir = '';

  beforeAll(async () => {
    server = serve({ fetch: t.reelback.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((ready) => server.once('listening', () => ready()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = await mkdtemp(join(tmpdir(), 'reelback-cli-export-'));
    expect((await t.request('POST', '/api/v1/flows', { owner: true, body: { id: flowId, definition: flow } })).status).toBe(201);
    expect((await t.request('POST', `/api/v1/flows/${flowId}/versions`, { owner: true })).status).toBe(201);
    const batch: unknown[] = [];
    for (let i = 0; i < ANSWERS; i++) {
      const sessionId = uuidv7();
      expect((await t.request('POST', '/api/v1/sessions', { body: { flowId, sessionId, context: { embedMode: 'inline' } } })).status).toBe(201);
      const e = eventsFor({ sessionId, flowId, flowVersion: 1 });
      const [started, viewed] = [e.started(), e.viewed('say')];
      const answer = { ...e.viewed('say'), type: 'reelback.answer.submitted', data: { sessionId, flowId, flowVersion: 1, stepId: 'say', answer: { kind: 'text', text: i === 0 ? '=1+1' : `answer ${i}` }, nextStepId: 'end' } };
      batch.push(started, viewed, answer);
      if (batch.length >= 90) {
        const res = await t.request('POST', '/api/v1/events', { body: { events: batch.splice(0) } });
        expect(res.status, await res.clone().text()).toBe(202);
      }
    }
    if (batch.length > 0) expect((await t.request('POST', '/api/v1/events', { body: { events: batch } })).status).toBe(202);
  }, 120_000);

  afterAll(async () => {
    await new Promise((done) => server.close(done));
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the CSV to --out with progress lines on stderr', async () => {
    const stdout = capture();
    const stderr = capture();
    const code = await runCli(['export', '--url', url, '--key', ADMIN_KEY, '--flow', flowId, '--format', 'csv', '--out', 'answers.csv'], {
      env: {},
      cwd: dir,
      stdout: stdout.stream,
      stderr: stderr.stream,
      progressIntervalMs: 0,
    });
    expect(code, stderr.out.text).toBe(0);
    expect(stdout.out.text + stdout.out.chunks.length).toBe('0');
    expect(await readdir(dir)).toEqual(['answers.csv']); // the .part was renamed
    const records = parse(await readFile(join(dir, 'answers.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(records.length).toBe(ANSWERS);
    expect(records.every((r) => r.flowId === flowId && r.stepId === 'say')).toBe(true);
    expect(records.some((r) => r.text === "'=1+1")).toBe(true);

    const lines = stderr.out.text.trimEnd().split('\n');
    expect(lines[0]).toBe(`reelback export: answers as csv, ${ANSWERS} rows from ${url}`);
    const counts = lines.slice(1, -1).map((line) => Number(/: (\d+)\/1200 rows \(/.exec(line)?.[1]));
    expect(counts.length).toBeGreaterThanOrEqual(3);
    expect(counts.every((n, i) => Number.isInteger(n) && (i === 0 || n >= counts[i - 1]!))).toBe(true);
    expect(lines.at(-2)).toMatch(/^reelback export: 1200\/1200 rows \(100\.0 %\), \d/);
    expect(lines.at(-1)).toMatch(new RegExp(`^reelback export: done, 1200 rows in \\d+\\.\\d s → ${join(dir, 'answers.csv')}$`));
  });

  it('writes NDJSON of sessions to stdout; says what is wrong on a bad call', async () => {
    const stdout = capture();
    const stderr = capture();
    const code = await runCli(['export', '--what', 'sessions', '--format', 'ndjson', '--flow', flowId], {
      env: { REELBACK_URL: url, REELBACK_API_KEY: ADMIN_KEY },
      stdout: stdout.stream,
      stderr: stderr.stream,
    });
    expect(code, stderr.out.text).toBe(0);
    const lines = Buffer.concat(stdout.out.chunks).toString('utf8').trimEnd().split('\n');
    expect(lines.length).toBe(ANSWERS);
    expect(JSON.parse(lines[0]!)).toMatchObject({ flowId, answers: 1, lastStepId: 'say' });

    const fail = capture();
    expect(await runCli(['export', '--url', url, '--key', ADMIN_KEY, '--flow', 'no-such-flow'], { env: {}, stdout: capture().stream, stderr: fail.stream })).toBe(1);
    expect(fail.out.text).toBe('reelback export: the server answered 404: there is no flow "no-such-flow"\n');
    const wrongKey = capture();
    expect(await runCli(['export', '--url', url, '--key', 'rb_wrong_key'], { env: {}, stdout: capture().stream, stderr: wrongKey.stream })).toBe(1);
    expect(wrongKey.out.text).toBe('reelback export: the server answered 401: this API key is not known here; an admin makes keys in Settings → API keys (/app/settings/api-keys)\n');
    const usage = capture();
    expect(await runCli(['export', '--url', url], { env: {}, stdout: capture().stream, stderr: usage.stream })).toBe(2);
    expect(usage.out.text).toContain(`an API key is needed: --key KEY or REELBACK_API_KEY. An admin makes one in the dashboard under Settings → API keys (${new URL('/app/settings/api-keys', url)}) with the read scope.`);
    const misuse = capture();
    expect(await runCli(['export', '--key', 'k', '--what', 'events', '--tag', 'x'], { env: {}, stdout: capture().stream, stderr: misuse.stream })).toBe(2);
    expect(misuse.out.text).toContain('--tag filters answers only');
  });
});
