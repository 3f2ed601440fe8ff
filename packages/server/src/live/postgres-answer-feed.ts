import pg from 'pg';
import { type AnswerFeed, type AnswerFeedKind, type AnswerFeedListener, InMemoryAnswerFeed } from './answer-feed.js';

/** One channel for every Reelback process on the database; `namespace` keeps apart servers sharing one (tests). */
const CHANNEL = 'reelback_answer_feed';

interface Notice {
  n: string;
  w: string | null;
  a: string;
  k: AnswerFeedKind;
}

function parseNotice(text: string | undefined): Notice | null {
  try {
    const notice = JSON.parse(text ?? '') as Partial<Notice>;
    if (typeof notice.n !== 'string' || typeof notice.a !== 'string' || (notice.k !== 'answer' && notice.k !== 'answer-updated')) return null;
    if (notice.w !== null && typeof notice.w !== 'string') return null;
    return notice as Notice;
  } catch {
    return null;
  }
}

export interface PostgresAnswerFeedOptions {
  url: string;
  /** Servers on one database with different namespaces do not hear each other (default: one per database). */
  namespace?: string;
  logError: (message: string, error: unknown) => void;
  /** Wait before listening again after the listening connection broke (default 1 s). */
  reconnectMs?: number;
}

/**
 * The answer feed across processes: a publish is a PostgreSQL `NOTIFY` (ids only, well under its 8000-byte limit)
 * and every process — the publisher too — hears it on its own `LISTEN` connection and tells its local listeners. So
 * an owner's inbox connected to process B hears an answer stored, or a clip processed, by process A. A notice sent
 * while a process's listening connection was down is lost to it: the inbox refreshes what it shows on reconnect.
 */
export class PostgresAnswerFeed implements AnswerFeed {
  private readonly local = new InMemoryAnswerFeed();
  private readonly pool: pg.Pool;
  private readonly namespace: string;
  private listener: pg.Client | undefined;
  private stopped = false;
  private retry: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: PostgresAnswerFeedOptions) {
    // One connection: notices go out in the order they were published (two connections could swap them).
    this.pool = new pg.Pool({ connectionString: options.url, max: 1 });
    this.pool.on('error', (error) => options.logError('answer feed: a publishing connection failed', error));
    this.namespace = options.namespace ?? '';
  }

  /** Listens (resolves once `LISTEN` is in place); listens again by itself if the connection breaks. */
  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.url });
    client.on('notification', (message) => {
      const notice = message.channel === CHANNEL ? parseNotice(message.payload) : null;
      if (notice && notice.n === this.namespace) this.local.publish(notice.w, notice.a, notice.k);
    });
    client.on('error', (error) => {
      this.options.logError('answer feed: the listening connection failed; listening again', error);
      this.listenAgain(client);
    });
    client.on('end', () => this.listenAgain(client));
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.listener = client;
  }

  private listenAgain(broken: pg.Client): void {
    if (this.stopped || this.listener !== broken) return;
    this.listener = undefined;
    this.retry = setTimeout(() => {
      this.start().catch((error: unknown) => {
        this.options.logError('answer feed: could not listen again; trying later', error);
        if (!this.stopped) this.retry = setTimeout(() => this.listenAgain(broken), this.options.reconnectMs ?? 1000);
      });
    }, this.options.reconnectMs ?? 1000);
    this.retry.unref();
  }

  publish(workspaceId: string | null, answerId: string, kind: AnswerFeedKind): void {
    const notice: Notice = { n: this.namespace, w: workspaceId, a: answerId, k: kind };
    this.pool.query('select pg_notify($1, $2)', [CHANNEL, JSON.stringify(notice)]).catch((error: unknown) => this.options.logError('answer feed: notify failed', error));
  }

  subscribe(workspaceId: string | null, listener: AnswerFeedListener): () => void {
    return this.local.subscribe(workspaceId, listener);
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
