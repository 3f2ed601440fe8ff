import type { SetupState } from './accounts/setup.service.js';
import type { ReelbackApp } from './app.js';
import { checkBucket } from './blobs/check-bucket.js';
import type { ResolvedConfig } from './config/admin-key.js';
import { type ProcessRole, ROLE_DUTIES } from './config/process-role.js';
import { defaultDemoFlowFile } from './paths.js';
import type { Storage } from './ports/storage.js';
import { composeProcess } from './start/compose-process.js';
import { prepareWeb } from './start/compose-web.js';
import { healthOnly, startJobs } from './start/compose-worker.js';
import { listen } from './start/listen.js';
import { Teardown } from './start/teardown.js';
import { openStorage } from './storage/open-storage.js';

export interface RunningServer {
  url: string;
  port: number;
  storage: Storage;
  reelback: ReelbackApp;
  /** Whether the first run's setup is pending at start, with the code to print (`startupLog`); a worker never says. */
  setup: SetupState;
  /** What this process does (REELBACK_ROLE): a worker listens only for its health checks. */
  role: ProcessRole;
  /** Stops taking connections, lets requests in flight finish, then closes the database. */
  close(): Promise<void>;
}

export interface StartOptions {
  log?: (line: string) => void;
  /** Where model settings (WHISPER_MODEL, REELBACK_MODELS_DIR, …) are read; the process's environment by default. */
  env?: Record<string, string | undefined>;
  demoFlowFile?: string;
}

/**
 * Everything `main.ts` does short of reading the environment and handling signals: the process's common parts
 * (`start/compose-process.ts`), then its role's (`compose-worker.ts` for jobs, `compose-web.ts` for the API), then
 * it listens. Whatever was started is stopped again, newest first, on `close()` or when a later step fails.
 */
export async function startServer(config: ResolvedConfig, options: StartOptions = {}): Promise<RunningServer> {
  const log = options.log ?? console.log;
  const storage = openStorage(config.database.kind === 'sqlite' ? config.database : { kind: 'postgres', url: config.database.url });
  const teardown = new Teardown();
  teardown.add('the database', () => storage.close());
  try {
    // Before anything is migrated or started: a bucket that cannot be used stops the start with one clear line.
    if (config.blobs.kind === 's3') await checkBucket(config.blobs);
    await storage.migrate();
    const composed = await composeProcess(config, storage, { ...(options.env ? { env: options.env } : {}), log }, teardown);
    const { reelback } = composed;
    const role = config.role ?? 'all';
    const duties = ROLE_DUTIES[role];
    if (duties.jobs) await startJobs(composed);
    const setup: SetupState = duties.http
      ? await prepareWeb(reelback, { enabled: config.demo, file: options.demoFlowFile ?? defaultDemoFlowFile }, log)
      : { pending: false };
    // Only a process that serves streams reads the log for them (a worker announces what it commits).
    if (duties.http) await reelback.liveLog?.start();
    // A worker answers only its supervisor's health checks (the same /healthz and /readyz as a web process).
    const { url, port } = await listen(duties.http ? reelback.app.fetch : healthOnly(reelback).fetch, config.host, config.port, teardown);
    let closing: Promise<void> | undefined;
    return { url, port, storage, reelback, setup, role, close: () => (closing ??= teardown.run()) };
  } catch (error) {
    // The failure is what the caller must hear; a stop failing after it is secondary.
    await teardown.run().catch((stopError: unknown) => console.error('after a failed start:', stopError));
    throw error;
  }
}
