import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { SetupState } from './accounts/setup.service.js';
import { createApp, type ReelbackApp } from './app.js';
import { composeMedia } from './compose-media.js';
import { AutoTranscriber, chooseTranscriber, ResolvingWhisperTranscriber } from './transcription/choose-transcriber.js';
import { ChildProcessWhisperBuilder } from './transcription/engine-setup/whisper-build.js';
import type { ResolvedConfig } from './config/admin-key.js';
import { resolveSecretKey } from './config/secret-key.js';
import { seedDemoFlow } from './demo/seed-demo.js';
import { defaultDemoFlowFile } from './paths.js';
import type { Storage } from './ports/storage.js';
import { openStorage } from './storage/open-storage.js';
import { sharedOutboundClient } from './outbound/outbound-client.js';
import { webhookSettingsFromEnv } from './webhooks/webhook-settings.js';
import { NodemailerMailer } from './mail/nodemailer-mailer.js';
import { PostgresAnswerFeed } from './live/postgres-answer-feed.js';
import { type ProcessRole, ROLE_DUTIES } from './config/process-role.js';

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

/** Everything `main.ts` does short of reading the environment and handling signals. */
export async function startServer(config: ResolvedConfig, options: StartOptions = {}): Promise<RunningServer> {
  const log = options.log ?? console.log;
  const storage = openStorage(config.database.kind === 'sqlite' ? config.database : { kind: 'postgres', url: config.database.url });
  try {
    await storage.migrate();
    const env: Record<string, string | undefined> = { REELBACK_DATA_DIR: config.dataDir, ...(options.env ?? process.env) };
    const choice = await chooseTranscriber(config.transcription, env, undefined, sharedOutboundClient(config.outbound.allowPrivate));
    log(choice.summary);
    if (choice.transcriber) {
      const health = await choice.transcriber.check();
      if (!health.ok) log(`transcription cannot run yet: ${health.reason}`);
    }
    const media = composeMedia(config, storage, choice.transcriber, log);
    const secretKey = await resolveSecretKey(config);
    const webhooks = webhookSettingsFromEnv(options.env ?? process.env);
    const mailer = config.mail ? new NodemailerMailer({ url: config.mail.smtpUrl, from: config.mail.from }) : null;
    log(
      mailer
        ? `E-mail: invites and password reset links are sent through ${mailer.description} as ${config.mail!.from}.`
        : 'E-mail: off (no REELBACK_SMTP_URL): admins copy invite and password reset links from Settings → Members.',
    );
    if (config.sso) {
      const redirect = `${config.publicUrl ?? '<the origin people use>'}/api/v1/auth/oidc/callback`;
      log(`Single sign-on: ${config.sso.issuer} (client ${config.sso.clientId}; redirect URI ${redirect}; domains ${[...config.sso.domains].map(([d, r]) => `${d}=${r}`).join(', ')}).`);
    }
    const whisper = choice.transcriber instanceof AutoTranscriber ? choice.transcriber.whisper : choice.transcriber instanceof ResolvingWhisperTranscriber ? choice.transcriber : null;
    const transcriptionEngine = {
      mode: config.transcription.engine,
      env,
      builder: new ChildProcessWhisperBuilder(),
      fallbackAvailable: choice.transcriber instanceof AutoTranscriber,
      whisper,
      pollMs: 60_000,
    };
    // On PostgreSQL the live answer feed crosses processes (LISTEN/NOTIFY): an inbox on a web process hears what a
    // worker or another web process stored. On SQLite there is one process.
    const answerFeed =
      config.database.kind === 'postgres' ? new PostgresAnswerFeed({ url: config.database.url, logError: (message, error) => console.error(message, error) }) : undefined;
    await answerFeed?.start();
    const reelback = createApp({
      storage,
      adminKey: config.adminKey,
      secretKey,
      publicUrl: config.publicUrl,
      media,
      webhooks,
      outbound: config.outbound,
      log,
      mailer,
      sso: config.sso,
      transcriptionEngine,
      ...(answerFeed ? { answerFeed } : {}),
    });
    const role = config.role ?? 'all';
    const duties = ROLE_DUTIES[role];
    if (duties.jobs) {
      await media.queue.start();
      // whisper.cpp is built here, in the background, when a model is there (or fetched first with REELBACK_MODELS_AUTO_PULL=1).
      reelback.engineSetup.start({ autoPull: env.REELBACK_MODELS_AUTO_PULL?.trim() === '1' });
      // Events committed before a crash, whose webhook fan-out never ran, get their deliveries now (and every 5 s after).
      reelback.webhookFanout.start();
      // The analytics facts and rollups of events no process folded yet (a crash, another process's commits).
      reelback.projectionFolder.start();
      reelback.webhookDispatcher.start();
      reelback.unsubmittedClips.start();
    }
    let setup: SetupState = { pending: false };
    if (duties.http) {
      // A crash between an upload's last byte and its job would otherwise strand the clip. Uploads in progress are
      // on the disk of the process that took them: the web process looks (it enqueues; a worker runs the job).
      const uploadComplete = async (id: string) => {
        const upload = await reelback.tus.datastore.getUpload(id).catch(() => undefined);
        return upload !== undefined && upload.size !== undefined && upload.offset === upload.size;
      };
      const requeued =
        (await reelback.services.clips.requeueFinishedUploads(uploadComplete)) + (await reelback.services.mediaUploads.requeueFinishedUploads(uploadComplete));
      if (requeued > 0) log(`Requeued ${requeued} finished upload(s) for processing.`);
      if (config.demo) {
        const file = options.demoFlowFile ?? defaultDemoFlowFile;
        if (existsSync(file)) {
          // As the admin key would: in the bootstrap workspace once there is one.
          const { workspaceId } = await reelback.services.accounts.adminKeyCaller();
          await seedDemoFlow(reelback.services.flows, file, { workspaceId });
        }
        else log(`No demo flow at ${file}: skipping the demo seed.`);
      }
      setup = await reelback.services.setup.prepare();
    }
    // A worker answers only its supervisor's health checks (the same /healthz and /readyz as a web process).
    const server = serve({ fetch: duties.http ? reelback.app.fetch : healthOnly(reelback).fetch, port: config.port, hostname: config.host });
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    const port = (server.address() as AddressInfo).port;
    let closing: Promise<void> | undefined;
    return {
      url: `http://${urlHost(config.host)}:${port}`,
      port,
      storage,
      reelback,
      setup,
      role,
      close: () =>
        (closing ??= (async () => {
          await new Promise<void>((resolve) => {
            server.close(() => resolve());
            // Idle keep-alive connections would otherwise hold close() open until they time out.
            if ('closeIdleConnections' in server) server.closeIdleConnections();
          });
          await reelback.webhookFanout.stop();
          await reelback.projectionFolder.stop();
          await reelback.webhookDispatcher.stop();
          await reelback.engineSetup.stop();
          await reelback.unsubmittedClips.stop();
          await media.queue.stop();
          await answerFeed?.stop();
          mailer?.close();
          await storage.close();
        })()),
    };
  } catch (error) {
    await storage.close();
    throw error;
  }
}

/** The app's health routes and nothing else: what a worker process serves. */
function healthOnly(reelback: ReelbackApp): Hono {
  const app = new Hono();
  for (const path of ['/healthz', '/readyz']) app.get(path, (c) => reelback.app.fetch(c.req.raw));
  app.notFound((c) => c.json({ error: { code: 'worker', message: 'this Reelback process is a worker (REELBACK_ROLE=worker): it runs jobs and serves no API' } }, 404));
  return app;
}

/** A host to put in a URL that reaches the server: a wildcard address is reachable as localhost. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}
