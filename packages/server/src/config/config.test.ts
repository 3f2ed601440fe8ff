import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, resolveAdminKey } from './admin-key.js';
import { ConfigError, parseConfig } from './config.js';
import { resolveSecretKey } from './secret-key.js';

const KEY = 'an-admin-key-of-enough-length';
const SECRET_HEX = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseConfig(env, '/srv');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('has defaults for everything outside production', () => {
    expect(parseConfig({}, '/srv/reelback')).toEqual({
      port: 8787,
      host: '0.0.0.0',
      dataDir: '/srv/reelback/data',
      database: { kind: 'sqlite', file: '/srv/reelback/data/reelback.db' },
      adminKey: null,
      secretKey: null,
      publicUrl: null,
      demo: true,
      production: false,
      media: { maxUploadBytes: 200_000_000, libraryMaxUploadBytes: 1_000_000_000, keepOriginals: false, jobLeaseSeconds: 60, concurrency: 1 },
      transcription: { engine: 'auto', language: 'auto', concurrency: null, openai: null, pocketsphinxGrammar: null },
      outbound: { allowPrivate: false },
      mail: null,
      blobs: { kind: 'local' },
      role: 'all',
      sso: null,
    });
  });

  it('reads every variable', () => {
    const config = parseConfig(
      {
        PORT: '3000',
        HOST: '127.0.0.1',
        REELBACK_DATA_DIR: '/var/lib/reelback',
        DATABASE_URL: 'postgresql://user:secret@db:5432/reelback',
        REELBACK_ADMIN_KEY: KEY,
        REELBACK_SECRET_KEY: SECRET_HEX,
        REELBACK_PUBLIC_URL: 'https://feedback.acme.example/reelback/',
        REELBACK_DEMO: 'off',
        NODE_ENV: 'production',
        REELBACK_MAX_UPLOAD_MB: '50',
        REELBACK_MEDIA_LIBRARY_MAX_MB: '300',
        REELBACK_KEEP_ORIGINALS: 'yes',
        REELBACK_JOB_LEASE_SECONDS: '5',
        REELBACK_MEDIA_CONCURRENCY: '2',
        REELBACK_TRANSCRIBER: 'openai',
        REELBACK_TRANSCRIBE_LANGUAGE: 'de',
        REELBACK_TRANSCRIBE_CONCURRENCY: '3',
        REELBACK_TRANSCRIBE_URL: 'http://whisper.internal:8000',
        REELBACK_TRANSCRIBE_KEY: 'sk-local',
        REELBACK_TRANSCRIBE_MODEL: 'large-v3',
        REELBACK_POCKETSPHINX_GRAMMAR: 'grammar.jsgf',
        REELBACK_OUTBOUND_ALLOW_PRIVATE: 'on',
        REELBACK_SMTP_URL: 'smtps://reelback%40acme.example:p%40ss@mail.acme.example',
        REELBACK_MAIL_FROM: ' Reelback <reelback@acme.example> ',
      },
      '/srv',
    );
    expect(config).toEqual({
      port: 3000,
      host: '127.0.0.1',
      dataDir: '/var/lib/reelback',
      database: { kind: 'postgres', url: 'postgresql://user:secret@db:5432/reelback' },
      adminKey: KEY,
      secretKey: Buffer.from(SECRET_HEX, 'hex'),
      publicUrl: 'https://feedback.acme.example/reelback',
      demo: false,
      production: true,
      media: { maxUploadBytes: 50_000_000, libraryMaxUploadBytes: 300_000_000, keepOriginals: true, jobLeaseSeconds: 5, concurrency: 2 },
      transcription: {
        engine: 'openai',
        language: 'de',
        concurrency: 3,
        openai: { url: 'http://whisper.internal:8000', key: 'sk-local', model: 'large-v3' },
        pocketsphinxGrammar: '/srv/grammar.jsgf',
      },
      outbound: { allowPrivate: true },
      mail: { smtpUrl: 'smtps://reelback%40acme.example:p%40ss@mail.acme.example', from: 'Reelback <reelback@acme.example>' },
      blobs: { kind: 'local' },
      role: 'all',
      sso: null,
    });
    expect(parseConfig({ DATABASE_URL: 'postgres://localhost/x' }).database.kind).toBe('postgres');
  });

  it('keeps media in an S3-compatible bucket when REELBACK_S3_BUCKET is set', () => {
    expect(
      parseConfig({
        REELBACK_S3_BUCKET: 'acme-reelback',
        REELBACK_S3_ENDPOINT: 'http://127.0.0.1:9000',
        REELBACK_S3_REGION: 'eu-central-1',
        REELBACK_S3_PREFIX: '/media/reelback/',
        REELBACK_S3_FORCE_PATH_STYLE: 'on',
        REELBACK_S3_PRESIGNED_MEDIA: 'on',
      }).blobs,
    ).toEqual({ kind: 's3', bucket: 'acme-reelback', endpoint: 'http://127.0.0.1:9000', region: 'eu-central-1', prefix: 'media/reelback', forcePathStyle: true, presignedMediaSeconds: 300 });
    expect(parseConfig({ REELBACK_S3_BUCKET: 'acme-reelback', REELBACK_S3_PRESIGNED_MEDIA: '60' }).blobs).toMatchObject({ presignedMediaSeconds: 60 });
    // AWS itself: no endpoint, the SDK's region variable, virtual-hosted addressing.
    expect(parseConfig({ REELBACK_S3_BUCKET: 'acme-reelback', AWS_REGION: 'us-west-2' }).blobs).toEqual({
      kind: 's3',
      bucket: 'acme-reelback',
      endpoint: null,
      region: 'us-west-2',
      prefix: '',
      forcePathStyle: false,
      presignedMediaSeconds: null,
    });
  });

  it('splits the work by REELBACK_ROLE on PostgreSQL, and refuses a split on SQLite', () => {
    expect(parseConfig({ DATABASE_URL: 'postgres://db/reelback', REELBACK_ROLE: 'web' }).role).toBe('web');
    expect(parseConfig({ DATABASE_URL: 'postgres://db/reelback', REELBACK_ROLE: ' Worker ' }).role).toBe('worker');
    expect(parseConfig({ REELBACK_ROLE: 'all' }).role).toBe('all');
    expect(problemsOf({ REELBACK_ROLE: 'worker' })).toEqual([
      'REELBACK_ROLE=worker needs DATABASE_URL (PostgreSQL): web and worker processes share the database, which SQLite in one data folder cannot do',
    ]);
    expect(problemsOf({ DATABASE_URL: 'postgres://db/reelback', REELBACK_ROLE: 'jobs' })).toEqual(["REELBACK_ROLE must be one of all, web, worker, got 'jobs'"]);
  });

  it('names bad S3 settings, and S3 settings without a bucket', () => {
    expect(problemsOf({ REELBACK_S3_ENDPOINT: 'http://minio:9000', REELBACK_S3_PREFIX: 'x' })).toEqual([
      'REELBACK_S3_ENDPOINT, REELBACK_S3_PREFIX are set but REELBACK_S3_BUCKET is not: set the bucket to keep media in S3, or unset them',
    ]);
    expect(
      problemsOf({ REELBACK_S3_BUCKET: 'Acme_Bucket', REELBACK_S3_ENDPOINT: 'http://key:secret@minio:9000', REELBACK_S3_PREFIX: 'a/../b', REELBACK_S3_FORCE_PATH_STYLE: 'maybe', REELBACK_S3_PRESIGNED_MEDIA: '1 week' }),
    ).toEqual([
      'REELBACK_S3_BUCKET must be a bucket name: 3–63 lower-case letters, digits, dots and hyphens',
      'REELBACK_S3_ENDPOINT must be an http(s) URL without credentials, such as https://s3.example.com or http://127.0.0.1:9000',
      'REELBACK_S3_PREFIX must be a plain folder path such as reelback or media/reelback (letters, digits, . _ - and /)',
      "REELBACK_S3_FORCE_PATH_STYLE must be one of 1/0, true/false, on/off, yes/no, got 'maybe'",
      "REELBACK_S3_PRESIGNED_MEDIA must be on/off (1/0, true/false, yes/no) or a number of seconds from 1 to 604800, got '1 week'",
    ]);
  });

  it('names bad media settings', () => {
    expect(problemsOf({ REELBACK_MAX_UPLOAD_MB: '0', REELBACK_JOB_LEASE_SECONDS: 'soon', REELBACK_KEEP_ORIGINALS: 'maybe' })).toEqual([
      "REELBACK_MAX_UPLOAD_MB must be a whole number from 1 to 10000, got '0'",
      "REELBACK_KEEP_ORIGINALS must be one of 1/0, true/false, on/off, yes/no, got 'maybe'",
      "REELBACK_JOB_LEASE_SECONDS must be a whole number from 2 to 3600, got 'soon'",
    ]);
  });

  it('names bad transcription settings', () => {
    expect(problemsOf({ REELBACK_TRANSCRIBER: 'vosk', REELBACK_TRANSCRIBE_LANGUAGE: 'english' })).toEqual([
      'REELBACK_TRANSCRIBER must be one of auto, whisper, pocketsphinx, openai, off',
      'REELBACK_TRANSCRIBE_LANGUAGE must be "auto" or a two-letter ISO 639-1 code such as "en"',
    ]);
    expect(problemsOf({ REELBACK_TRANSCRIBER: 'openai' })).toEqual([
      'REELBACK_TRANSCRIBER=openai needs REELBACK_TRANSCRIBE_URL (the service that answers /v1/audio/transcriptions)',
    ]);
  });

  it('reads the private-address switch under its new name or its old one (webhooks only, once)', () => {
    expect(parseConfig({ REELBACK_OUTBOUND_ALLOW_PRIVATE: '1' }).outbound).toEqual({ allowPrivate: true });
    expect(parseConfig({ REELBACK_WEBHOOKS_ALLOW_PRIVATE: 'yes' }).outbound).toEqual({ allowPrivate: true });
    expect(parseConfig({ REELBACK_OUTBOUND_ALLOW_PRIVATE: '0', REELBACK_WEBHOOKS_ALLOW_PRIVATE: 'off' }).outbound).toEqual({ allowPrivate: false });
    expect(problemsOf({ REELBACK_OUTBOUND_ALLOW_PRIVATE: '1', REELBACK_WEBHOOKS_ALLOW_PRIVATE: '0' })).toEqual([
      'REELBACK_OUTBOUND_ALLOW_PRIVATE and REELBACK_WEBHOOKS_ALLOW_PRIVATE (its older name) disagree: set only REELBACK_OUTBOUND_ALLOW_PRIVATE',
    ]);
    expect(problemsOf({ REELBACK_OUTBOUND_ALLOW_PRIVATE: 'maybe' })).toEqual([
      "REELBACK_OUTBOUND_ALLOW_PRIVATE must be one of 1/0, true/false, on/off, yes/no, got 'maybe'",
    ]);
  });

  it('treats empty variables as unset', () => {
    expect(parseConfig({ PORT: '', DATABASE_URL: ' ', REELBACK_ADMIN_KEY: '' }, '/srv')).toMatchObject({
      port: 8787,
      database: { kind: 'sqlite' },
      adminKey: null,
    });
  });

  it.each(['abc', '0', '65536', '80.5', '-1', '8080x'])('says what is wrong with PORT=%s', (port) => {
    expect(problemsOf({ PORT: port })).toEqual([`PORT must be a whole number from 1 to 65535, got '${port}'`]);
  });

  it('refuses a DATABASE_URL that is not PostgreSQL, without echoing it', () => {
    const problems = problemsOf({ DATABASE_URL: 'mysql://root:hunter2@db/x' });
    expect(problems).toEqual([
      'DATABASE_URL must be a postgres:// or postgresql:// URL (leave it unset to use SQLite in the data folder)',
    ]);
    expect(problems.join()).not.toContain('hunter2');
  });

  it('needs a long enough admin key, and one at all in production', () => {
    expect(problemsOf({ REELBACK_ADMIN_KEY: 'short' })).toEqual([
      'REELBACK_ADMIN_KEY must be at least 16 characters long (a long random string)',
    ]);
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
      'REELBACK_ADMIN_KEY is required when NODE_ENV=production (at least 16 characters)',
    ]);
  });

  it('refuses a REELBACK_PUBLIC_URL that is not a plain http(s) base', () => {
    for (const bad of ['feedback.acme.example', 'ftp://acme.example', 'https://user:pw@acme.example', 'https://acme.example/?x=1', 'https://acme.example/#top']) {
      expect(() => parseConfig({ REELBACK_PUBLIC_URL: bad }), bad).toThrow(/REELBACK_PUBLIC_URL must be an http\(s\) URL/);
    }
  });

  it('reads REELBACK_SECRET_KEY as 32 bytes in hex or base64, and refuses anything else without echoing it', () => {
    const bytes = Buffer.from(SECRET_HEX, 'hex');
    expect(parseConfig({ REELBACK_SECRET_KEY: bytes.toString('base64') }).secretKey).toEqual(bytes);
    expect(parseConfig({ REELBACK_SECRET_KEY: bytes.toString('base64url') }).secretKey).toEqual(bytes);
    for (const bad of ['hunter2-is-not-a-key', SECRET_HEX.slice(2), Buffer.alloc(31, 7).toString('base64')]) {
      const problems = problemsOf({ REELBACK_SECRET_KEY: bad });
      expect(problems).toEqual(['REELBACK_SECRET_KEY must be 32 bytes written as 64 hex digits or in base64 (e.g. `openssl rand -base64 32`)']);
      expect(problems.join()).not.toContain(bad);
    }
  });

  it('needs a sender and a public URL with SMTP, and never echoes the SMTP URL', () => {
    const base = { REELBACK_PUBLIC_URL: 'https://feedback.acme.example' };
    expect(parseConfig({ ...base, REELBACK_SMTP_URL: 'smtp://mail.acme.example:2525', REELBACK_MAIL_FROM: 'reelback@acme.example' }).mail).toEqual({
      smtpUrl: 'smtp://mail.acme.example:2525',
      from: 'reelback@acme.example',
    });
    for (const bad of ['http://user:hunter2@mail.acme.example', 'smtp://', 'mail.acme.example:587 hunter2']) {
      const error = (() => {
        try {
          parseConfig({ ...base, REELBACK_SMTP_URL: bad, REELBACK_MAIL_FROM: 'reelback@acme.example' });
        } catch (e) {
          return e as Error;
        }
        throw new Error(`accepted ${bad}`);
      })();
      expect(error.message, bad).toMatch(/REELBACK_SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL/);
      expect(error.message).not.toContain('hunter2');
    }
    expect(() => parseConfig({ ...base, REELBACK_SMTP_URL: 'smtp://mail.acme.example' })).toThrow(/REELBACK_SMTP_URL needs REELBACK_MAIL_FROM/);
    expect(() => parseConfig({ REELBACK_SMTP_URL: 'smtp://mail.acme.example', REELBACK_MAIL_FROM: 'a@acme.example' })).toThrow(/REELBACK_SMTP_URL needs REELBACK_PUBLIC_URL/);
    expect(() => parseConfig({ REELBACK_MAIL_FROM: 'a@acme.example' })).toThrow(/REELBACK_MAIL_FROM is set but REELBACK_SMTP_URL is not/);
    expect(() => parseConfig({ ...base, REELBACK_SMTP_URL: 'smtp://mail.acme.example', REELBACK_MAIL_FROM: 'Reelback' })).toThrow(/REELBACK_MAIL_FROM must be an e-mail address/);
  });

  it('reads REELBACK_DEMO as a switch', () => {
    expect(parseConfig({ REELBACK_DEMO: 'no' }).demo).toBe(false);
    expect(parseConfig({ REELBACK_DEMO: 'TRUE' }).demo).toBe(true);
    expect(problemsOf({ REELBACK_DEMO: 'maybe' })).toEqual(["REELBACK_DEMO must be one of 1/0, true/false, on/off, yes/no, got 'maybe'"]);
  });

  it('lists every problem at once', () => {
    const error = (() => {
      try {
        parseConfig({ PORT: 'x', REELBACK_DEMO: 'x', DATABASE_URL: 'x' });
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(error?.problems).toHaveLength(3);
    expect(error?.message).toMatch(/^Invalid configuration:\n {2}- PORT must be/);
  });
});

describe('resolveAdminKey', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reelback-config-test-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('makes a key once, keeps it in the data folder, and says where (never the key) only when made', async () => {
    const lines: string[] = [];
    const dataDir = join(dir, 'nested', 'data');
    const first = await loadConfig({ REELBACK_DATA_DIR: dataDir }, (line) => lines.push(line));
    expect(first.adminKey).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain(first.adminKey);
    expect(lines[0]).toContain(join(dataDir, 'admin-key'));
    expect(first.adminKeyFile).toBe(join(dataDir, 'admin-key'));
    expect((await readFile(join(dataDir, 'admin-key'), 'utf8')).trim()).toBe(first.adminKey);
    expect((await stat(join(dataDir, 'admin-key'))).mode & 0o777).toBe(0o600);

    const second = await loadConfig({ REELBACK_DATA_DIR: dataDir }, (line) => lines.push(line));
    expect(second.adminKey).toBe(first.adminKey);
    expect(second.adminKeyFile).toBe(join(dataDir, 'admin-key'));
    expect(lines).toHaveLength(1);
  });

  it('uses the configured key and writes no file', async () => {
    const lines: string[] = [];
    const config = await resolveAdminKey(parseConfig({ REELBACK_DATA_DIR: dir, REELBACK_ADMIN_KEY: KEY }), (l) => lines.push(l));
    expect(config.adminKey).toBe(KEY);
    expect(config.adminKeyFile).toBeUndefined();
    expect(lines).toEqual([]);
    await expect(stat(join(dir, 'admin-key'))).rejects.toThrow(/ENOENT/);
  });

  it('refuses a stored key that is too short', async () => {
    await writeFile(join(dir, 'admin-key'), 'tiny\n');
    await expect(loadConfig({ REELBACK_DATA_DIR: dir }, () => {})).rejects.toThrow(/shorter than 16 characters/);
  });
});

describe('resolveSecretKey', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reelback-secret-test-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('makes 32 random bytes once into the data folder (mode 0600) and reuses them', async () => {
    const dataDir = join(dir, 'data');
    const first = await resolveSecretKey({ dataDir, secretKey: null });
    expect(first).toHaveLength(32);
    expect((await stat(join(dataDir, 'secret-key'))).mode & 0o777).toBe(0o600);
    expect(await resolveSecretKey({ dataDir, secretKey: null })).toEqual(first);
  });

  it('uses the configured key and writes no file; refuses a damaged file', async () => {
    const key = Buffer.alloc(32, 1);
    expect(await resolveSecretKey({ dataDir: dir, secretKey: key })).toBe(key);
    await expect(stat(join(dir, 'secret-key'))).rejects.toThrow(/ENOENT/);
    await writeFile(join(dir, 'secret-key'), 'tiny\n');
    await expect(resolveSecretKey({ dataDir: dir, secretKey: null })).rejects.toThrow(/does not hold a 32-byte key/);
  });
});
