import { llmSettingsFromEnv } from '../insights/engines/llm/llm-settings.js';
import { createApp, type ReelbackApp } from '../app.js';
import { auditRetentionDaysFromEnv } from '../audit/audit-retention.js';
import { composeMedia } from '../compose-media.js';
import type { ResolvedConfig } from '../config/admin-key.js';
import { resolveSecretKey } from '../config/secret-key.js';
import type { KyselyStorage } from '../storage/kysely/kysely-storage.js';
import { webhookSettingsFromEnv } from '../webhooks/webhook-settings.js';
import { composeNotices } from './compose-notices.js';
import { announceSso, composeMailer } from './compose-mail.js';
import { composeTranscription } from './compose-transcription.js';
import type { Teardown } from './teardown.js';

export interface ComposedProcess {
  reelback: ReelbackApp;
  media: ReturnType<typeof composeMedia>;
  /** The environment model settings are read from, with the data folder added. */
  env: Record<string, string | undefined>;
}

/**
 * What every process has, whatever its role: the transcription engine, media processing and its job queue, mail,
 * the answer feed and the app. Each part that holds a connection or a timer is added to `teardown` as it is made.
 */
export async function composeProcess(
  config: ResolvedConfig,
  storage: KyselyStorage,
  options: { env?: Record<string, string | undefined>; log: (line: string) => void },
  teardown: Teardown,
): Promise<ComposedProcess> {
  const { log } = options;
  const env: Record<string, string | undefined> = { REELBACK_DATA_DIR: config.dataDir, ...(options.env ?? process.env) };
  const transcription = await composeTranscription(config, env, log);
  const media = composeMedia(config, storage, transcription.transcriber, log);
  // Stopped whatever the role: a web process enqueues through it too.
  teardown.add('the job queue', () => media.queue.stop());
  teardown.add('the upload area', async () => media.uploads?.close());
  const secretKey = await resolveSecretKey(config);
  const webhooks = webhookSettingsFromEnv(options.env ?? process.env);
  const auditRetentionDays = auditRetentionDaysFromEnv(options.env ?? process.env);
  const mailer = composeMailer(config, log);
  if (mailer) teardown.add('the mailer', () => mailer.close());
  announceSso(config, log);
  const notices = await composeNotices(config, teardown);
  // The optional language model (#17): off unless REELBACK_LLM_URL is set; a URL without a model stops the start.
  const llm = llmSettingsFromEnv(options.env ?? process.env);
  if (!llm.ok) throw new Error(llm.problem);
  const reelback = createApp({
    storage,
    rateLimits: storage.rateLimits,
    adminKey: config.adminKey,
    secretKey,
    publicUrl: config.publicUrl,
    media,
    webhooks,
    auditRetentionDays,
    outbound: config.outbound,
    log,
    mailer,
    sso: config.sso,
    transcriptionEngine: transcription.engine,
    insights: { llm: llm.settings },
    ...(notices ? { notices } : {}),
  });
  // Its background work runs only where the role has jobs (compose-worker.ts), but stopping is safe everywhere.
  teardown.add("the app's background work", async () => {
    await reelback.webhookFanout.stop();
    await reelback.projectionFolder.stop();
    await reelback.webhookDispatcher.stop();
    await reelback.engineSetup.stop();
    await reelback.unsubmittedClips.stop();
    await reelback.auditRetention.stop();
    await reelback.liveLog?.stop();
    await reelback.answerAnalysis.stop();
  });
  return { reelback, media, env };
}
