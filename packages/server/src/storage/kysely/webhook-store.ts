import { ReelbackEvent } from '@reelback/shared';
import { type Kysely, sql } from 'kysely';
import * as z from 'zod';
import type { IsoTime, Scope } from '../../ports/store-types.js';
import type { AttemptOutcome, DeliveryStatus, DispatchOutcome, FanoutEvent, NewDelivery, ResumePoint, SequencedEvent, WebhookAttemptRecord, WebhookDeliveryRecord, WebhookEndpointRecord, WebhookStore } from '../../ports/webhook-store.js';
import { fromJson, fromNullableTime, fromTime, toJson } from './codec.js';
import type { Database, Dialect, JsonColumn, NullableTimeColumn, TimeColumn } from './schema.js';
import { inWorkspace } from './scope.js';
import { inTransaction } from './in-transaction.js';

interface WebhookEndpointsTable {
  id: string;
  workspace_id: string | null;
  url: string;
  event_types: JsonColumn;
  description: string;
  secret_sealed: string;
  enabled: number;
  disabled_reason: string | null;
  disabled_at: NullableTimeColumn;
  created_at: TimeColumn;
  updated_at: TimeColumn;
}

interface WebhookDeliveriesTable {
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  payload: JsonColumn | null;
  status: string;
  attempts: number;
  round_first_attempt: number;
  round_started_at: TimeColumn;
  last_error: string | null;
  next_attempt_at: NullableTimeColumn;
  delivered_at: NullableTimeColumn;
  created_at: TimeColumn;
  lease_until: NullableTimeColumn;
  lease_token: string | null;
}

interface WebhookAttemptsTable {
  delivery_id: string;
  attempt: number;
  at: TimeColumn;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
  next_retry_at: NullableTimeColumn;
}

interface WebhookFanoutCursorTable {
  id: string;
  after_txid: number | string;
  after_seq: number | string;
}

type WebhookTables = {
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  webhook_fanout_cursor: WebhookFanoutCursorTable;
};

/** A fan-out cursor position, `<txid>:<seq>` (txid 0 on SQLite). */
function parsePosition(position: string): { txid: bigint; seq: bigint } {
  const match = /^(\d+):(\d+)$/.exec(position);
  if (!match) throw new Error(`not a fan-out position: ${position}`);
  return { txid: BigInt(match[1]!), seq: BigInt(match[2]!) };
}

type Db = Kysely<Database & WebhookTables>;
type EndpointRow = { [K in keyof WebhookEndpointsTable]: WebhookEndpointsTable[K] extends TimeColumn ? Date | string : WebhookEndpointsTable[K] extends NullableTimeColumn ? Date | string | null : WebhookEndpointsTable[K] extends JsonColumn ? unknown : WebhookEndpointsTable[K] };

const EventTypes = z.array(z.string());
const Status = z.enum(['pending', 'delivered', 'failed']);

function toEndpoint(row: EndpointRow): WebhookEndpointRecord {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    url: row.url,
    eventTypes: fromJson(EventTypes, row.event_types),
    description: row.description,
    secretSealed: row.secret_sealed,
    enabled: Number(row.enabled) === 1,
    disabledReason: row.disabled_reason,
    disabledAt: fromNullableTime(row.disabled_at),
    createdAt: fromTime(row.created_at),
    updatedAt: fromTime(row.updated_at),
  };
}

interface DeliveryRow {
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  payload: unknown;
  status: string;
  attempts: number | string;
  round_first_attempt: number | string;
  round_started_at: Date | string;
  last_error: string | null;
  next_attempt_at: Date | string | null;
  delivered_at: Date | string | null;
  created_at: Date | string;
}

function toDelivery(row: DeliveryRow): WebhookDeliveryRecord {
  return {
    id: row.id,
    endpointId: row.endpoint_id,
    eventId: row.event_id,
    eventType: row.event_type,
    payload: row.payload === null ? null : typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload,
    status: Status.parse(row.status) as DeliveryStatus,
    attempts: Number(row.attempts),
    roundFirstAttempt: Number(row.round_first_attempt),
    roundStartedAt: fromTime(row.round_started_at),
    lastError: row.last_error,
    nextAttemptAt: fromNullableTime(row.next_attempt_at),
    deliveredAt: fromNullableTime(row.delivered_at),
    createdAt: fromTime(row.created_at),
  };
}

function toAttempt(row: { attempt: number | string; at: Date | string; status_code: number | null; error: string | null; duration_ms: number | string; next_retry_at: Date | string | null }): WebhookAttemptRecord {
  return {
    attempt: Number(row.attempt),
    at: fromTime(row.at),
    statusCode: row.status_code === null ? null : Number(row.status_code),
    error: row.error,
    durationMs: Number(row.duration_ms),
    nextRetryAt: fromNullableTime(row.next_retry_at),
  };
}

/** Endpoints are scoped like flows: `workspace_id IS NOT DISTINCT FROM` the caller's. */
const endpointInScope = (scope: Scope) =>
  scope.workspaceId === null ? sql<boolean>`webhook_endpoints.workspace_id is null` : sql<boolean>`webhook_endpoints.workspace_id = ${scope.workspaceId}`;

/** Migration 0009's tables, and the reads of `events` the event stream needs. */
export class KyselyWebhookStore implements WebhookStore {
  private readonly db: Db;

  constructor(
    db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {
    this.db = db.withTables<WebhookTables>();
  }

  async insertEndpoint(e: WebhookEndpointRecord): Promise<void> {
    await this.db
      .insertInto('webhook_endpoints')
      .values({
        id: e.id,
        workspace_id: e.workspaceId,
        url: e.url,
        event_types: toJson(e.eventTypes),
        description: e.description,
        secret_sealed: e.secretSealed,
        enabled: e.enabled ? 1 : 0,
        disabled_reason: e.disabledReason,
        disabled_at: e.disabledAt,
        created_at: e.createdAt,
        updated_at: e.updatedAt,
      })
      .execute();
  }

  async getEndpoint(id: string, scope?: Scope): Promise<WebhookEndpointRecord | undefined> {
    const row = await this.db
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('id', '=', id)
      .$if(scope !== undefined, (qb) => qb.where(endpointInScope(scope!)))
      .executeTakeFirst();
    return row && toEndpoint(row);
  }

  async listEndpoints(scope: Scope): Promise<WebhookEndpointRecord[]> {
    const rows = await this.db.selectFrom('webhook_endpoints').selectAll().where(endpointInScope(scope)).orderBy('created_at').orderBy('id').execute();
    return rows.map(toEndpoint);
  }

  async enabledEndpoints(workspaceId: string | null): Promise<WebhookEndpointRecord[]> {
    const rows = await this.db
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where(endpointInScope({ workspaceId }))
      .where('enabled', '=', 1)
      .execute();
    return rows.map(toEndpoint);
  }

  async updateEndpoint(
    scope: Scope,
    id: string,
    changes: Partial<Pick<WebhookEndpointRecord, 'url' | 'eventTypes' | 'description' | 'secretSealed' | 'enabled' | 'disabledReason' | 'disabledAt'>> & { updatedAt: IsoTime },
  ): Promise<WebhookEndpointRecord | undefined> {
    const result = await this.db
      .updateTable('webhook_endpoints')
      .set({
        updated_at: changes.updatedAt,
        ...(changes.url !== undefined ? { url: changes.url } : {}),
        ...(changes.eventTypes !== undefined ? { event_types: toJson(changes.eventTypes) } : {}),
        ...(changes.description !== undefined ? { description: changes.description } : {}),
        ...(changes.secretSealed !== undefined ? { secret_sealed: changes.secretSealed } : {}),
        ...(changes.enabled !== undefined ? { enabled: changes.enabled ? 1 : 0 } : {}),
        ...(changes.disabledReason !== undefined ? { disabled_reason: changes.disabledReason } : {}),
        ...(changes.disabledAt !== undefined ? { disabled_at: changes.disabledAt } : {}),
      })
      .where('id', '=', id)
      .where(endpointInScope(scope))
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return undefined;
    return this.getEndpoint(id, scope);
  }

  async deleteEndpoint(scope: Scope, id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('webhook_endpoints').where('id', '=', id).where(endpointInScope(scope)).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async insertDeliveries(deliveries: readonly NewDelivery[]): Promise<WebhookDeliveryRecord[]> {
    if (deliveries.length === 0) return [];
    // 15 values a row: 500 rows stay far below SQLite's 32,766 bound variables (and PostgreSQL's 65,535). One
    // transaction (one commit) for them all.
    if (deliveries.length <= 500) return this.insertDeliveryRows(this.db, deliveries);
    return inTransaction(this.db, async (tx) => {
      const inserted: WebhookDeliveryRecord[] = [];
      for (let i = 0; i < deliveries.length; i += 500) inserted.push(...(await this.insertDeliveryRows(tx, deliveries.slice(i, i + 500))));
      return inserted;
    });
  }

  private async insertDeliveryRows(db: Db, deliveries: readonly NewDelivery[]): Promise<WebhookDeliveryRecord[]> {
    const rows = await db
      .insertInto('webhook_deliveries')
      .values(
        deliveries.map((d) => ({
          id: d.id,
          endpoint_id: d.endpointId,
          event_id: d.eventId,
          event_type: d.eventType,
          payload: d.payload === null || d.payload === undefined ? null : toJson(d.payload),
          status: 'pending',
          attempts: 0,
          round_first_attempt: 1,
          round_started_at: d.at,
          last_error: null,
          next_attempt_at: d.at,
          delivered_at: null,
          created_at: d.at,
          lease_until: null,
          lease_token: null,
        })),
      )
      // The unique (endpoint, event) pair: an event fanned out again makes no second delivery.
      .onConflict((oc) => oc.columns(['endpoint_id', 'event_id']).doNothing())
      .returningAll()
      .execute();
    return rows.map(toDelivery);
  }

  async listDeliveries(endpointId: string, query: { limit: number; before?: string }) {
    let q = this.db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', endpointId);
    if (query.before !== undefined) {
      const cursor = await this.db
        .selectFrom('webhook_deliveries')
        .select(['created_at', 'id'])
        .where('id', '=', query.before)
        .where('endpoint_id', '=', endpointId)
        .executeTakeFirst();
      if (!cursor) return [];
      const at = fromTime(cursor.created_at);
      q = q.where((eb) => eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', cursor.id)])]));
    }
    const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit).execute();
    return this.withAttempts(rows.map(toDelivery));
  }

  async getDeliveryWithAttempts(endpointId: string, id: string) {
    const row = await this.db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).where('endpoint_id', '=', endpointId).executeTakeFirst();
    return row ? (await this.withAttempts([toDelivery(row)]))[0] : undefined;
  }

  private async withAttempts(deliveries: WebhookDeliveryRecord[]) {
    if (deliveries.length === 0) return [];
    const attempts = await this.db
      .selectFrom('webhook_attempts')
      .selectAll()
      .where(
        'delivery_id',
        'in',
        deliveries.map((d) => d.id),
      )
      .orderBy('attempt')
      .execute();
    return deliveries.map((d) => ({ ...d, attemptLog: attempts.filter((a) => a.delivery_id === d.id).map(toAttempt) }));
  }

  async claimDue(claim: { token: string; limit: number; now: IsoTime; leaseUntil: IsoTime; skipEndpoints: readonly string[] }): Promise<WebhookDeliveryRecord[]> {
    const { token, limit, now, leaseUntil, skipEndpoints } = claim;
    // Deliveries of disabled endpoints are not claimed: they are settled in bulk (`settlePending`), never one by one.
    const claimable = sql<boolean>`webhook_deliveries.status = 'pending' and webhook_deliveries.next_attempt_at <= ${now} and (webhook_deliveries.lease_until is null or webhook_deliveries.lease_until < ${now}) and webhook_deliveries.endpoint_id in (select id from webhook_endpoints where enabled = 1)`;
    const rows = await this.db
      .updateTable('webhook_deliveries')
      .set({ lease_until: leaseUntil, lease_token: token })
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('webhook_deliveries')
          .select('id')
          .where(claimable)
          .$if(skipEndpoints.length > 0, (qb) => qb.where('endpoint_id', 'not in', [...skipEndpoints]))
          .orderBy('next_attempt_at')
          .limit(limit)
          .$if(this.dialect === 'postgres', (qb) => qb.forUpdate().skipLocked()),
      )
      // Checked again on the row itself: on PostgreSQL a concurrent claim may have changed it meanwhile.
      .where(claimable)
      .returningAll()
      .execute();
    return rows.map(toDelivery);
  }

  async renewLeases(token: string, ids: readonly string[], leaseUntil: IsoTime): Promise<void> {
    if (ids.length === 0) return;
    await this.db.updateTable('webhook_deliveries').set({ lease_until: leaseUntil }).where('id', 'in', [...ids]).where('lease_token', '=', token).execute();
  }

  async releaseLeases(token: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.updateTable('webhook_deliveries').set({ lease_until: null, lease_token: null }).where('id', 'in', [...ids]).where('lease_token', '=', token).execute();
  }

  async recordOutcomes(token: string, outcomes: readonly DispatchOutcome[]): Promise<Set<string>> {
    if (outcomes.length === 0) return new Set();
    return inTransaction(this.db, async (tx) => {
      const written = new Set<string>();
      const attempts: Array<{ delivery_id: string; attempt: number; at: string; status_code: number | null; error: string | null; duration_ms: number; next_retry_at: string | null }> = [];
      const disable = new Map<string, { reason: string; at: string }>();
      // Deliveries ended unsent, one statement per reason (the lease token proves they are still this holder's).
      const abandoned = new Map<string, string[]>();
      for (const o of outcomes) if ('abandoned' in o) abandoned.set(o.abandoned, [...(abandoned.get(o.abandoned) ?? []), o.deliveryId]);
      for (const [reason, ids] of abandoned) {
        const rows = await tx
          .updateTable('webhook_deliveries')
          .set({ status: 'failed', last_error: reason, next_attempt_at: null, lease_until: null, lease_token: null })
          .where('id', 'in', ids)
          .where('lease_token', '=', token)
          .where('status', '=', 'pending')
          .returning('id')
          .execute();
        for (const r of rows) written.add(r.id);
      }
      // Attempts: one UPDATE … FROM (VALUES …) per 200 outcomes rather than a statement (a round trip on PostgreSQL)
      // each; a row is written only while this holder's token and the attempt count it claimed still stand.
      const tried = outcomes.filter((o): o is AttemptOutcome & { attemptsBefore: number } => !('abandoned' in o));
      const time = this.dialect === 'postgres' ? sql.raw('timestamptz') : sql.raw('text');
      for (let i = 0; i < tried.length; i += 200) {
        const chunk = tried.slice(i, i + 200);
        const values = sql.join(
          chunk.map(
            (o) =>
              sql`(cast(${o.deliveryId} as text), cast(${o.attemptsBefore} as integer), cast(${o.attempt.attempt} as integer), cast(${o.status} as text), cast(${o.lastError} as text), cast(${o.deliveredAt} as ${time}), cast(${o.nextAttemptAt} as ${time}))`,
          ),
        );
        const { rows } = await sql<{ id: string }>`
          with v (id, attempts_before, attempts, status, last_error, delivered_at, next_attempt_at) as (values ${values})
          update webhook_deliveries
             set attempts = v.attempts, status = v.status, last_error = v.last_error, delivered_at = v.delivered_at,
                 next_attempt_at = v.next_attempt_at, lease_until = null, lease_token = null
            from v
           where webhook_deliveries.id = v.id and webhook_deliveries.lease_token = ${token}
             and webhook_deliveries.status = 'pending' and webhook_deliveries.attempts = v.attempts_before
          returning webhook_deliveries.id`.execute(tx);
        const updated = new Set(rows.map((r) => r.id));
        for (const o of chunk) {
          if (!updated.has(o.deliveryId)) continue;
          written.add(o.deliveryId);
          attempts.push({
            delivery_id: o.deliveryId,
            attempt: o.attempt.attempt,
            at: o.attempt.at,
            status_code: o.attempt.statusCode,
            error: o.attempt.error,
            duration_ms: Math.round(o.attempt.durationMs),
            next_retry_at: o.attempt.nextRetryAt,
          });
          if (o.disableEndpoint && !disable.has(o.disableEndpoint.endpointId)) disable.set(o.disableEndpoint.endpointId, o.disableEndpoint);
        }
      }
      for (let i = 0; i < attempts.length; i += 500) {
        await tx
          .insertInto('webhook_attempts')
          .values(attempts.slice(i, i + 500))
          .onConflict((oc) => oc.columns(['delivery_id', 'attempt']).doNothing())
          .execute();
      }
      for (const [endpointId, { reason, at }] of disable) {
        // The first reason stays: later deliveries of a batch that also failed say the same thing less well.
        await tx
          .updateTable('webhook_endpoints')
          .set({ enabled: 0, disabled_reason: reason, disabled_at: at, updated_at: at })
          .where('id', '=', endpointId)
          .where('enabled', '=', 1)
          .execute();
      }
      return written;
    });
  }

  async settlePending(endpointId: string, reason: string, now: IsoTime, limit: number): Promise<number> {
    const result = await this.db
      .updateTable('webhook_deliveries')
      .set({ status: 'failed', last_error: reason, next_attempt_at: null, lease_until: null, lease_token: null })
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('webhook_deliveries')
          .select('id')
          .where('endpoint_id', '=', endpointId)
          .where('status', '=', 'pending')
          .where((w) => w.or([w('lease_until', 'is', null), w('lease_until', '<', now)]))
          .limit(limit),
      )
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async disabledWithPending(limit: number): Promise<Array<{ id: string; disabledReason: string | null }>> {
    const rows = await this.db
      .selectFrom('webhook_endpoints')
      .select(['id', 'disabled_reason'])
      .where('enabled', '=', 0)
      .where((eb) => eb.exists(eb.selectFrom('webhook_deliveries').select('id').whereRef('webhook_deliveries.endpoint_id', '=', 'webhook_endpoints.id').where('webhook_deliveries.status', '=', 'pending')))
      .limit(limit)
      .execute();
    return rows.map((r) => ({ id: r.id, disabledReason: r.disabled_reason }));
  }

  async deleteDeliveries(endpointId: string, limit: number): Promise<number> {
    const result = await this.db
      .deleteFrom('webhook_deliveries')
      .where('id', 'in', (eb) => eb.selectFrom('webhook_deliveries').select('id').where('endpoint_id', '=', endpointId).limit(limit))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async endpointsByIds(ids: readonly string[]): Promise<Map<string, WebhookEndpointRecord>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.selectFrom('webhook_endpoints').selectAll().where('id', 'in', [...ids]).execute();
    return new Map(rows.map((r) => [r.id, toEndpoint(r)]));
  }

  async eventBodies(ids: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    // The stored JSON as text, sent as it is: parsing and checking every event again would only cost time.
    const text = this.dialect === 'postgres' ? sql<string>`events.event::text` : sql<string>`events.event`;
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.db.selectFrom('events').select(['id', text.as('body')]).where('id', 'in', ids.slice(i, i + 500)).execute();
      for (const r of rows) found.set(r.id, r.body);
    }
    return found;
  }

  async restartDelivery(id: string, at: IsoTime): Promise<WebhookDeliveryRecord | undefined> {
    const row = await this.db
      .updateTable('webhook_deliveries')
      .set((eb) => ({
        status: 'pending',
        round_first_attempt: eb('attempts', '+', 1),
        round_started_at: at,
        next_attempt_at: at,
        last_error: null,
      }))
      .where('id', '=', id)
      .where('status', '!=', 'pending')
      .returningAll()
      .executeTakeFirst();
    return row && toDelivery(row);
  }

  async getEvent(id: string): Promise<ReelbackEvent | undefined> {
    const row = await this.db.selectFrom('events').select('event').where('id', '=', id).executeTakeFirst();
    return row && fromJson(ReelbackEvent, row.event);
  }

  async workspaceOfSession(sessionId: string): Promise<{ workspaceId: string | null } | undefined> {
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('flows', 'flows.id', 'sessions.flow_id')
      .select('flows.workspace_id')
      .where('sessions.id', '=', sessionId)
      .executeTakeFirst();
    return row && { workspaceId: row.workspace_id };
  }

  async resumePointOf(scope: Scope, eventId: string): Promise<ResumePoint | undefined> {
    const pg = this.dialect === 'postgres';
    const floor = pg ? sql<string | null>`events.txid_floor` : sql<null>`null`;
    const txid = pg ? sql<string | null>`events.txid` : sql<null>`null`;
    const row = await this.db
      .selectFrom('events')
      .innerJoin('sessions', 'sessions.id', 'events.session_id')
      .innerJoin('flows', 'flows.id', 'sessions.flow_id')
      .select(['events.seq', floor.as('txid_floor'), txid.as('txid')])
      .where('events.id', '=', eventId)
      .where(inWorkspace('flows.workspace_id', scope))
      .executeTakeFirst();
    if (!row) return undefined;
    return { seq: String(row.seq), txid: row.txid === null ? null : String(row.txid), txidFloor: row.txid_floor === null ? null : String(row.txid_floor) };
  }

  async eventsAfter(scope: Scope, from: ResumePoint, pageAfterSeq: string | null, types: readonly string[], limit: number): Promise<SequencedEvent[]> {
    const seq = Number(from.seq);
    // PostgreSQL: an event with a smaller seq whose transaction was still open when `from` was written may have
    // committed after it (migration 0010). SQLite: seq is commit order, nothing before `from` can be new.
    const after =
      this.dialect === 'postgres' && from.txidFloor !== null && from.txid !== null
        ? sql<boolean>`(events.seq > ${seq} or (events.txid >= ${from.txidFloor} and events.txid <> ${from.txid} and events.seq < ${seq}))`
        : sql<boolean>`events.seq > ${seq}`;
    const rows = await this.db
      .selectFrom('events')
      .innerJoin('sessions', 'sessions.id', 'events.session_id')
      .innerJoin('flows', 'flows.id', 'sessions.flow_id')
      .select(['events.seq', 'events.session_id', 'events.event'])
      .where(after)
      .$if(pageAfterSeq !== null, (qb) => qb.where('events.seq', '>', Number(pageAfterSeq)))
      .where(inWorkspace('flows.workspace_id', scope))
      .$if(types.length > 0, (qb) => qb.where('events.type', 'in', [...types]))
      .orderBy('events.seq')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ seq: String(r.seq), sessionId: r.session_id, event: fromJson(ReelbackEvent, r.event) }));
  }

  async fanoutCursor(): Promise<string> {
    const row = await this.db.selectFrom('webhook_fanout_cursor').select(['after_txid', 'after_seq']).where('id', '=', 'events').executeTakeFirstOrThrow();
    return `${String(row.after_txid)}:${String(row.after_seq)}`;
  }

  async committedEventsAfter(cursor: string, limit: number): Promise<FanoutEvent[]> {
    const { txid, seq } = parsePosition(cursor);
    const base = this.db
      .selectFrom('events')
      .innerJoin('sessions', 'sessions.id', 'events.session_id')
      .innerJoin('flows', 'flows.id', 'sessions.flow_id')
      .select(['events.seq', 'events.received_at', 'events.event', 'flows.workspace_id']);
    if (this.dialect === 'postgres') {
      // One statement: the snapshot whose xmin bounds the rows is the one that reads them, so every transaction
      // below it has ended and its rows are visible here; rows of transactions still open (whatever their seq)
      // wait for a later sweep, and none can appear below the cursor afterwards.
      const rows = await base
        .select(sql<string>`events.txid`.as('txid'))
        .where(sql<boolean>`events.txid is not null`)
        .where(sql<boolean>`(events.txid, events.seq) > (${txid.toString()}::bigint, ${seq.toString()}::bigint)`)
        .where(sql<boolean>`events.txid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint`)
        .orderBy(sql`events.txid`)
        .orderBy('events.seq')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        position: `${String(r.txid)}:${String(r.seq)}`,
        workspaceId: r.workspace_id,
        receivedAt: fromTime(r.received_at),
        event: fromJson(ReelbackEvent, r.event),
      }));
    }
    // SQLite: one writer hands out seq in commit order; whatever this read sees up to a seq is all there will be.
    const rows = await base.where('events.seq', '>', Number(seq)).orderBy('events.seq').limit(limit).execute();
    return rows.map((r) => ({ position: `0:${String(r.seq)}`, workspaceId: r.workspace_id, receivedAt: fromTime(r.received_at), event: fromJson(ReelbackEvent, r.event) }));
  }

  async advanceFanoutCursor(position: string): Promise<void> {
    const { txid, seq } = parsePosition(position);
    const t = txid.toString();
    const q = seq.toString();
    await this.db
      .updateTable('webhook_fanout_cursor')
      .set({ after_txid: t, after_seq: q })
      .where('id', '=', 'events')
      .where(sql<boolean>`(after_txid < ${t} or (after_txid = ${t} and after_seq < ${q}))`)
      .execute();
  }
}
