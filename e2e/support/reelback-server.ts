import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SessionList, type SessionRecord } from '@reelback/shared';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface RunningServer {
  url: string;
  port: number;
  adminKey: string;
  dataDir: string;
  output: () => string;
  /** The flow's sessions with their events, newest first, read through the owner API. */
  sessions: (flowId: string) => Promise<SessionRecord[]>;
  /** SIGTERM, then removes the data folder. */
  stop: () => Promise<void>;
  /** SIGKILL, as a crash would; the data folder stays for a restart. */
  crash: () => Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Starts the real server as `npm start` would (node on packages/server/dist/main.js, built by the e2e project's
 * global setup), on its own port and data folder.
 */
export async function startReelbackServer(
  env: Record<string, string> = {},
  reuseDataDir?: string,
  /** A restart after a crash takes the same port, so pages that talk to it keep working. */
  reusePort?: number,
): Promise<RunningServer> {
  const port = reusePort ?? (await freePort());
  const dataDir = reuseDataDir ?? (await mkdtemp(join(tmpdir(), 'reelback-e2e-')));
  const adminKey = 'e2e-admin-key-0123456789abcdef';
  let log = '';
  const child: ChildProcess = spawn(process.execPath, ['--enable-source-maps', 'packages/server/dist/main.js'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', REELBACK_DATA_DIR: dataDir, REELBACK_ADMIN_KEY: adminKey, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${log}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server not ready after 60 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  return {
    url,
    port,
    adminKey,
    dataDir,
    output: () => log,
    sessions: async (flowId) => {
      const res = await fetch(`${url}/api/v1/sessions?flowId=${encodeURIComponent(flowId)}`, { headers: { authorization: `Bearer ${adminKey}` } });
      if (res.status !== 200) throw new Error(`listing sessions: ${res.status} ${await res.text()}`);
      return SessionList.parse(await res.json()).sessions;
    },
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      await rm(dataDir, { recursive: true, force: true });
    },
    crash: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    },
  };
}
