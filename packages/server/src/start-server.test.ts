import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { parseConfig } from './config/config.js';
import { startServer } from './start-server.js';
import { branchingFlow } from './test-support/fixtures.js';
import { freshDatabase } from './test-support/fresh-database.js';
import { SMTP_PASSWORD, startTestSmtp } from './test-support/test-smtp.js';

const dir = await mkdtemp(join(tmpdir(), 'reelback-start-test-'));
afterAll(async () => rm(dir, { recursive: true, force: true }));

const ADMIN_KEY = 'start-test-admin-key-0123';

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}

describe('startServer', () => {
  it('migrates, seeds the demo, listens, and closes', async () => {
    const flowFile = join(dir, 'flow.json');
    await writeFile(flowFile, JSON.stringify(branchingFlow));
    const config = { ...parseConfig({ REELBACK_DATA_DIR: join(dir, 'in-process'), HOST: '127.0.0.1' }), adminKey: ADMIN_KEY, port: 0 };
    const server = await startServer(config, { demoFlowFile: flowFile, log: () => {} });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      const demo = await fetch(`${server.url}/api/v1/flows/demo/published`);
      expect(await demo.json()).toMatchObject({ flowId: 'demo', version: 1 });
    } finally {
      await server.close();
    }
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });

  it('keeps the same setup code across a restart until it is used, and has none once set up', async () => {
    const config = { ...parseConfig({ REELBACK_DATA_DIR: join(dir, 'restarted'), HOST: '127.0.0.1', REELBACK_DEMO: 'off' }), adminKey: ADMIN_KEY, port: 0 };
    const first = await startServer(config, { log: () => {} });
    await first.close();
    const second = await startServer(config, { log: () => {} });
    try {
      expect(first.setup.pending).toBe(true);
      expect(second.setup).toEqual(first.setup);
      const code = first.setup.pending ? first.setup.code : '';
      const res = await fetch(`${second.url}/api/v1/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code, workspaceName: 'Acme', email: 'ada@example.org', name: 'Ada', password: 'a long enough password' }),
      });
      expect(res.status, await res.clone().text()).toBe(201);
    } finally {
      await second.close();
    }
    const third = await startServer(config, { log: () => {} });
    await third.close();
    expect(third.setup).toEqual({ pending: false });
  });

  it('sends invites through the configured SMTP server, and says where without its password', async () => {
    const smtp = await startTestSmtp();
    const lines: string[] = [];
    const config = {
      ...parseConfig({
        REELBACK_DATA_DIR: join(dir, 'with-mail'),
        HOST: '127.0.0.1',
        REELBACK_DEMO: 'off',
        REELBACK_SMTP_URL: smtp.url,
        REELBACK_MAIL_FROM: 'Reelback <reelback@acme.example>',
        REELBACK_PUBLIC_URL: 'https://feedback.acme.example',
      }),
      adminKey: ADMIN_KEY,
      port: 0,
    };
    const server = await startServer(config, { log: (line) => lines.push(line) });
    try {
      expect(lines).toContain(`E-mail: invites and password reset links are sent through smtp://127.0.0.1:${smtp.port} as Reelback <reelback@acme.example>.`);
      expect(lines.join('\n')).not.toContain(SMTP_PASSWORD);
      const key = { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' };
      const boot = await fetch(`${server.url}/api/v1/auth/bootstrap`, {
        method: 'POST',
        headers: key,
        body: JSON.stringify({ workspaceName: 'Acme', email: 'ann@example.org', name: 'Ann', password: 'a long enough password' }),
      });
      expect(boot.status).toBe(201);
      const made = await fetch(`${server.url}/api/v1/workspace/invites`, { method: 'POST', headers: key, body: JSON.stringify({ role: 'owner', email: 'bo@example.org' }) });
      expect(made.status).toBe(201);
      const { url } = (await made.json()) as { url: string };
      expect(url).toMatch(/^https:\/\/feedback\.acme\.example\/app\/invite#token=/);
      const mail = await smtp.waitFor((m) => m.to.includes('bo@example.org'));
      expect(mail.parsed.text).toContain(url);
    } finally {
      await server.close();
      await smtp.close();
    }
  });
});

describe('startServer on PostgreSQL', () => {
  /** Closed connections leave pg_stat_activity a moment after the client ends: wait for it, a leak never does. */
  const noConnectionsLeft = async (db: { connections(): Promise<number> }) =>
    vi.waitFor(async () => expect(await db.connections(), 'connections still open to the server\'s database').toBe(0), { timeout: 15_000, interval: 100 });

  it('leaves no connection open when it fails after starting the answer feed and the job queue, nor after close', async () => {
    const db = await freshDatabase('reelback_start');
    const taken = createServer();
    try {
      await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
      const address = taken.address();
      if (typeof address !== 'object' || !address) throw new Error('the blocking listener has no port');
      const env = { REELBACK_DATA_DIR: join(dir, 'postgres'), HOST: '127.0.0.1', REELBACK_DEMO: 'off', DATABASE_URL: db.url };
      // The port is taken: everything before listening has started (answer feed, job queue, background work).
      await expect(startServer({ ...parseConfig(env), adminKey: ADMIN_KEY, port: address.port }, { env, log: () => {} })).rejects.toThrow(/EADDRINUSE/);
      await noConnectionsLeft(db);

      const server = await startServer({ ...parseConfig(env), adminKey: ADMIN_KEY, port: 0 }, { env, log: () => {} });
      expect(await db.connections(), 'a running server holds connections (else the check above proves nothing)').toBeGreaterThan(0);
      await server.close();
      await noConnectionsLeft(db);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
      await db.drop();
    }
  });
});

describe('main.ts', () => {
  it('refuses a bad configuration with the reason and exit code 1', async () => {
    const main = fileURLToPath(new URL('./main.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', main], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', REELBACK_DATA_DIR: join(dir, 'spawned'), REELBACK_DEMO: 'off' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    expect(await exited).toBe(1);
    expect(output).toContain("PORT must be a whole number from 1 to 65535, got '0'");
  });

  it('serves on the given port, prints where things are and the setup code (never a key), then shuts down on SIGTERM with exit code 0', async () => {
    const main = fileURLToPath(new URL('./main.ts', import.meta.url));
    const port = await freePort();
    const dataDir = join(dir, 'spawned');
    const child = spawn(process.execPath, ['--import', 'tsx', main], {
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', REELBACK_DATA_DIR: dataDir, REELBACK_DEMO: 'off', REELBACK_ADMIN_KEY: '', REELBACK_SECRET_KEY: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const deadline = Date.now() + 30_000;
    while (!/Setup code: \S+\n[^\n]*\n/.test(output)) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const url = `http://127.0.0.1:${port}`;
    expect(output).toContain(`Reelback listening on ${url}\n  Dashboard  ${url}/app/\n  API docs   ${url}/api/v1/docs\n`);
    expect(output).toContain(`Created an owner API key in ${join(dataDir, 'admin-key')}`);
    expect(output).toContain(`  Admin key  kept in ${join(dataDir, 'admin-key')} (for scripts and automation; not printed)`);
    expect(output).toContain(`  ${url}/app/setup\n`);
    // Neither key is in the log, whole or in part.
    for (const file of ['admin-key', 'secret-key']) {
      const secret = (await readFile(join(dataDir, file), 'utf8')).trim();
      expect(secret.length).toBeGreaterThan(16);
      expect(output).not.toContain(secret.slice(0, 12));
    }
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    // The printed code is the one the setup page takes.
    const code = /Setup code: (\S+)/.exec(output)![1]!;
    const setup = await fetch(`${url}/api/v1/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, workspaceName: 'Acme', email: 'ada@example.org', name: 'Ada', password: 'a long enough password' }),
    });
    expect(setup.status, await setup.clone().text()).toBe(201);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('SIGTERM received: shutting down');
  }, 120_000);
});
