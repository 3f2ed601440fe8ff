import pg from 'pg';
import * as z from 'zod';
import type { NoticeBody, NoticeListener, Notices } from '../ports/notices.js';

/** One channel for every Reelback process on the database; `namespace` keeps apart servers sharing one (tests). */
const CHANNEL = 'reelback_notices';
/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more; a notice is ids only, so this is a bug guard. */
const MAX_PAYLOAD_BYTES = 7900;

const Notice = z.object({ n: z.string(), t: z.string(), b: z.record(z.string(), z.string().nullable()) });

export interface PostgresNoticesOptions {
  url: string;
  /** Servers on one database with different namespaces do not hear each other (default: one per database). */
  namespace?: string;
  logError: (message: string, error: unknown) => void;
  /** Wait before listening again after the listening connection broke (default 1 s). */
  reconnectMs?: number;
}

/**
 * Notices across processes: a publish is a PostgreSQL `NOTIFY` and every process — the publisher too — hears it on
 * its own `LISTEN` connection (one per process, whatever the number of topics) and tells its local listeners. The
 * live answer feed and the event stream's log tail share it. A notice sent while the listening connection was down
 * is lost to this process: when listening starts again, `onListening` listeners are told, so they read their log.
 */
export class PostgresNotices implements Notices {
  private readonly listeners = new Map<string, Set<NoticeListener>>();
  private readonly relisteners = new Set<() => void>();
  private readonly pool: pg.Pool;
  private readonly namespace: string;
  private listener: pg.Client | undefined;
  private stopped = false;
  private started = false;
  private retry: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: PostgresNoticesOptions) {
    // One connection: notices go out in the order they were published (two connections could swap them).
    this.pool = new pg.Pool({ connectionString: options.url, max: 1 });
    this.pool.on('error', (error) => options.logError('notices: a publishing connection failed', error));
    this.namespace = options.namespace ?? '';
  }

  /** Listens (resolves once `LISTEN` is in place); listens again by itself if the connection breaks. */
  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.url });
    client.on('notification', (message) => {
      if (message.channel === CHANNEL) this.deliver(message.payload);
    });
    client.on('error', (error) => {
      this.options.logError('notices: the listening connection failed; listening again', error);
      this.listenAgain(client);
    });
    client.on('end', () => this.listenAgain(client));
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.listener = client;
    // The first start has nothing to catch up on; every later one may have missed notices.
    if (this.started) for (const relistener of [...this.relisteners]) this.safely(relistener);
    this.started = true;
  }

  private deliver(payload: string | undefined): void {
    let notice: z.infer<typeof Notice>;
    try {
      notice = Notice.parse(JSON.parse(payload ?? ''));
    } catch {
      return; // Not one of ours (another version or a stray NOTIFY on the channel).
    }
    if (notice.n !== this.namespace) return;
    for (const listener of [...(this.listeners.get(notice.t) ?? [])]) this.safely(() => listener(notice.b));
  }

  private safely(call: () => void): void {
    try {
      call();
    } catch (error) {
      // One listener's failure must not keep the notice from the others.
      this.options.logError('notices: a listener failed', error);
    }
  }

  private listenAgain(broken: pg.Client): void {
    if (this.stopped || this.listener !== broken) return;
    this.listener = undefined;
    const delay = this.options.reconnectMs ?? 1000;
    const attempt = () => {
      this.retry = setTimeout(() => {
        this.start().catch((error: unknown) => {
          this.options.logError('notices: could not listen again; trying later', error);
          if (!this.stopped) attempt();
        });
      }, delay);
      this.retry.unref();
    };
    attempt();
  }

  /** The process id of the listening connection (tests break it with `pg_terminate_backend`). */
  get listenerPid(): number | undefined {
    return (this.listener as (pg.Client & { processID?: number }) | undefined)?.processID;
  }

  publish(topic: string, body: NoticeBody): void {
    const payload = JSON.stringify({ n: this.namespace, t: topic, b: body });
    if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) {
      this.options.logError('notices: a notice over the payload limit was not sent', new Error(`${topic}: ${Buffer.byteLength(payload)} bytes`));
      return;
    }
    this.pool.query('select pg_notify($1, $2)', [CHANNEL, payload]).catch((error: unknown) => this.options.logError('notices: notify failed', error));
  }

  subscribe(topic: string, listener: NoticeListener): () => void {
    const set = this.listeners.get(topic) ?? new Set<NoticeListener>();
    set.add(listener);
    this.listeners.set(topic, set);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(topic) === set) this.listeners.delete(topic);
    };
  }

  onListening(listener: () => void): () => void {
    this.relisteners.add(listener);
    return () => this.relisteners.delete(listener);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const client = this.listener;
    this.listener = undefined;
    await client?.end().catch(() => undefined);
    await this.pool.end();
  }
}
