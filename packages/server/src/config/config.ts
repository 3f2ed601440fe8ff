import { resolve } from 'node:path';
import * as z from 'zod';
import { type BlobsConfig, parseBlobsConfig } from './blob-config.js';
import { type ProcessRole, parseProcessRole } from './process-role.js';
import { parseSsoConfig, type SsoConfig } from '../sso/sso-config.js';

export type DatabaseConfig = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  database: DatabaseConfig;
  /** `null` only outside production: `resolveAdminKey` then makes (or reuses) one in the data folder. */
  adminKey: string | null;
  /**
   * REELBACK_SECRET_KEY: 32 bytes that encrypt stored secrets (tracker tokens). `null`: `resolveSecretKey` makes
   * (or reuses) one in the data folder.
   */
  secretKey: Buffer | null;
  /** REELBACK_PUBLIC_URL: where people reach the server (no trailing slash), for links in backlog items and exports. */
  publicUrl: string | null;
  demo: boolean;
  production: boolean;
  media: MediaConfig;
  transcription: TranscriptionConfig;
  outbound: OutboundConfig;
  /** REELBACK_SMTP_URL and REELBACK_MAIL_FROM: where invites and reset links are e-mailed from; null: no e-mail. */
  mail: MailConfig | null;
  /** REELBACK_S3_*: media in an S3-compatible bucket; the data folder otherwise (blob-config.ts). */
  blobs: BlobsConfig;
  /** REELBACK_ROLE: `all` (default), `web` (HTTP only) or `worker` (jobs only); see process-role.ts. */
  role: ProcessRole;
  /** REELBACK_OIDC_*: single sign-on with an OpenID Connect provider; null: passwords only. */
  sso: SsoConfig | null;
}

export interface MailConfig {
  /** `smtp://user:pass@host:587` or `smtps://…` (never logged: it holds a password). */
  smtpUrl: string;
  from: string;
}

export interface OutboundConfig {
  /**
   * REELBACK_OUTBOUND_ALLOW_PRIVATE (or its older name REELBACK_WEBHOOKS_ALLOW_PRIVATE): webhooks, trackers and the
   * transcription service may be on loopback, private, link-local or reserved addresses. Off by default.
   */
  allowPrivate: boolean;
}

export type TranscriberChoice = 'auto' | 'whisper' | 'pocketsphinx' | 'openai' | 'off';

export interface TranscriptionConfig {
  /** REELBACK_TRANSCRIBER: `auto` (Whisper when a model is present, else PocketSphinx when installed), or one engine, or `off`. */
  engine: TranscriberChoice;
  /** REELBACK_TRANSCRIBE_LANGUAGE: `auto` or an ISO 639-1 code; a flow's `transcriptLanguage` wins. */
  language: string;
  /** REELBACK_TRANSCRIBE_CONCURRENCY: transcriptions at once in this process (default: one per core). */
  concurrency: number | null;
  /** REELBACK_TRANSCRIBE_URL / _KEY / _MODEL: an OpenAI-compatible `/v1/audio/transcriptions` service. */
  openai: { url: string; key: string | null; model: string } | null;
  /** REELBACK_POCKETSPHINX_GRAMMAR: a JSGF grammar that narrows what PocketSphinx can hear. */
  pocketsphinxGrammar: string | null;
}
export interface MediaConfig {
  /** Largest recorded answer accepted (REELBACK_MAX_UPLOAD_MB, default 200). */
  maxUploadBytes: number;
  /** Largest prompt media file an owner may upload to the library (REELBACK_MEDIA_LIBRARY_MAX_MB, default 1000: 1 GB). */
  libraryMaxUploadBytes?: number;
  /** Keep the viewer's original upload after conversion (REELBACK_KEEP_ORIGINALS, default off). */
  keepOriginals: boolean;
  /** How long a worker holds a job before another may take it over (REELBACK_JOB_LEASE_SECONDS, default 60). */
  jobLeaseSeconds: number;
  /** Clip conversions at once in this process (REELBACK_MEDIA_CONCURRENCY, default 1). */
  concurrency: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export const MIN_ADMIN_KEY_LENGTH = 16;

const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const shown = (value: unknown) => `'${String(value)}'`;

const Port = z.preprocess(
  blankToUndefined,
  z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined) return 8787;
      const port = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
      if (Number.isInteger(port) && port >= 1 && port <= 65535) return port;
      ctx.addIssue({ code: 'custom', message: `PORT must be a whole number from 1 to 65535, got ${shown(raw)}` });
      return z.NEVER;
    }),
);

const DatabaseUrl = z.preprocess(
  blankToUndefined,
  z
    .string()
    .optional()
    .refine((url) => url === undefined || /^postgres(ql)?:\/\/.+/i.test(url), {
      // Never echo the URL: it usually carries a password.
      message: 'DATABASE_URL must be a postgres:// or postgresql:// URL (leave it unset to use SQLite in the data folder)',
    }),
);

/** A yes/no variable whose absence is kept apart from "no" (so an older name can stand in for a newer one). */
const OptionalFlag = (name: string) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .optional()
      .transform((raw, ctx) => {
        if (raw === undefined) return undefined;
        const value = raw.trim().toLowerCase();
        if (['1', 'true', 'on', 'yes'].includes(value)) return true;
        if (['0', 'false', 'off', 'no'].includes(value)) return false;
        ctx.addIssue({ code: 'custom', message: `${name} must be one of 1/0, true/false, on/off, yes/no, got ${shown(raw)}` });
        return z.NEVER;
      }),
  );

const Flag = (name: string, fallback: boolean) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .optional()
      .transform((raw, ctx) => {
        if (raw === undefined) return fallback;
        const value = raw.trim().toLowerCase();
        if (['1', 'true', 'on', 'yes'].includes(value)) return true;
        if (['0', 'false', 'off', 'no'].includes(value)) return false;
        ctx.addIssue({ code: 'custom', message: `${name} must be one of 1/0, true/false, on/off, yes/no, got ${shown(raw)}` });
        return z.NEVER;
      }),
  );

const WholeNumber = (name: string, fallback: number, min: number, max: number) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .optional()
      .transform((raw, ctx) => {
        if (raw === undefined) return fallback;
        const value = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
        if (Number.isInteger(value) && value >= min && value <= max) return value;
        ctx.addIssue({ code: 'custom', message: `${name} must be a whole number from ${min} to ${max}, got ${shown(raw)}` });
        return z.NEVER;
      }),
  );

const HttpUrl = (name: string) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .optional()
      .refine((url) => url === undefined || /^https?:\/\/[^\s]+$/i.test(url), { message: `${name} must be an http(s) URL` }),
  );

function isPublicBaseUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password && !url.search && !url.hash;
  } catch {
    return false;
  }
}

/** 32 bytes, written as 64 hex digits or as base64 / base64url (44 or 43 characters). */
export function decodeSecretKey(raw: string): Buffer | null {
  const text = raw.trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(text)) {
    const bytes = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (bytes.length === 32) return bytes;
  }
  return null;
}

const SecretKey = z.preprocess(
  blankToUndefined,
  z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined) return null;
      const key = decodeSecretKey(raw);
      if (key) return key;
      // Never echo the value: it is a secret.
      ctx.addIssue({ code: 'custom', message: 'REELBACK_SECRET_KEY must be 32 bytes written as 64 hex digits or in base64 (e.g. `openssl rand -base64 32`)' });
      return z.NEVER;
    }),
);

function isSmtpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const SmtpUrl = z.preprocess(
  blankToUndefined,
  z
    .string()
    .optional()
    // Never echo the URL: it usually carries a password.
    .refine((url) => url === undefined || isSmtpUrl(url), {
      message: 'REELBACK_SMTP_URL must be an smtp:// or smtps:// URL such as smtp://user:password@mail.example.com:587 (user and password URL-encoded)',
    }),
);

const MailFrom = z.preprocess(
  blankToUndefined,
  z
    .string()
    .trim()
    .optional()
    .refine((from) => from === undefined || /^([^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/.test(from), {
      message: 'REELBACK_MAIL_FROM must be an e-mail address, or a name and one: "Reelback <reelback@example.com>"',
    }),
);

const Env = z.object({
  PORT: Port,
  HOST: z.preprocess(blankToUndefined, z.string().default('0.0.0.0')),
  REELBACK_DATA_DIR: z.preprocess(blankToUndefined, z.string().default('./data')),
  DATABASE_URL: DatabaseUrl,
  REELBACK_ADMIN_KEY: z.preprocess(
    blankToUndefined,
    z
      .string()
      .min(MIN_ADMIN_KEY_LENGTH, {
        message: `REELBACK_ADMIN_KEY must be at least ${MIN_ADMIN_KEY_LENGTH} characters long (a long random string)`,
      })
      .optional(),
  ),
  REELBACK_SECRET_KEY: SecretKey,
  REELBACK_PUBLIC_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .optional()
      .refine((url) => url === undefined || isPublicBaseUrl(url), {
        message: 'REELBACK_PUBLIC_URL must be an http(s) URL without a query, fragment or credentials, such as https://feedback.example.com',
      })
      .transform((url) => url?.replace(/\/+$/, '')),
  ),
  REELBACK_DEMO: Flag('REELBACK_DEMO', true),
  REELBACK_MAX_UPLOAD_MB: WholeNumber('REELBACK_MAX_UPLOAD_MB', 200, 1, 10_000),
  REELBACK_MEDIA_LIBRARY_MAX_MB: WholeNumber('REELBACK_MEDIA_LIBRARY_MAX_MB', 1000, 1, 100_000),
  REELBACK_KEEP_ORIGINALS: Flag('REELBACK_KEEP_ORIGINALS', false),
  REELBACK_JOB_LEASE_SECONDS: WholeNumber('REELBACK_JOB_LEASE_SECONDS', 60, 2, 3600),
  REELBACK_MEDIA_CONCURRENCY: WholeNumber('REELBACK_MEDIA_CONCURRENCY', 1, 1, 64),
  REELBACK_TRANSCRIBER: z.preprocess(
    blankToUndefined,
    z.enum(['auto', 'whisper', 'pocketsphinx', 'openai', 'off'], {
      message: 'REELBACK_TRANSCRIBER must be one of auto, whisper, pocketsphinx, openai, off',
    }).default('auto'),
  ),
  REELBACK_TRANSCRIBE_LANGUAGE: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^(auto|[a-z]{2})$/, { message: 'REELBACK_TRANSCRIBE_LANGUAGE must be "auto" or a two-letter ISO 639-1 code such as "en"' })
      .default('auto'),
  ),
  REELBACK_TRANSCRIBE_CONCURRENCY: WholeNumber('REELBACK_TRANSCRIBE_CONCURRENCY', 0, 1, 64),
  REELBACK_TRANSCRIBE_URL: HttpUrl('REELBACK_TRANSCRIBE_URL'),
  REELBACK_TRANSCRIBE_KEY: z.preprocess(blankToUndefined, z.string().optional()),
  REELBACK_TRANSCRIBE_MODEL: z.preprocess(blankToUndefined, z.string().max(200).default('whisper-1')),
  REELBACK_POCKETSPHINX_GRAMMAR: z.preprocess(blankToUndefined, z.string().optional()),
  REELBACK_OUTBOUND_ALLOW_PRIVATE: OptionalFlag('REELBACK_OUTBOUND_ALLOW_PRIVATE'),
  REELBACK_WEBHOOKS_ALLOW_PRIVATE: OptionalFlag('REELBACK_WEBHOOKS_ALLOW_PRIVATE'),
  REELBACK_SMTP_URL: SmtpUrl,
  REELBACK_MAIL_FROM: MailFrom,
  NODE_ENV: z.string().optional(),
});

/**
 * Reads the environment into a typed configuration, or throws a `ConfigError` listing every problem at once,
 * so an operator fixes them in one go. Pure: the admin key file is handled by `resolveAdminKey`.
 */
export function parseConfig(env: Record<string, string | undefined>, cwd = process.cwd()): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((issue) => issue.message));
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (e.REELBACK_TRANSCRIBER === 'openai' && !e.REELBACK_TRANSCRIBE_URL) {
    throw new ConfigError(['REELBACK_TRANSCRIBER=openai needs REELBACK_TRANSCRIBE_URL (the service that answers /v1/audio/transcriptions)']);
  }
  const allowPrivate = e.REELBACK_OUTBOUND_ALLOW_PRIVATE ?? e.REELBACK_WEBHOOKS_ALLOW_PRIVATE ?? false;
  if (e.REELBACK_OUTBOUND_ALLOW_PRIVATE !== undefined && e.REELBACK_WEBHOOKS_ALLOW_PRIVATE !== undefined && e.REELBACK_OUTBOUND_ALLOW_PRIVATE !== e.REELBACK_WEBHOOKS_ALLOW_PRIVATE) {
    throw new ConfigError([
      'REELBACK_OUTBOUND_ALLOW_PRIVATE and REELBACK_WEBHOOKS_ALLOW_PRIVATE (its older name) disagree: set only REELBACK_OUTBOUND_ALLOW_PRIVATE',
    ]);
  }
  if (production && e.REELBACK_ADMIN_KEY === undefined) {
    throw new ConfigError([
      `REELBACK_ADMIN_KEY is required when NODE_ENV=production (at least ${MIN_ADMIN_KEY_LENGTH} characters)`,
    ]);
  }
  const mailProblems = [
    ...(e.REELBACK_SMTP_URL && !e.REELBACK_MAIL_FROM ? ['REELBACK_SMTP_URL needs REELBACK_MAIL_FROM, the sender of its e-mails (e.g. "Reelback <reelback@example.com>")'] : []),
    ...(e.REELBACK_SMTP_URL && !e.REELBACK_PUBLIC_URL
      ? ['REELBACK_SMTP_URL needs REELBACK_PUBLIC_URL: links in e-mails (password resets anyone can ask for) must not be made from the Host a request names']
      : []),
    ...(e.REELBACK_MAIL_FROM && !e.REELBACK_SMTP_URL ? ['REELBACK_MAIL_FROM is set but REELBACK_SMTP_URL is not: set both to send e-mail, or neither'] : []),
  ];
  if (mailProblems.length > 0) throw new ConfigError(mailProblems);
  const { blobs, problems: blobProblems } = parseBlobsConfig(env);
  const { role, problems: roleProblems } = parseProcessRole(env, e.DATABASE_URL ? 'postgres' : 'sqlite');
  if (blobProblems.length + roleProblems.length > 0) throw new ConfigError([...blobProblems, ...roleProblems]);
  const sso = parseSsoConfig(env);
  if (sso.problems.length > 0) throw new ConfigError(sso.problems);
  const dataDir = resolve(cwd, e.REELBACK_DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'sqlite', file: resolve(dataDir, 'reelback.db') },
    adminKey: e.REELBACK_ADMIN_KEY ?? null,
    secretKey: e.REELBACK_SECRET_KEY,
    publicUrl: e.REELBACK_PUBLIC_URL ?? null,
    demo: e.REELBACK_DEMO,
    production,
    media: {
      maxUploadBytes: e.REELBACK_MAX_UPLOAD_MB * 1_000_000,
      libraryMaxUploadBytes: e.REELBACK_MEDIA_LIBRARY_MAX_MB * 1_000_000,
      keepOriginals: e.REELBACK_KEEP_ORIGINALS,
      jobLeaseSeconds: e.REELBACK_JOB_LEASE_SECONDS,
      concurrency: e.REELBACK_MEDIA_CONCURRENCY,
    },
    transcription: {
      engine: e.REELBACK_TRANSCRIBER,
      language: e.REELBACK_TRANSCRIBE_LANGUAGE,
      concurrency: e.REELBACK_TRANSCRIBE_CONCURRENCY === 0 ? null : e.REELBACK_TRANSCRIBE_CONCURRENCY,
      openai: e.REELBACK_TRANSCRIBE_URL
        ? { url: e.REELBACK_TRANSCRIBE_URL, key: e.REELBACK_TRANSCRIBE_KEY ?? null, model: e.REELBACK_TRANSCRIBE_MODEL }
        : null,
      pocketsphinxGrammar: e.REELBACK_POCKETSPHINX_GRAMMAR ? resolve(cwd, e.REELBACK_POCKETSPHINX_GRAMMAR) : null,
    },
    outbound: { allowPrivate },
    mail: e.REELBACK_SMTP_URL && e.REELBACK_MAIL_FROM ? { smtpUrl: e.REELBACK_SMTP_URL, from: e.REELBACK_MAIL_FROM } : null,
    blobs,
    role,
    sso: sso.config,
  };
}
