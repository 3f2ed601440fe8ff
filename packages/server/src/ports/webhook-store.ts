import type { ReelbackEvent } from '@reelback/shared';
import type { IsoTime, Scope } from './store-types.js';

/** The `WebhookStore` port: endpoints, deliveries and attempts (migration 0009), and the events the stream reads. */

export interface WebhookEndpointRecord {
  id: string;
  workspaceId: string | null;
  url: string;
  /** `['*']` or event types. */
  eventTypes: string[];
  description: string;
  secretSealed: string;
  enabled: boolean;
  disabledReason: string | null;
  disabledAt: IsoTime | null;
  createdAt: IsoTime;
  updatedAt: IsoTime;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookAttemptRecord {
  attempt: number;
  at: IsoTime;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  nextRetryAt: IsoTime | null;
}

export interface WebhookDeliveryRecord {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  /** The body to send when it is not a stored event (the test ping); null otherwise. */
  payload: unknown;
  status: DeliveryStatus;
  /** Attempts made so far, over every round. */
  attempts: number;
  /** The attempt number the current round (first try or a replay) began with, and when. */
  roundFirstAttempt: number;
  roundStartedAt: IsoTime;
  lastError: string | null;
  nextAttemptAt: IsoTime | null;
  deliveredAt: IsoTime | null;
  createdAt: IsoTime;
}

export interface NewDelivery {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  payload: unknown;
  at: IsoTime;
}

/** What one finished attempt changes, written together so an attempt recorded is never sent again. */
export interface AttemptOutcome {
  deliveryId: string;
  attempt: WebhookAttemptRecord;
  status: DeliveryStatus;
  lastError: string | null;
  deliveredAt: IsoTime | null;
  /** When the next attempt is due (pending), else null. */
  nextAttemptAt: IsoTime | null;
  /** Disables the endpoint with this reason (410 Gone, retries exhausted). */
  disableEndpoint?: { endpointId: string; reason: string; at: IsoTime };
}

/** A delivery ended without an attempt: its endpoint is disabled, its event erased. */
export interface AbandonOutcome {
  deliveryId: string;
  abandoned: string;
}

/** What the dispatcher writes for a delivery it held: `attempts` is the count it claimed the delivery with. */
export type DispatchOutcome = (AttemptOutcome | AbandonOutcome) & { attemptsBefore: number };

/** A stored event with its place in the server's order (`seq`), for the event stream. */
export interface SequencedEvent {
  seq: string;
  sessionId: string;
  event: ReelbackEvent;
}

/**
 * Where a stream resumes after an event: its `seq`, and on PostgreSQL the lowest transaction id that could still
 * commit after it (migration 0010's `txid_floor`; null on SQLite, where seq is commit order, and for events stored
 * before that migration).
 */
export interface ResumePoint {
  seq: string;
  /** The transaction that wrote it (PostgreSQL): its other events committed with it, not after. */
  txid: string | null;
  txidFloor: string | null;
}

/** A committed event for the fan-out sweep, with its workspace and its place for the cursor. */
export interface FanoutEvent {
  /** Opaque; hand it to `advanceFanoutCursor` once this event and those before it are fanned out. */
  position: string;
  workspaceId: string | null;
  receivedAt: IsoTime;
  event: ReelbackEvent;
}

export interface WebhookStore {
  insertEndpoint(endpoint: WebhookEndpointRecord): Promise<void>;
  getEndpoint(id: string, scope?: Scope): Promise<WebhookEndpointRecord | undefined>;
  listEndpoints(scope: Scope): Promise<WebhookEndpointRecord[]>;
  /** Enabled endpoints of a workspace; the service filters by type. */
  enabledEndpoints(workspaceId: string | null): Promise<WebhookEndpointRecord[]>;
  updateEndpoint(
    scope: Scope,
    id: string,
    changes: Partial<Pick<WebhookEndpointRecord, 'url' | 'eventTypes' | 'description' | 'secretSealed' | 'enabled' | 'disabledReason' | 'disabledAt'>> & {
      updatedAt: IsoTime;
    },
  ): Promise<WebhookEndpointRecord | undefined>;
  deleteEndpoint(scope: Scope, id: string): Promise<boolean>;

  /** Inserts the deliveries that do not exist yet (by endpoint and event); resolves those it inserted. */
  insertDeliveries(deliveries: readonly NewDelivery[]): Promise<WebhookDeliveryRecord[]>;
  /** Newest first, with their attempts; `before` is a delivery id from an earlier page. */
  listDeliveries(endpointId: string, query: { limit: number; before?: string }): Promise<Array<WebhookDeliveryRecord & { attemptLog: WebhookAttemptRecord[] }>>;
  getDeliveryWithAttempts(endpointId: string, id: string): Promise<(WebhookDeliveryRecord & { attemptLog: WebhookAttemptRecord[] }) | undefined>;
  /** Starts a new round on a delivery that is not pending; resolves it, or undefined when it is pending (or gone). */
  restartDelivery(id: string, at: IsoTime): Promise<WebhookDeliveryRecord | undefined>;

  /**
   * Leases up to `limit` pending deliveries of enabled endpoints due at `now` whose lease is free or ran out, oldest
   * due first, under `token` until `leaseUntil` (PostgreSQL: rows another process is claiming are skipped, never
   * shared). Deliveries of `skipEndpoints` are left for later.
   */
  claimDue(claim: { token: string; limit: number; now: IsoTime; leaseUntil: IsoTime; skipEndpoints: readonly string[] }): Promise<WebhookDeliveryRecord[]>;
  /** Extends the lease of these deliveries while `token` still holds it. */
  renewLeases(token: string, ids: readonly string[], leaseUntil: IsoTime): Promise<void>;
  /** Gives these deliveries back (claimable at once) while `token` still holds them. */
  releaseLeases(token: string, ids: readonly string[]): Promise<void>;
  /**
   * Writes a batch of outcomes in one transaction. Each is written only while `token` still holds the delivery's
   * lease and its attempt count is the one claimed (a delivery taken over after its lease ran out is the new
   * holder's): resolves the ids written. An attempt is recorded with the delivery's new state, so it is never sent
   * twice; endpoints are disabled in the same transaction.
   */
  recordOutcomes(token: string, outcomes: readonly DispatchOutcome[]): Promise<Set<string>>;
  /**
   * Ends up to `limit` pending deliveries of an endpoint that no process is sending (no lease, or one that ran out)
   * with `reason`, without an attempt, in one statement; resolves how many. The caller repeats until fewer come back.
   */
  settlePending(endpointId: string, reason: string, now: IsoTime, limit: number): Promise<number>;
  /** Disabled endpoints that still have pending deliveries (a settling cut short by a crash), up to `limit`. */
  disabledWithPending(limit: number): Promise<Array<{ id: string; disabledReason: string | null }>>;
  /** Deletes up to `limit` deliveries of an endpoint (with their attempts); resolves how many. */
  deleteDeliveries(endpointId: string, limit: number): Promise<number>;
  /** Endpoints by id, any workspace (the dispatcher). */
  endpointsByIds(ids: readonly string[]): Promise<Map<string, WebhookEndpointRecord>>;
  /** Stored events' CloudEvent JSON by id, any workspace, as stored; erased ones are missing from the map. */
  eventBodies(ids: readonly string[]): Promise<Map<string, string>>;

  /** A stored event by id (any workspace: jobs), or undefined once erased. */
  getEvent(id: string): Promise<ReelbackEvent | undefined>;
  /** The workspace whose flow the session belongs to; undefined when the session is gone. */
  workspaceOfSession(sessionId: string): Promise<{ workspaceId: string | null } | undefined>;
  /** Where to resume after a stored event of the scope's workspace, or undefined. */
  resumePointOf(scope: Scope, eventId: string): Promise<ResumePoint | undefined>;
  /**
   * The scope's events, in `seq` order, of the given types (all when empty), that may have been committed after the
   * resume point's event: those after it in `seq`, and (PostgreSQL) those before it from another transaction at
   * or above its floor (they may have committed later; the caller drops what it already sent). `pageAfterSeq`: the
   * last `seq` of the previous page.
   */
  eventsAfter(scope: Scope, from: ResumePoint, pageAfterSeq: string | null, types: readonly string[], limit: number): Promise<SequencedEvent[]>;

  /** The fan-out sweep's durable cursor (migration 0010). */
  fanoutCursor(): Promise<string>;
  /**
   * Committed events after the cursor, in cursor order, such that no event can still commit before the last one
   * returned (PostgreSQL: only rows of transactions older than every running one). Any workspace.
   */
  committedEventsAfter(cursor: string, limit: number): Promise<FanoutEvent[]>;
  /** Moves the cursor to `position`, never backwards (two processes may sweep at once). */
  advanceFanoutCursor(position: string): Promise<void>;
}
