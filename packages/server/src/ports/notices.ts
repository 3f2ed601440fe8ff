/**
 * The `Notices` port: short "something changed" messages every server process on one database hears, the sender
 * too (PostgreSQL LISTEN/NOTIFY: `live/postgres-notices.ts`). A notice carries ids only, never content: each
 * listener reads what changed itself, in its caller's scope. Notices can be lost (one sent while a process's
 * listening connection was down never reaches it), so whatever must not be missed also has a log to read again:
 * `onListening` tells when listening started again, and readers poll that log besides.
 */

/** A notice's body: a few short ids (the whole notice must stay well under PostgreSQL's 8000-byte limit). */
export type NoticeBody = Readonly<Record<string, string | null>>;

export type NoticeListener = (body: NoticeBody) => void;

export interface Notices {
  /** Sends to every process listening on the same database (and namespace); never throws. */
  publish(topic: string, body: NoticeBody): void;
  /** Returns the unsubscribe. */
  subscribe(topic: string, listener: NoticeListener): () => void;
  /** Told each time listening starts again after the listening connection broke; returns the unsubscribe. */
  onListening(listener: () => void): () => void;
}
