// The server as `npm start` runs it: packages/server/build.mjs's bundle on plain node, not tsx on the sources.
// Its files (demo flow, demo page, swagger-ui) must resolve from dist/ whatever the working directory, and stack
// traces must name the .ts sources.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../build.mjs';

const dir = await mkdtemp(join(tmpdir(), 'reelback-built-server-test-'));
afterAll(async () => rm(dir, { recursive: true, force: true }));

let outdir = '';
beforeAll(async () => {
  ({ outdir } = await buildServer());
}, 60_000);

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}

/** Runs node on `args` from `cwd`; output is stdout and stderr together. */
function node(args: string[], cwd: string, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

describe('the built server (dist/main.js)', () => {
  it('starts from any working directory, answers /healthz and /readyz, serves its files, and stops on SIGTERM', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const server = node(['--enable-source-maps', join(outdir, 'main.js')], dir, {
      PORT: String(port),
      HOST: '127.0.0.1',
      REELBACK_DATA_DIR: join(dir, 'data'),
      REELBACK_ADMIN_KEY: 'built-server-test-admin-key-0123',
      REELBACK_DEMO: 'on',
    });
    try {
      const deadline = Date.now() + 30_000;
      while (!server.output().includes('Reelback listening')) {
        if (server.child.exitCode !== null || Date.now() > deadline) throw new Error(`the built server did not start:\n${server.output()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const healthz = await fetch(`${url}/healthz`);
      expect(healthz.status).toBe(200);
      const readyz = await fetch(`${url}/readyz`);
      expect(readyz.status).toBe(200);
      expect(await readyz.json()).toMatchObject({ status: 'ready' });
      // demo/flow.json, demo/ and swagger-ui-dist, each found from dist/ rather than from the sources' folder.
      expect(await (await fetch(`${url}/api/v1/flows/demo/published`)).json()).toMatchObject({ flowId: 'demo', version: 1 });
      const demoPage = await fetch(`${url}/demo/`);
      expect(demoPage.status).toBe(200);
      expect(await demoPage.text()).toContain('<html');
      const swagger = await fetch(`${url}/api/v1/docs/assets/swagger-ui.css`);
      expect(swagger.status).toBe(200);
      expect((await swagger.text()).length).toBeGreaterThan(10_000);
    } finally {
      server.child.kill('SIGTERM');
    }
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('SIGTERM received: shutting down');
  }, 60_000);

  it('names the .ts sources in stack traces (source maps)', async () => {
    const script = `import(${JSON.stringify(pathToFileURL(join(outdir, 'index.js')).href)}).then((m) => {
      try { m.parseConfig({ PORT: '0' }); } catch (error) { console.log(error.stack); }
    });`;
    const run = node(['--enable-source-maps', '--input-type=module', '-e', script], dir);
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain("PORT must be a whole number from 1 to 65535, got '0'");
    expect(run.output()).toMatch(/packages\/server\/src\/config\/config\.ts:\d+:\d+/);
  }, 120_000);
});
