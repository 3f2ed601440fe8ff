import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SessionList, type SessionRecord } from '@reelback/shared';
import { createE2eDatabase, dropE2eDatabase, e2eOnPostgres } from './e2e-database.js';
import { watchServer } from './failure-report.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface RunningServer {
  url: string;
  port: number;
  adminKey: string;
  dataDir: string;
  output: () => string;
  /** The flow's sessions with their events, newest first, read through the owner API. */
  sessions: (flowId: string) => Promise<SessionRecord[]>;
  /** SIGTERM, then removes the data folder (unless `keepData`: a second run starts on it). */
  stop: (options?: { keepData?: boolean }) => Promise<void>;
  /** SIGKILL, as a crash would; the data folder stays for a restart. */
  crash: () => Promise<void>;
}

/** A port nothing listens on now (for a server whose URL must be known before it starts, e.g. by an SSO provider). */
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

/** Where a PostgreSQL run keeps the URL of the server's database, so a restart on the same folder finds it. */
const DATABASE_URL_FILE = 'e2e-database-url';

/**
 * The server's database in the PostgreSQL run (REELBACK_E2E_DATABASE=postgres, see support/e2e-database.ts): a new
 * one, or on a restart the one its data folder names. Undefined on SQLite, or when the caller chose a database.
 */
async function postgresFor(dataDir: string, restart: boolean, env: Record<string, string>): Promise<string | undefined> {
  if (!e2eOnPostgres() || env.DATABASE_URL !== undefined) return undefined;
  if (restart) return (await readFile(join(dataDir, DATABASE_URL_FILE), 'utf8')).trim();
  const url = await createE2eDatabase();
  await writeFile(join(dataDir, DATABASE_URL_FILE), url);
  return url;
}

/**
 * Starts the real server as `npm start` would (node on packages/server/dist/main.js, built by the e2e project's
 * global setup), on its own port and data folder — and, in the PostgreSQL run, its own database.
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
  const databaseUrl = await postgresFor(dataDir, reuseDataDir !== undefined, env);
  let log = '';
  const child: ChildProcess = spawn(process.execPath, ['--enable-source-maps', 'packages/server/dist/main.js'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      REELBACK_DATA_DIR: dataDir,
      REELBACK_ADMIN_KEY: adminKey,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const unwatch = watchServer(`the server on port ${port} (${(databaseUrl ?? env.DATABASE_URL) ? 'PostgreSQL' : 'SQLite'})`, () => log);
  child.once('exit', unwatch);
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
    stop: async (options = {}) => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      if (!options.keepData) {
        if (databaseUrl) await dropE2eDatabase(databaseUrl);
        await rm(dataDir, { recursive: true, force: true });
      }
    },
    crash: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    },
  };
}
