import { ERRORS } from '@tus/server';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL } from '../test-support/storages.js';
import { NAMESPACE, PostgresLocker } from './postgres-locker.js';

const logged: string[] = [];
const logError = (message: string) => void logged.push(message);

/** Two lockers stand for two processes: each has its own connections to the one database. */
describe('PostgresLocker: tus upload locks across processes', () => {
  const lockers: PostgresLocker[] = [];
  const locker = (options: { acquireTimeoutMs?: number } = {}) => {
    const made = new PostgresLocker({ url: TEST_DATABASE_URL, logError, ...options });
    lockers.push(made);
    return made;
  };
  afterEach(async () => {
    await Promise.all(lockers.splice(0).map((l) => l.close()));
    logged.splice(0);
  });
  const id = () => `clips/clp_${Math.random().toString(36).slice(2)}/original`;

  it('lets one process write an upload at a time; a newer request asks the holder, in whichever process, to let go', async () => {
    const [a, b] = [locker(), locker()];
    const upload = id();
    await Promise.all([a.listen(), b.listen()]);
    const held = a.newLock(upload);
    let asked!: () => void;
    const releaseAsked = new Promise<void>((resolve) => (asked = resolve));
    await held.lock(new AbortController().signal, () => asked());
    const waiting = b.newLock(upload);
    let taken = false;
    const taking = waiting.lock(new AbortController().signal, () => {}).then(() => (taken = true));
    // B's request reaches A's holder (NOTIFY), which ends its request and unlocks, as tus does on that call.
    await releaseAsked;
    expect(taken, 'B cannot hold the lock while A does').toBe(false);
    await held.unlock();
    await taking;
    expect(taken).toBe(true);
    await waiting.unlock();
  });

  it('frees the lock of a process whose connection is gone (a killed process), so another takes over at once', async () => {
    const [a, b] = [locker(), locker({ acquireTimeoutMs: 10_000 })];
    const upload = id();
    const held = a.newLock(upload);
    let stopped = false;
    await held.lock(new AbortController().signal, () => void (stopped = true));
    // What a SIGKILL does to the process's connections: the server ends the session holding the advisory lock.
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    const ended = await admin.query(
      `select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory' and classid = $1 and objid = (hashtext($2)::bigint & 4294967295)::oid and objsubid = 2`,
      [NAMESPACE, upload],
    );
    await admin.end();
    expect(ended.rowCount, 'the session holding the lock').toBe(1);
    const started = Date.now();
    const lock = b.newLock(upload);
    await lock.lock(new AbortController().signal, () => {});
    expect(Date.now() - started, 'taken without waiting for a timeout').toBeLessThan(5000);
    await lock.unlock();
    // The process that lost it heard so, and its request was told to stop; its unlock finds the connection gone.
    await expect.poll(() => stopped).toBe(true);
    expect(logged.some((line) => line.includes('failed; its request stops'))).toBe(true);
    await held.unlock().catch(() => undefined);
  });

  it('gives up with tus lock timeout when the holder never lets go', async () => {
    const [a, b] = [locker(), locker({ acquireTimeoutMs: 500 })];
    const upload = id();
    const held = a.newLock(upload);
    await held.lock(new AbortController().signal, () => {});
    await expect(b.newLock(upload).lock(new AbortController().signal, () => {})).rejects.toBe(ERRORS.ERR_LOCK_TIMEOUT);
    await held.unlock();
  });
});
