import { Hono } from 'hono';
import { analyticsRoutes } from './analytics/analytics.routes.js';
import { AnalyticsService } from './analytics/analytics.service.js';
import { randomBytes } from 'node:crypto';
import { answersRoutes } from './answers/answers.routes.js';
import { AnswersService } from './answers/answers.service.js';
import { AnswerJourneyService } from './answers/answer-journey.service.js';
import { journeyRoutes } from './answers/journey.routes.js';
import { accountsRoutes } from './accounts/accounts.routes.js';
import { AccountsService } from './accounts/accounts.service.js';
import { ApiKeysService } from './accounts/api-keys.service.js';
import { invitesRoutes } from './accounts/invites.routes.js';
import { InvitesService } from './accounts/invites.service.js';
import { setupRoutes } from './accounts/setup.routes.js';
import { SetupService } from './accounts/setup.service.js';
import type { LoginGuards } from './accounts/accounts.service.js';
import { AuditLog } from './audit/audit-log.js';
import { AuditReads } from './audit/audit-reads.service.js';
import { auditRoutes } from './audit/audit.routes.js';
import { composeTeam } from './accounts/compose-team.js';
import { composeSso } from './sso/compose-sso.js';
import type { SsoConfig } from './sso/sso-config.js';
import type { PasswordBudgets } from './accounts/password.routes.js';
import type { MailOutbox } from './mail/mail-outbox.js';
import type { Mailer } from './ports/mailer.js';
import { AddressBudget, type Budget } from './http/address-budget.js';
import type { Server as TusServer } from '@tus/server';
import { ClipProcessing } from './clips/clip-processing.js';
import { type ClipSettings, DEFAULT_CLIP_SETTINGS, PROCESS_CLIP_QUEUE } from './clips/clip-settings.js';
import { clipsRoutes } from './clips/clips.routes.js';
import { ClipsService } from './clips/clips.service.js';
import { TusUploads } from './clips/tus-uploads.js';
import { clipUploadTarget } from './clips/clip-upload-target.js';
import { assetUploadTarget } from './media-library/asset-upload-target.js';
import { UploadTokens } from './clips/upload-token.js';
import { uploadsRoutes } from './clips/uploads.routes.js';
import type { BlobStore } from './ports/blob-store.js';
import type { JobQueue } from './ports/job-queue.js';
import type { MediaProcessor } from './ports/media-processor.js';
import type { PromptMediaProcessor } from './ports/prompt-media-processor.js';
import { composeMediaLibrary } from './media-library/compose-media-library.js';
import type { MediaUploadsService } from './media-library/media-uploads.service.js';
import type { MediaAssetsService } from './media-library/media-assets.service.js';
import type { MediaLibrarySettings } from './media-library/media-library-settings.js';
import type { Transcriber } from './ports/transcriber.js';
import { TranscribeClipJob } from './transcription/transcribe-clip.job.js';
import { TranscriptionService } from './transcription/transcription.service.js';
import { DEFAULT_TRANSCRIPTION_SETTINGS, TRANSCRIBE_CLIP_QUEUE, type TranscriptionSettings } from './transcription/transcription-settings.js';
import { transcriptsRoutes } from './transcription/transcripts.routes.js';
import { EngineSetup, type EngineSetupDeps } from './transcription/engine-setup/engine-setup.service.js';
import { transcriptionEngineRoutes } from './transcription/engine-setup/transcription-engine.routes.js';
import { RETRANSCRIBE_CLIP_QUEUE, Retranscribe } from './transcription/retranscribe/retranscribe-clip.job.js';
import { EventsService } from './events/events.service.js';
import { EventAppender } from './events/append.js';
import { CommittedEvents } from './events/committed-events.js';
import { CommittedLogTail } from './events/log-tail.js';
import { declareLogReaders, declareSubscribers } from './events/subscribers.js';
import { type AnswerAnalysisOptions, composeAnswerAnalysis } from './insights/pipeline/compose-answer-analysis.js';
import type { AnswerAnalysisSweep } from './insights/pipeline/answer-analysis-sweep.js';
import { openLocalTextAnalyser } from './insights/engines/local/local-text-analyser.js';
import { openLlmTextAnalyser } from './insights/engines/llm/llm-insights.js';
import { ChatClient } from './insights/engines/llm/chat-client.js';
import type { LlmSettings } from './insights/engines/llm/llm-settings.js';
import { exportsRoutes } from './exports/exports.routes.js';
import { ExportsService } from './exports/exports.service.js';
import { MediaLinks } from './exports/media-links.js';
import { eventsRoutes } from './events/events.routes.js';
import { FlowVersionCache } from './flows/flow-versions.js';
import { flowsRoutes } from './flows/flows.routes.js';
import { FlowBundleExporter } from './flow-bundles/flow-bundle-export.service.js';
import { FlowBundleImporter } from './flow-bundles/flow-bundle-import.service.js';
import { flowBundleRoutes } from './flow-bundles/flow-bundle.routes.js';
import { defaultFlowBundleSettings, type FlowBundleSettings } from './flow-bundles/flow-bundle-settings.js';
import { EditorNames } from './flows/editors.js';
import { FlowsService } from './flows/flows.service.js';
import { FlowMedia } from './flows/flow-media.js';
import { flowMediaLookup } from './media-library/flow-media-lookup.js';
import { healthRoutes } from './health/health.routes.js';
import { errorHandler, notFoundHandler } from './http/error-handler.js';
import type { Logger } from './ports/logger.js';
import { noSniff } from './http/no-sniff.js';
import { type ApiRoute, registerRoutes } from './http/route.js';
import { openApiRoutes } from './openapi/openapi.routes.js';
import { defaultDemoDir, defaultWidgetDist } from './paths.js';
import { type Clock, systemClock } from './ports/clock.js';
import type { Storage } from './ports/storage.js';
import type { WithProjectionFold } from './ports/projection-fold.js';
import { ProjectionFolder } from './events/projection-folder.js';
import { backlogRoutes } from './backlog/backlog.routes.js';
import { BacklogService } from './backlog/backlog.service.js';
import { SecretBox } from './backlog/secret-box.js';
import type { OutboundConfig } from './config/config.js';
import { sharedOutboundClient } from './outbound/outbound-client.js';
import { InMemoryAnswerFeed } from './live/answer-feed.js';
import { NoticeAnswerFeed } from './live/notice-answer-feed.js';
import type { Notices } from './ports/notices.js';
import { AnswerUpdates } from './live/answer-updates.js';
import { liveRoutes } from './live/live.routes.js';
import { privacyRoutes } from './privacy/privacy.routes.js';
import { PrivacyService } from './privacy/privacy.service.js';
import { SessionFlowRefs } from './sessions/session-flow-refs.js';
import { SessionsService } from './sessions/sessions.service.js';
import { DEFAULT_SESSION_START_BUDGET, sessionsRoutes } from './sessions/sessions.routes.js';
import { registerShareRoutes } from './share/share.routes.js';
import { registerStaticRoutes, type StaticPaths } from './static/static.routes.js';
import { StoredEventBus } from './webhooks/event-bus.js';
import { eventStreamRoutes } from './webhooks/event-stream.routes.js';
import { FanoutSweep } from './webhooks/fanout-sweep.js';
import { UnsubmittedClipsSweep } from './clips/unsubmitted-clips-sweep.js';
import { AuditRetention, DEFAULT_AUDIT_RETENTION_DAYS } from './audit/audit-retention.js';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher.js';
import { DEFAULT_WEBHOOK_SETTINGS, type WebhookSettings } from './webhooks/webhook-settings.js';
import { webhooksRoutes } from './webhooks/webhooks.routes.js';
import { WebhooksService } from './webhooks/webhooks.service.js';
import type { UploadArea } from './ports/upload-area.js';
import { LocalUploadArea } from './uploads/local-upload-area.js';
import type { RateLimits } from './ports/rate-limits.js';
import { MEMORY_RATE_LIMITS } from './limits/rate-limits.js';
import { LoginBudget } from './accounts/login-budget.js';
import { AccountDelay } from './accounts/account-delay.js';
import { SetupAttempts } from './accounts/setup-attempts.js';
import { SharedLoginThrottle } from './accounts/shared-login-throttle.js';

export const API_VERSION = '0.1.0';
export const DEFAULT_MAX_JSON_BYTES = 1024 * 1024;

export interface AppDependencies {
  storage: Storage & WithProjectionFold;
  adminKey: string;
  clock?: Clock;
  /** Largest JSON body accepted; 1 MiB by default. */
  maxJsonBytes?: number;
  /** Where the widget bundle and demo site are read from; the repository's folders by default. */
  staticPaths?: Partial<StaticPaths>;
  /** Where unexpected errors are reported. */
  logError?: Logger;
  /** Where the server says what an operator should look at (a published flow's media gone); console.warn by default. */
  log?: (line: string) => void;
  /** Recorded answers: where their bytes go, and what converts them. */
  media: MediaDependencies;
  /**
   * 32 bytes that encrypt stored secrets (tracker tokens): `resolveSecretKey` (REELBACK_SECRET_KEY or
   * `<data dir>/secret-key`). Absent: a random key for this app only, so secrets saved cannot be read after a restart.
   */
  secretKey?: Uint8Array;
  /** REELBACK_PUBLIC_URL: the base of links that leave the server; absent: the origin each request came to. */
  publicUrl?: string | null;
  /**
   * Notices every process on the database hears (PostgreSQL LISTEN/NOTIFY, `live/postgres-notices.ts`): with them the
   * live answer feed and the event stream cross processes, read from the event log (`liveLog`). Absent: one process.
   */
  notices?: Notices;
  /** With `notices`: how often the log is read when no notice came (2 s). */
  liveLogPollMs?: number;
  /** The live stream's keep-alive comment interval (20 s). */
  livePingIntervalMs?: number;
  /** Failed-login counting, budgets of password checks and per-account waits; one each per app (in memory) by default. */
  loginGuards?: LoginGuards;
  /** Where request budgets and failure counts are kept: `storage.rateLimits` (the database on PostgreSQL); memory when absent. */
  rateLimits?: RateLimits;
  /** Wrong setup codes counted per address and in all; one per app (in memory) by default. */
  setupAttempts?: SetupAttempts;
  /** Session starts per client address (`DEFAULT_SESSION_START_BUDGET`); null: no limit. */
  sessionStartBudget?: Budget | null;
  /** Webhook delivery settings (retry schedule, timeout): `webhookSettingsFromEnv` in production. */
  webhooks?: Partial<WebhookSettings>;
  /** Days audit entries are kept (`auditRetentionDaysFromEnv` in production; 0: forever). */
  auditRetentionDays?: number;
  /**
   * Calls made on a workspace's behalf (webhooks, trackers): whether they may reach private addresses. Absent:
   * `webhooks.allowPrivate` (its older place), else no.
   */
  outbound?: Partial<OutboundConfig>;
  /** Between two sweeps of the webhook fan-out (default 5 s). */
  webhookSweepIntervalMs?: number;
  /** Sends invites and reset links (REELBACK_SMTP_URL); absent or null: no e-mail, links are handed over by people. */
  mailer?: Mailer | null;
  /**
   * Getting Whisper ready in the background (the model's download, whisper.cpp's build) and re-transcribing
   * PocketSphinx clips once it is. Absent: the status route reports the transcriber as it is and offers nothing.
   */
  transcriptionEngine?: TranscriptionEngineOptions;
  /** Tries per e-mail before it is marked not delivered (8). */
  mailAttempts?: number;
  /** Reset requests and link uses per client address (`DEFAULT_PASSWORD_BUDGETS`). */
  passwordBudgets?: PasswordBudgets;
  /** Single sign-on with an OpenID Connect provider (REELBACK_OIDC_*); absent or null: passwords only. */
  sso?: SsoConfig | null;
  /**
   * Answers' sentiment and key phrases (#17): the local engine (`openLocalTextAnalyser`) unless another is given;
   * `llm` (REELBACK_LLM_*, `llmSettingsFromEnv`) adds a language model's one-sentence summary on top of it.
   */
  insights?: Partial<AnswerAnalysisOptions> & { llm?: LlmSettings | null };
}

export interface MediaDependencies {
  blobs: BlobStore;
  queue: JobQueue;
  processor: MediaProcessor;
  /** The tus server's folder for uploads in progress (the local upload area's, when `uploads` is absent). */
  uploadsDir: string;
  /** Where uploads in progress live: the bucket, or `uploadsDir` by default (`uploads/open-upload-area.ts`). */
  uploads?: UploadArea;
  /** Scratch space for conversions. */
  workDir: string;
  settings?: Partial<ClipSettings>;
  /** Clip conversions one process runs at once (default 1: ffmpeg uses every core it gets). */
  concurrency?: number;
  /** What turns clips' sound into text; none (transcription off) when absent. */
  transcriber?: Transcriber | null;
  transcription?: Partial<TranscriptionSettings>;
  /** Where the media workers say what they wait for. */
  log?: (line: string) => void;
  /** What checks and converts prompt media (the library); Debian's ffmpeg by default. */
  promptProcessor?: PromptMediaProcessor;
  /** The media library's limits (1 GB uploads by default). */
  library?: Partial<MediaLibrarySettings>;
  /** What a flow bundle import reads at most (derived from the library's upload limit by default). */
  bundles?: Partial<FlowBundleSettings>;
}

export interface TranscriptionEngineOptions extends Omit<EngineSetupDeps, 'clock' | 'log' | 'onWhisperReady'> {
  /** Whisper itself, for re-transcribing PocketSphinx clips; null when Whisper is not used. */
  whisper: Transcriber | null;
}

export interface ReelbackApp {
  app: Hono;
  routes: readonly ApiRoute[];
  services: {
    flows: FlowsService;
    sessions: SessionsService;
    events: EventsService;
    clips: ClipsService;
    transcription: TranscriptionService;
    accounts: AccountsService;
    apiKeys: ApiKeysService;
    /** The first run: `prepare()` at start gives the setup code to print while no account exists. */
    setup: SetupService;
    /** The media library: the tus hooks call `mediaUploads.authorizeUpload` / `uploadFinished` for `mda_` uploads. */
    mediaUploads: MediaUploadsService;
    mediaAssets: MediaAssetsService;
    /** E-mail as jobs: whether the server sends any, and where. */
    mail: MailOutbox;
  };
  tus: TusServer;
  /** The tus endpoint: `isComplete(id)` tells a start after a crash which uploads to requeue. */
  uploads: TusUploads;
  /** The Whisper model's download and whisper.cpp's build: `start()` with the server, `stop()` before closing storage. */
  engineSetup: EngineSetup;
  /** PocketSphinx transcripts done again by Whisper (null when Whisper is not used); `sweep()` runs when Whisper is ready. */
  retranscribe: Retranscribe | null;
  /** With `notices`: this process's reading of the shared log for live updates; `start()` where HTTP is served, `stop()` before closing storage. */
  liveLog: CommittedLogTail | null;
  /** Fans out committed events the in-process webhooks subscriber missed: `start()` with the server, `stop()` before closing storage. */
  webhookFanout: FanoutSweep;
  /** Folds the analytics facts and rollups off the ingest path: `start()` where jobs run, `stop()` before closing storage. */
  projectionFolder: ProjectionFolder;
  /** Sends webhook deliveries: `start()` in a process that should send them, `stop()` before closing storage. */
  webhookDispatcher: WebhookDispatcher;
  /** Deletes takes never submitted once their ticket expired: `start()` where jobs run, `stop()` before closing storage. */
  unsubmittedClips: UnsubmittedClipsSweep;
  /** Deletes audit entries past their retention: `start()` where jobs run, `stop()` before closing storage. */
  auditRetention: AuditRetention;
  /** Asks for the analyses a crash (or an upgrade) left out: `start()` where jobs run, `stop()` before closing storage. */
  answerAnalysis: AnswerAnalysisSweep;
}

/** The insights engine: the local one, with a language model's summaries on top only when an operator set one up. */
function textAnalyser(deps: AppDependencies, outbound: ReturnType<typeof sharedOutboundClient>) {
  const local = deps.insights?.analyser ?? openLocalTextAnalyser();
  const llm = deps.insights?.llm;
  return llm ? openLlmTextAnalyser(local, new ChatClient(llm, outbound)) : local;
}

/** Builds the whole HTTP app around the given storage; no I/O happens until a request arrives. */
export function createApp(deps: AppDependencies): ReelbackApp {
  const clock = deps.clock ?? systemClock;
  // The live event stream's listeners in this process: told by the webhooks fan-out in one process, by the log tail
  // (`liveLog`) when processes share the log.
  const eventBus = new StoredEventBus();
  const storage = deps.storage;
  const versions = new FlowVersionCache(storage.flows);
  const uploadArea = deps.media.uploads ?? new LocalUploadArea(deps.media.uploadsDir, deps.media.blobs);
  const limits = deps.rateLimits ?? MEMORY_RATE_LIMITS;
  const sessionRefs = new SessionFlowRefs();
  const logError = deps.logError ?? ((message: string, error: unknown) => console.error(message, error));
  const log = deps.log ?? ((line: string) => console.warn(line));
  // One private-address setting for every outbound call; webhooks read it from their settings.
  const allowPrivate = deps.outbound?.allowPrivate ?? deps.webhooks?.allowPrivate ?? false;
  const outbound = sharedOutboundClient(allowPrivate);
  const webhookSettings: WebhookSettings = { ...DEFAULT_WEBHOOK_SETTINGS, ...deps.webhooks, allowPrivate };
  // One key for the app: tracker and webhook secrets, signed media links (absent: random, valid until the process ends).
  const secretKey = deps.secretKey ?? randomBytes(32);
  const webhookBox = new SecretBox(secretKey);
  const webhookDispatcher = new WebhookDispatcher({ store: storage.webhooks, box: webhookBox, settings: webhookSettings, logError });
  const editors = new EditorNames(storage.accounts);
  // The workspace audit log: written by the services below, read by admins (audit/audit.routes.ts).
  const audit = new AuditLog({ store: storage.audit, editors, clock, logError });
  const webhooks = new WebhooksService({
    store: storage.webhooks,
    box: webhookBox,
    wakeDispatcher: () => webhookDispatcher.wake(),
    ...(deps.notices ? {} : { bus: eventBus }),
    clock,
    settings: webhookSettings,
    logError,
    audit,
  });
  // The durable half of the fan-out: whatever the webhooks subscriber missed (a crash right after a commit) is fanned out from the
  // store. The server starts it after the job queue; tests call `sweep()` when they need it.
  const webhookFanout = new FanoutSweep({
    store: storage.webhooks,
    fanOut: (events) => webhooks.fanOutStored(events),
    ...(deps.webhookSweepIntervalMs !== undefined ? { intervalMs: deps.webhookSweepIntervalMs } : {}),
    logError,
  });
  const sharedFeed = deps.notices ? new NoticeAnswerFeed(deps.notices) : null;
  const feed = sharedFeed ?? new InMemoryAnswerFeed();
  const updates = new AnswerUpdates(storage.answers, feed, logError);
  // Several processes: each reads the shared log for its own listeners (a commit is announced, the log is the truth).
  const liveLog = deps.notices && sharedFeed
    ? new CommittedLogTail({
        store: storage.webhooks,
        readers: declareLogReaders({ stream: eventBus, updates: new AnswerUpdates(storage.answers, sharedFeed.local, logError) }),
        notices: deps.notices,
        ...(deps.liveLogPollMs !== undefined ? { pollMs: deps.liveLogPollMs } : {}),
        logError,
      })
    : null;
  const transcriber = deps.media.transcriber ?? null;
  const transcriptionSettings = { ...DEFAULT_TRANSCRIPTION_SETTINGS, ...deps.media.transcription };
  const analysis = composeAnswerAnalysis({
    storage,
    queue: deps.media.queue,
    clock,
    options: { analyser: textAnalyser(deps, outbound), ...(deps.insights?.settings ? { settings: deps.insights.settings } : {}) },
    logError,
  });
  const transcription = new TranscriptionService({
    clips: storage.clips,
    transcripts: storage.transcripts,
    queue: deps.media.queue,
    transcriber,
    clock,
    edited: (clipId) => analysis.pipeline.transcriptChanged(clipId),
  });
  // Every committed event (viewer, clip, transcript, analysis) reaches the declared subscribers (events/subscribers.ts).
  // The analytics facts and rollups, folded from the log shortly after each commit (events/projection-folder.ts).
  const projectionFolder = new ProjectionFolder({ fold: storage.fold, logError });
  const committed = new CommittedEvents(
    declareSubscribers({
      webhooks,
      updates,
      transcription,
      clips: storage.clips,
      analysis: analysis.pipeline,
      folder: projectionFolder,
      ...(liveLog ? { liveFromLog: liveLog } : {}),
    }),
    logError,
  );
  analysis.work(committed);
  const services = {
    flows: new FlowsService(storage.flows, clock, editors, audit, new FlowMedia(flowMediaLookup(storage.mediaAssets), log)),
    sessions: new SessionsService(storage.sessions, storage.flows, versions, sessionRefs, clock),
    events: new EventsService(storage.sessions, new EventAppender(storage.events), versions, sessionRefs, clock, storage.clips, committed),
    clips: new ClipsService({
      sessions: storage.sessions,
      clips: storage.clips,
      versions,
      blobs: deps.media.blobs,
      queue: deps.media.queue,
      transcripts: storage.transcripts,
      uploads: uploadArea,
      tokens: new UploadTokens(deps.adminKey),
      clock,
      settings: { ...DEFAULT_CLIP_SETTINGS, ...deps.media.settings },
      committed,
    }),
  };
  const accounts = new AccountsService(storage.accounts, clock, audit, {
    budget: new LoginBudget(undefined, limits),
    // Shared by every process on PostgreSQL; otherwise the in-memory sliding window (the app's clock).
    ...(limits.shared ? { throttle: new SharedLoginThrottle(limits) } : {}),
    accountDelay: new AccountDelay(undefined, limits),
    ...deps.loginGuards,
  });
  const apiKeys = new ApiKeysService(storage.accounts, clock, audit);
  const setup = new SetupService({
    store: storage.setup,
    accountStore: storage.accounts,
    accounts,
    secretKey,
    clock,
    attempts: deps.setupAttempts ?? new SetupAttempts(undefined, limits),
  });
  const processing = new ClipProcessing({
    sessions: storage.sessions,
    clips: storage.clips,
    versions,
    blobs: deps.media.blobs,
    media: deps.media.processor,
    clock,
    settings: services.clips.settings,
    uploads: uploadArea,
    workDir: deps.media.workDir,
    committed,
    resumeHandOff: (clip) => transcription.clipReady(clip),
  });
  deps.media.queue.work(PROCESS_CLIP_QUEUE, processing.handle, { concurrency: deps.media.concurrency ?? 1 });
  if (transcriber) {
    const job = new TranscribeClipJob({
      sessions: storage.sessions,
      clips: storage.clips,
      transcripts: storage.transcripts,
      versions,
      blobs: deps.media.blobs,
      transcriber,
      clock,
      settings: transcriptionSettings,
      committed,
      ...(deps.media.log ? { log: deps.media.log } : {}),
    });
    deps.media.queue.work(TRANSCRIBE_CLIP_QUEUE, job.handle, { concurrency: transcriptionSettings.concurrency });
  }
  const whisper = deps.transcriptionEngine?.whisper ?? null;
  const retranscribe = whisper
    ? new Retranscribe({
        sessions: storage.sessions,
        clips: storage.clips,
        transcripts: storage.transcripts,
        versions,
        blobs: deps.media.blobs,
        queue: deps.media.queue,
        whisper,
        clock,
        language: transcriptionSettings.language,
        waitForEngineMs: transcriptionSettings.waitForEngineMs,
        committed,
        ...(deps.media.log ? { log: deps.media.log } : {}),
      })
    : null;
  // One at a time: it is catch-up work, behind new clips.
  if (retranscribe) deps.media.queue.work(RETRANSCRIBE_CLIP_QUEUE, retranscribe.handle, { concurrency: 1 });
  const engineSetup = new EngineSetup({
    ...(deps.transcriptionEngine ?? {
      mode: transcriber === null ? 'off' : transcriber.engine === 'openai-compatible' ? 'openai' : transcriber.engine,
      env: {},
      builder: { build: () => Promise.reject(new Error('no whisper.cpp build in this app')) },
      fallbackAvailable: false,
      offers: false,
    }),
    clock,
    log: deps.media.log ?? log,
    onWhisperReady: async () => {
      await retranscribe?.sweep();
    },
  });

  const library = composeMediaLibrary({
    assets: storage.mediaAssets,
    flows: storage.flows,
    blobs: deps.media.blobs,
    queue: deps.media.queue,
    clock,
    secret: deps.adminKey,
    uploads: uploadArea,
    workDir: deps.media.workDir,
    ...(deps.media.promptProcessor ? { processor: deps.media.promptProcessor } : {}),
    ...(deps.media.library ? { settings: deps.media.library } : {}),
    transcriber,
    language: transcriptionSettings.language,
    waitForEngineMs: transcriptionSettings.waitForEngineMs,
    ...(deps.media.log ? { log: deps.media.log } : {}),
  });

  const bundles = {
    exporter: new FlowBundleExporter({ flows: storage.flows, assets: storage.mediaAssets, blobs: deps.media.blobs, editors, clock }),
    importer: new FlowBundleImporter({
      flows: services.flows,
      imports: library.imports,
      workDir: deps.media.workDir,
      audit,
      settings: { ...defaultFlowBundleSettings(library.uploads.settings.maxUploadBytes), ...deps.media.bundles },
    }),
    logError,
  };

  // One tus endpoint for both kinds of upload: viewers' clips and owners' prompt media.
  const uploads = new TusUploads([clipUploadTarget(services.clips), assetUploadTarget(library.uploads)], uploadArea);
  const answers = new AnswersService(storage.answers, storage.answerAnalyses, storage.flows, clock, (workspaceId, answerId) => updates.changedIn(workspaceId, answerId));
  const sessionStartBudget = deps.sessionStartBudget === undefined ? DEFAULT_SESSION_START_BUDGET : deps.sessionStartBudget;
  const sso = composeSso({ config: deps.sso ?? null, storage, accounts, audit, secretKey, clock, publicUrl: deps.publicUrl ?? null, logError });
  const team = composeTeam({
    storage,
    accounts,
    audit,
    passwordsOff: sso.settings.passwordsOff,
    queue: deps.media.queue,
    mailer: deps.mailer ?? null,
    secretKey,
    clock,
    publicUrl: deps.publicUrl ?? null,
    logError,
    ...(deps.mailAttempts ? { mailAttempts: deps.mailAttempts } : {}),
    ...(deps.passwordBudgets ? { passwordBudgets: deps.passwordBudgets } : {}),
    rateLimits: limits,
  });
  const routes: ApiRoute[] = [];
  routes.push(
    ...healthRoutes(storage, deps.media.transcriber ?? null),
    ...flowsRoutes(services.flows),
    ...flowBundleRoutes(bundles),
    ...sessionsRoutes(services.sessions, sessionStartBudget === null ? null : new AddressBudget(sessionStartBudget, 'session starts', limits)),
    ...privacyRoutes(new PrivacyService({ sessions: storage.sessions, clips: storage.clips, blobs: deps.media.blobs, uploads: uploadArea, audit })),
    ...eventsRoutes(services.events),
    ...clipsRoutes(services.clips, deps.media.blobs, limits),
    ...uploadsRoutes(uploads, limits),
    ...transcriptsRoutes(transcription),
    ...transcriptionEngineRoutes(engineSetup),
    ...library.routes,
    // Before answersRoutes: /answers/stream would otherwise be taken for an answer id.
    ...liveRoutes(answers, feed, { logError, ...(deps.livePingIntervalMs ? { pingIntervalMs: deps.livePingIntervalMs } : {}) }),
    ...answersRoutes(answers),
    ...analysis.routes(),
    ...journeyRoutes(new AnswerJourneyService(storage.answers, storage.sessions, versions)),
    ...backlogRoutes(
      new BacklogService({
        answers: storage.answers,
        analyses: storage.answerAnalyses,
        flows: storage.flows,
        store: storage.backlog,
        box: new SecretBox(secretKey),
        clock,
        outbound,
        logError,
        changed: (workspaceId, answerId) => updates.changedIn(workspaceId, answerId),
        audit,
      }),
      deps.publicUrl ?? null,
    ),
    ...accountsRoutes(accounts, apiKeys),
    ...setupRoutes(setup),
    ...invitesRoutes(new InvitesService(storage.accounts, accounts, clock)),
    ...auditRoutes(new AuditReads(storage.audit, clock), logError),
    ...team.routes,
    ...sso.routes,
    ...analyticsRoutes(new AnalyticsService(storage.analytics, storage.flows, versions, storage.accounts, clock, projectionFolder)),
    ...exportsRoutes(
      new ExportsService({
        answers: storage.answers,
        analyses: storage.answerAnalyses,
        flows: storage.flows,
        clips: storage.clips,
        store: storage.exports,
        links: new MediaLinks(secretKey),
        clock,
      }),
      deps.media.blobs,
      logError,
      deps.publicUrl ?? null,
    ),
    ...webhooksRoutes(webhooks),
    ...eventStreamRoutes(storage.webhooks, eventBus, { logError, ...(deps.livePingIntervalMs ? { pingIntervalMs: deps.livePingIntervalMs } : {}) }),
    ...openApiRoutes(() => routes, API_VERSION, deps.publicUrl ?? null),
  );

  const app = new Hono();
  app.onError(errorHandler(deps.logError));
  app.notFound(notFoundHandler);
  app.use('*', noSniff);
  registerRoutes(app, routes, {
    adminKey: deps.adminKey,
    maxJsonBytes: deps.maxJsonBytes ?? DEFAULT_MAX_JSON_BYTES,
    callers: {
      adminKey: () => accounts.adminKeyCaller(),
      apiKey: (key) => apiKeys.resolve(key),
      session: (token) => accounts.sessionCaller(token),
    },
  });
  registerShareRoutes(app, services.flows);
  registerStaticRoutes(app, {
    widgetDist: deps.staticPaths?.widgetDist ?? defaultWidgetDist,
    demoDir: deps.staticPaths?.demoDir ?? defaultDemoDir,
    dashboardDist: deps.staticPaths?.dashboardDist,
  });
  return {
    app,
    routes,
    services: { ...services, transcription, accounts, apiKeys, setup, mediaUploads: library.uploads, mediaAssets: library.assets, mail: team.outbox },
    tus: uploads.server,
    uploads,
    engineSetup,
    retranscribe,
    webhookFanout,
    liveLog,
    projectionFolder,
    webhookDispatcher,
    answerAnalysis: analysis.sweep,
    unsubmittedClips: new UnsubmittedClipsSweep({
      clips: storage.clips,
      discard: (clipId) => services.clips.discard(clipId),
      clock,
      ticketLifetimeSeconds: services.clips.settings.ticketLifetimeSeconds,
      logError,
    }),
    auditRetention: new AuditRetention({ audit: storage.audit, clock, retentionDays: deps.auditRetentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS, logError }),
  };
}
