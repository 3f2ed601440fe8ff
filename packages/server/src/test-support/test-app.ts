import { afterAll, beforeAll } from 'vitest';
import { createApp, type ReelbackApp, type TranscriptionEngineOptions } from '../app.js';
import type { Clock } from '../ports/clock.js';
import type { Storage } from '../ports/storage.js';
import type { WithProjectionFold } from '../ports/projection-fold.js';
import type { StaticPaths } from '../static/static.routes.js';
import type { StorageFactory } from './storages.js';
import { openTestMedia, type TestMedia } from './test-media.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { ClipSettings } from '../clips/clip-settings.js';
import type { Transcriber } from '../ports/transcriber.js';
import type { WebhookSettings } from '../webhooks/webhook-settings.js';
import type { OutboundConfig } from '../config/config.js';
import type { LoginGuards } from '../accounts/accounts.service.js';
import type { SetupAttempts } from '../accounts/setup-attempts.js';
import type { Budget } from '../http/address-budget.js';
import type { MediaLibrarySettings } from '../media-library/media-library-settings.js';
import type { Mailer } from '../ports/mailer.js';
import type { PasswordBudgets } from '../accounts/password.routes.js';
import type { FlowBundleSettings } from '../flow-bundles/flow-bundle-settings.js';
import type { SsoConfig } from '../sso/sso-config.js';

export const ADMIN_KEY = 'test-admin-key-0123456789';

/** Moves a millisecond on every reading, so creation order is also time order. */
export function steppingClock(start = Date.parse('2026-01-01T00:00:00.000Z')): Clock {
  let now = start;
  return { now: () => new Date(now++) };
}

export interface TestRequestInit {
  body?: unknown;
  headers?: Record<string, string>;
  owner?: boolean;
  /** The client's address, as @hono/node-server gives it; without it the app sees `unknown`. */
  address?: string;
}

/** What @hono/node-server passes as the env: the client's address is read from it. */
export const fromAddress = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });

export interface TestApp {
  reelback: ReelbackApp;
  storage: Storage & WithProjectionFold;
  media: TestMedia;
  errors: unknown[];
  /** What the app logged for an operator (`AppDependencies.log`). */
  logs: string[];
  request(method: string, path: string, init?: TestRequestInit): Promise<Response>;
}

/**
 * Opens a fresh storage for the enclosing `describe` and builds an app on it. `body` is sent as JSON
 * unless it is already a string.
 */
export function useTestApp(
  factory: StorageFactory,
  options: {
    maxJsonBytes?: number;
    staticPaths?: Partial<StaticPaths>;
    clipSettings?: Partial<ClipSettings>;
    clock?: Clock;
    transcriber?: Transcriber;
    /** Whisper's setup (model download, build) and re-transcription, made per app (a storage of its own). */
    transcriptionEngine?: () => TranscriptionEngineOptions;
    webhooks?: Partial<WebhookSettings>;
    outbound?: Partial<OutboundConfig>;
    publicUrl?: string;
    /** The key stored secrets are sealed with (random per app when absent). */
    secretKey?: Uint8Array;
    /**
     * Session starts per address. Default: no limit, since every request of a test comes from one address and
     * some files start hundreds of sessions; the test of the limit sets one.
     */
    sessionStartBudget?: Budget | null;
    loginGuards?: LoginGuards;
    setupAttempts?: SetupAttempts;
    library?: Partial<MediaLibrarySettings>;
    /** Sends e-mail (e.g. a `NodemailerMailer` to `startTestSmtp`'s server); made when the app is, so it may read state set up in `beforeAll`. */
    mailer?: () => Mailer;
    mailAttempts?: number;
    passwordBudgets?: PasswordBudgets;
    bundles?: Partial<FlowBundleSettings>;
    /** Another blob store than a temporary folder; made when the app is, so it may use state set up in `beforeAll`. */
    blobs?: () => BlobStore;
    /** Single sign-on; made when the app is, so it may name a provider started in `beforeAll`. */
    sso?: () => SsoConfig | null;
  } = {},
): TestApp {
  let dispose: (() => Promise<void>) | undefined;
  const handle = {
    errors: [] as unknown[],
    logs: [] as string[],
    request: async (method: string, path: string, init: TestRequestInit = {}) => {
      const headers: Record<string, string> = { ...init.headers };
      if (init.owner) headers.authorization = `Bearer ${ADMIN_KEY}`;
      let body: string | undefined;
      if (init.body !== undefined) {
        body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
        headers['content-type'] ??= 'application/json';
      }
      return handle.reelback.app.request(path, { method, headers, body }, init.address === undefined ? undefined : fromAddress(init.address));
    },
  } as TestApp;
  beforeAll(async () => {
    const opened = await factory.open();
    handle.storage = opened.storage;
    handle.media = await openTestMedia(opened.storage, {
      ...(options.clipSettings ? { settings: options.clipSettings } : {}),
      ...(options.transcriber ? { transcriber: options.transcriber } : {}),
      ...(options.library ? { library: options.library } : {}),
      ...(options.bundles ? { bundles: options.bundles } : {}),
      ...(options.blobs ? { blobs: options.blobs } : {}),
    });
    dispose = async () => {
      await handle.reelback?.webhookDispatcher.stop();
      await handle.reelback?.projectionFolder.stop();
      await handle.media.dispose();
      await opened.dispose();
    };
    handle.reelback = createApp({
      storage: opened.storage,
      adminKey: ADMIN_KEY,
      clock: options.clock ?? steppingClock(),
      maxJsonBytes: options.maxJsonBytes,
      staticPaths: options.staticPaths,
      logError: (_message, error) => handle.errors.push(error),
      log: (line) => handle.logs.push(line),
      media: handle.media.media,
      ...(options.webhooks ? { webhooks: options.webhooks } : {}),
      ...(options.outbound ? { outbound: options.outbound } : {}),
      ...(options.secretKey ? { secretKey: options.secretKey } : {}),
      ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
      sessionStartBudget: options.sessionStartBudget ?? null,
      ...(options.loginGuards ? { loginGuards: options.loginGuards } : {}),
      ...(options.setupAttempts ? { setupAttempts: options.setupAttempts } : {}),
      ...(options.mailer ? { mailer: options.mailer() } : {}),
      ...(options.mailAttempts ? { mailAttempts: options.mailAttempts } : {}),
      ...(options.passwordBudgets ? { passwordBudgets: options.passwordBudgets } : {}),
      ...(options.sso ? { sso: options.sso() } : {}),
      ...(options.transcriptionEngine ? { transcriptionEngine: options.transcriptionEngine() } : {}),
    });
  });
  afterAll(async () => {
    await dispose?.();
  });
  return handle;
}

let counter = 0;
/** A flow id unique within a test run (tests in one file share a database). */
export const uniqueFlowId = (prefix = 'flow') => `${prefix}-${process.pid}-${++counter}`;
