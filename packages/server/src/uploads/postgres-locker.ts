import { setTimeout as delay } from 'node:timers/promises';
import { ERRORS, type Lock, type RequestRelease } from '@tus/server';
import pg from 'pg';
import type { SharedLocker } from '../ports/upload-area.js';

/** The channel on which a process asks whoever holds an upload's lock to let go (tus: the newest request wins). */
const RELEASE_CHANNEL = 'reelback_tus_release';
/** The first key of every advisory lock this locker takes, so they never meet another feature's advisory locks. */
export const NAMESPACE = 0x7475_7301;

export interface PostgresLockerOptions {
  url: string;
  /** Upload requests one process holds locks for at once: each holds a connection while it writes (default 20). */
  maxConnections?: number;
  /** How long a request waits for the lock before tus answers it with a lock timeout (default 30 s, as tus's own). */
  acquireTimeoutMs?: number;
  /** How often a waiting request tries again (default 100 ms). */
  retryMs?: number;
  logError: (message: string, error: unknown) => void;
}

/**
 * tus upload locks that hold across processes: a PostgreSQL session-level advisory lock per upload, taken on a
 * connection the request keeps until it unlocks. A process that dies lets go of its locks with its connections, so
 * another process resumes its uploads at once. A request that finds the lock taken asks the holder to let go (NOTIFY;
 * every process listens and cancels its own request for that upload, as tus's in-memory locker does within one).
 */
export class PostgresLocker implements SharedLocker {
  private readonly pool: pg.Pool;
  /** The release callbacks of the locks this process holds, by upload id. */
  readonly held = new Map<string, RequestRelease>();
  private listener: pg.Client | undefined;
  private listening: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly options: PostgresLockerOptions) {
    this.pool = new pg.Pool({ connectionString: options.url, max: options.maxConnections ?? 20, application_name: 'reelback-upload-locks' });
    this.pool.on('error', (error) => options.logError('upload locks: an idle connection failed', error));
  }

  newLock(id: string): Lock {
    void this.listen();
    return new PostgresLock(id, this, this.pool, this.options);
  }

  /** Listens for release requests (once; again after the connection breaks). */
  listen(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.listening ??= (async () => {
      const client = new pg.Client({ connectionString: this.options.url, application_name: 'reelback-upload-locks' });
      client.on('notification', (message) => {
        if (message.channel === RELEASE_CHANNEL && message.payload) void this.held.get(message.payload)?.();
      });
      const again = (error?: unknown) => {
        if (this.listener !== client || this.closed) return;
        if (error) this.options.logError('upload locks: the listening connection failed; listening again', error);
        this.listener = undefined;
        this.listening = undefined;
        setTimeout(() => void this.listen(), 1000).unref();
      };
      client.on('error', again);
      client.on('end', () => again());
      this.listener = client;
      try {
        await client.connect();
        await client.query(`LISTEN ${RELEASE_CHANNEL}`);
      } catch (error) {
        again(error);
      }
    })();
    return this.listening;
  }

  /** Asks every process (this one included) to cancel its request holding `id`'s lock. */
  async askRelease(id: string): Promise<void> {
    await this.pool.query('select pg_notify($1, $2)', [RELEASE_CHANNEL, id]);
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.listener;
    this.listener = undefined;
    await client?.end().catch(() => undefined);
    await this.pool.end();
  }
}

class PostgresLock implements Lock {
  private client: pg.PoolClient | undefined;
  private onError: ((error: Error) => void) | undefined;

  constructor(
    private readonly id: string,
    private readonly locker: PostgresLocker,
    private readonly pool: pg.Pool,
    private readonly options: PostgresLockerOptions,
  ) {}

  async lock(signal: AbortSignal, requestRelease: RequestRelease): Promise<void> {
    const client = await this.pool.connect();
    const deadline = Date.now() + (this.options.acquireTimeoutMs ?? 30_000);
    let askedAt = 0;
    try {
      for (;;) {
        const { rows } = await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1, hashtext($2)) as locked', [NAMESPACE, this.id]);
        if (rows[0]?.locked) {
          // The connection dropping (the database restarted, an operator ended it) ends the lock with it: the request
          // holding it stops, as when a newer one asks, rather than the error going unheard (which would crash).
          this.onError = (error) => {
            this.options.logError(`upload locks: the connection holding the lock of '${this.id}' failed; its request stops`, error);
            void requestRelease();
          };
          client.on('error', this.onError);
          this.client = client;
          this.locker.held.set(this.id, requestRelease);
          return;
        }
        if (signal.aborted || Date.now() >= deadline) throw ERRORS.ERR_LOCK_TIMEOUT;
        // Ask again every second: the holder may have been between requests when first asked.
        if (Date.now() - askedAt >= 1000) {
          askedAt = Date.now();
          await this.locker.askRelease(this.id);
        }
        await delay(this.options.retryMs ?? 100, undefined, { signal }).catch(() => undefined);
      }
    } catch (error) {
      client.release();
      throw error;
    }
  }

  async unlock(): Promise<void> {
    const client = this.client;
    if (!client) throw new Error('Releasing an unlocked lock!');
    this.client = undefined;
    this.locker.held.delete(this.id);
    if (this.onError) client.off('error', this.onError);
    try {
      await client.query('select pg_advisory_unlock($1, hashtext($2))', [NAMESPACE, this.id]);
      client.release();
    } catch (error) {
      // A broken connection has let go of its locks already; it is not returned to the pool.
      client.release(error as Error);
      throw error;
    }
  }
}
