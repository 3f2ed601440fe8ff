import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from './config/config.js';
import { startServer } from './start-server.js';
import { branchingFlow } from './test-support/fixtures.js';
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

  it('serves on the given port, then shuts down on SIGTERM with exit code 0', async () => {
    const main = fileURLToPath(new URL('./main.ts', import.meta.url));
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', main], {
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', REELBACK_DATA_DIR: join(dir, 'spawned'), REELBACK_DEMO: 'off' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const deadline = Date.now() + 30_000;
    while (!output.includes('Reelback listening')) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(output).toContain(`Reelback listening on http://localhost:${port} — demo at /demo/, API docs at /api/v1/docs`);
    expect(output).toMatch(/Created an owner API key/);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('SIGTERM received: shutting down');
  }, 40_000);
});
