import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../config/config.js';
import { startServer } from '../start-server.js';
import { freshDatabase } from '../test-support/fresh-database.js';
import { S3_TEST_CREDENTIALS, startTestS3, type TestS3 } from '../test-support/test-s3.js';
import { BucketCheckError, checkBucket } from './check-bucket.js';

const ADMIN_KEY = 'bucket-check-admin-key-0123';

/** A port nothing listens on: taken from the system, then let go. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}

/**
 * The bucket check at start (#15, bad input), against a real S3 server (s3rver). s3rver checks no signatures, so
 * wrong credentials cannot be shown failing here: the 403 wording is what AWS, MinIO and the others answer a
 * refused signature with, and it is not faked in this test.
 */
describe('checking the bucket at start', () => {
  let s3: TestS3;
  let dir: string;
  const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
  beforeAll(async () => {
    [s3, dir] = await Promise.all([startTestS3(), mkdtemp(join(tmpdir(), 'reelback-bucket-check-'))]);
    // The S3 client reads its credentials from the environment, as it would in production.
    process.env.AWS_ACCESS_KEY_ID = S3_TEST_CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = S3_TEST_CREDENTIALS.secretAccessKey;
  });
  afterAll(async () => {
    for (const [name, value] of [['AWS_ACCESS_KEY_ID', saved.id], ['AWS_SECRET_ACCESS_KEY', saved.secret]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await s3?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const env = (name: string, bucket: string, endpoint: string, more: Record<string, string> = {}) => ({
    REELBACK_DATA_DIR: join(dir, name),
    HOST: '127.0.0.1',
    REELBACK_DEMO: 'off',
    REELBACK_TRANSCRIBER: 'off',
    REELBACK_S3_BUCKET: bucket,
    REELBACK_S3_ENDPOINT: endpoint,
    REELBACK_S3_FORCE_PATH_STYLE: '1',
    ...more,
  });
  const s3Of = (e: Record<string, string | undefined>) => {
    const { blobs } = parseConfig(e);
    if (blobs.kind !== 's3') throw new Error('the test environment should configure a bucket');
    return blobs;
  };
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => new Error('expected a failure, but it succeeded'),
      (error: unknown) => error,
    );

  it('passes for a bucket that exists', async () => {
    await expect(checkBucket(s3Of(env('ok', s3.bucket, s3.endpoint)))).resolves.toBeUndefined();
  });

  it('names the bucket, the endpoint and that it does not exist, with no secret', async () => {
    const error = await failure(checkBucket(s3Of(env('missing', 'no-such-bucket', s3.endpoint))));
    expect(error).toBeInstanceOf(BucketCheckError);
    const message = (error as Error).message;
    expect(message).toBe(`REELBACK_S3_BUCKET 'no-such-bucket' at ${s3.endpoint} cannot be used: the bucket does not exist (create it, or correct the name)`);
    expect(message).not.toContain(S3_TEST_CREDENTIALS.secretAccessKey);
  });

  it('says when the endpoint refuses the connection', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const error = await failure(checkBucket(s3Of(env('refused', s3.bucket, endpoint))));
    expect((error as Error).message).toBe(
      `REELBACK_S3_BUCKET '${s3.bucket}' at ${endpoint} cannot be used: the endpoint refused the connection (is the S3 server running, and is REELBACK_S3_ENDPOINT right?)`,
    );
  });

  it('gives up on an endpoint that never answers after the timeout, and lets go of its connection', async () => {
    // Accepts connections and says nothing, as a firewalled or hung server does.
    const open = new Set<Socket>();
    const silent: Server = createServer((socket) => {
      open.add(socket);
      socket.once('close', () => open.delete(socket));
      // Reads what comes (and so hears the client hang up), answers nothing.
      socket.resume();
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const address = silent.address();
      if (typeof address !== 'object' || !address) throw new Error('the silent server has no port');
      const endpoint = `http://127.0.0.1:${address.port}`;
      const error = await failure(checkBucket(s3Of(env('silent', s3.bucket, endpoint)), { timeoutMs: 500 }));
      expect((error as Error).message).toBe(`REELBACK_S3_BUCKET '${s3.bucket}' at ${endpoint} cannot be used: no answer within 0.5 s`);
      await vi.waitFor(() => expect(open.size, 'connections the check left open to the silent server').toBe(0), { timeout: 5_000, interval: 50 });
    } finally {
      for (const socket of open) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('main.ts prints the one line, no stack trace, and exits with code 1', { timeout: 60_000 }, async () => {
    const main = fileURLToPath(new URL('../main.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', main], {
      env: { ...process.env, ...env('main', 'no-such-bucket', s3.endpoint), PORT: String(await closedPort()), REELBACK_ADMIN_KEY: ADMIN_KEY, DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code, output).toBe(1);
    const lines = output.split('\n').filter((line) => line.startsWith('REELBACK_S3_BUCKET') || /^\s+at /.test(line));
    expect(lines, output).toEqual([`REELBACK_S3_BUCKET 'no-such-bucket' at ${s3.endpoint} cannot be used: the bucket does not exist (create it, or correct the name)`]);
    expect(output).not.toContain(S3_TEST_CREDENTIALS.secretAccessKey);
  });

  describe('startServer on PostgreSQL', () => {
    it('rejects with the line for a missing bucket and for an unreachable endpoint, leaving no connection open, and starts with a good bucket', { timeout: 60_000 }, async () => {
      const db = await freshDatabase('reelback_bucket_check');
      const noConnectionsLeft = () =>
        vi.waitFor(async () => expect(await db.connections(), "connections still open to the server's database").toBe(0), { timeout: 15_000, interval: 100 });
      try {
        const start = (e: Record<string, string>) => startServer({ ...parseConfig(e), adminKey: ADMIN_KEY, port: 0 }, { env: e, log: () => {} });
        const missing = await failure(start(env('pg-missing', 'no-such-bucket', s3.endpoint, { DATABASE_URL: db.url })));
        expect((missing as Error).message).toMatch(/^REELBACK_S3_BUCKET 'no-such-bucket' at http:\/\/127\.0\.0\.1:\d+ cannot be used: the bucket does not exist/);
        await noConnectionsLeft();

        const endpoint = `http://127.0.0.1:${await closedPort()}`;
        const unreachable = await failure(start(env('pg-unreachable', s3.bucket, endpoint, { DATABASE_URL: db.url })));
        expect((unreachable as Error).message).toBe(
          `REELBACK_S3_BUCKET '${s3.bucket}' at ${endpoint} cannot be used: the endpoint refused the connection (is the S3 server running, and is REELBACK_S3_ENDPOINT right?)`,
        );
        await noConnectionsLeft();

        const server = await start(env('pg-good', s3.bucket, s3.endpoint, { DATABASE_URL: db.url }));
        try {
          expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
          expect(await db.connections(), 'a running server holds connections (else the checks above prove nothing)').toBeGreaterThan(0);
        } finally {
          await server.close();
        }
        await noConnectionsLeft();
      } finally {
        await db.drop();
      }
    });
  });
});
