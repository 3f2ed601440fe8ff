import { EVENT_EXPORT_COLUMNS, type ReelbackEvent } from '@reelback/shared';
import { type Kysely, sql } from 'kysely';
import type { EventExportRecord, EventJsonRecord, ExportRange, ExportStore, SessionExportRecord } from '../../ports/export-store.js';
import type { SessionCursor } from '../../ports/session-store.js';
import type { Scope } from '../../ports/store-types.js';
import { type Cell, CsvWriter } from '../../exports/export-writers.js';
import type { CopyCsvOut } from '../postgres/copy-out.js';
import type { RawRows } from '../sqlite/raw-rows.js';
import { EventsCsvCompactor } from '../postgres/events-csv-compactor.js';
import { SessionVarsRow, toSession } from './rows.js';
import { fromJson } from './codec.js';
import type { Database, Dialect } from './schema.js';
import { inWorkspace } from './scope.js';

const STEP_EVENT_TYPES = ['reelback.step.viewed', 'reelback.choice.selected', 'reelback.answer.submitted', 'reelback.cta.clicked'];

/**
 * Stored events were checked against the shared schema when they were accepted and are written only by this
 * adapter, so an export reads them with JSON.parse alone: validating a million events again would cost more than
 * writing them out.
 */
const rawEvent = (value: unknown): ReelbackEvent => (typeof value === 'string' ? JSON.parse(value) : value) as ReelbackEvent;

/** The events CSV's columns as `EventExportRecord` has them, `data` last (the cell the compactor rewrites). */
const EVENT_CSV_DATA_COLUMN = 5;

export class KyselyExportStore implements ExportStore {
  readonly eventBatchSize: number;
  readonly eventCsvRows?: (scope: Scope, range: ExportRange) => AsyncIterable<Uint8Array>;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
    engine: { copyCsv?: CopyCsvOut; rawRows?: RawRows } = {},
  ) {
    this.eventBatchSize = dialect === 'postgres' ? 1000 : 500;
    const { copyCsv, rawRows } = engine;
    if (copyCsv) this.eventCsvRows = (scope, range) => this.copiedEventCsv(copyCsv, scope, range);
    else if (rawRows) this.eventCsvRows = (scope, range) => this.rawEventCsv(rawRows, scope, range);
  }

  /**
   * SQLite: the rows of `events` read as arrays (no object per row), in batches by `seq` like `events`, written by
   * our CSV writer: each row is its six cells, then its `seq` (the cursor, taken off before writing).
   */
  private async *rawEventCsv(rows: RawRows, scope: Scope, range: ExportRange): AsyncGenerator<Uint8Array> {
    const writer = new CsvWriter<unknown[]>({ columns: EVENT_EXPORT_COLUMNS, cells: (row) => row as Cell[] });
    const batch = this.eventBatchSize;
    let after: number | undefined;
    for (;;) {
      const query = this.eventPage(scope, range, after)
        .select(['events.id', 'events.type', 'events.time', 'events.received_at', 'events.session_id'])
        .select(sql<string | null>`events.event -> 'data'`.as('data'))
        .select('events.seq')
        .limit(batch)
        .compile();
      // Kysely's connection held: a transaction of its own cannot be open across this read.
      const page = await this.db.connection().execute(async () => rows(query));
      const last = page.at(-1)?.[EVENT_EXPORT_COLUMNS.length] as number | undefined;
      // The seq off each row (in place): the rest are the cells.
      for (const row of page) row.pop();
      for (const piece of writer.write(page)) yield Buffer.from(piece, 'utf8');
      if (page.length < batch) return;
      after = last;
    }
  }

  private sessionsIn(scope: Scope, range: ExportRange) {
    return this.db
      .selectFrom('sessions')
      .innerJoin('flows', 'flows.id', 'sessions.flow_id')
      .where(inWorkspace('flows.workspace_id', scope))
      .$if(range.flowId !== undefined, (qb) => qb.where('sessions.flow_id', '=', range.flowId!))
      .$if(range.from !== undefined, (qb) => qb.where('sessions.started_at', '>=', range.from!))
      .$if(range.to !== undefined, (qb) => qb.where('sessions.started_at', '<', range.to!));
  }

  async sessions(scope: Scope, range: ExportRange, limit: number, after?: SessionCursor): Promise<SessionExportRecord[]> {
    const rows = await this.sessionsIn(scope, range)
      .selectAll('sessions')
      // One index probe per session (answers_session_idx).
      .select((eb) => eb.selectFrom('answers').whereRef('answers.session_id', '=', 'sessions.id').select(eb.fn.countAll<number | string>().as('n')).as('answer_count'))
      .$if(after !== undefined, (qb) =>
        qb.where('sessions.started_at', '<=', after!.startedAt).where((eb) =>
          eb.or([eb('sessions.started_at', '<', after!.startedAt), eb.and([eb('sessions.started_at', '=', after!.startedAt), eb('sessions.id', '<', after!.id)])]),
        ),
      )
      .orderBy('sessions.started_at', 'desc')
      .orderBy('sessions.id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => ({ ...toSession(row), answers: Number(row.answer_count ?? 0) }));
  }

  async countSessions(scope: Scope, range: ExportRange): Promise<number> {
    const row = await this.sessionsIn(scope, range).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /**
   * Events of the workspace, read in `seq` order. Written as cross joins so that SQLite (which keeps the order of
   * a CROSS JOIN) walks `events` by its primary key and checks each row's session and flow: with inner joins it
   * started from the workspace's flows and sessions and sorted every remaining event of them for each batch, which
   * made a million-event export quadratic. PostgreSQL plans cross joins with conditions like inner joins.
   */
  private eventsIn(scope: Scope, range: ExportRange, bySeq: boolean) {
    const from = this.db.selectFrom('events');
    return (
      bySeq
        ? from.crossJoin('sessions').crossJoin('flows').whereRef('sessions.id', '=', 'events.session_id').whereRef('flows.id', '=', 'sessions.flow_id')
        : // Counting needs no order: from the workspace's flows, through their sessions, to the events' index.
          from.innerJoin('sessions', 'sessions.id', 'events.session_id').innerJoin('flows', 'flows.id', 'sessions.flow_id')
    )
      .where(inWorkspace('flows.workspace_id', scope))
      .$if(range.flowId !== undefined, (qb) => qb.where('sessions.flow_id', '=', range.flowId!))
      .$if(range.from !== undefined, (qb) => qb.where('events.received_at', '>=', range.from!))
      .$if(range.to !== undefined, (qb) => qb.where('events.received_at', '<', range.to!));
  }

  private eventPage(scope: Scope, range: ExportRange, afterSeq: number | undefined) {
    return this.eventsIn(scope, range, true)
      .$if(afterSeq !== undefined, (qb) => qb.where('events.seq', '>', afterSeq!))
      .orderBy('events.seq');
  }

  /**
   * The cells come out of SQL as text, so the event is never parsed here. SQLite stores the event as the text
   * `JSON.stringify` made, and `->` writes a part of it back minified, which is the same text (the bench checks the
   * CSV against sqlite3's `json_extract` byte for byte); its `time` column holds the event's `time` as sent, and its
   * rows are the records as they come (text times, integer `seq`), so nothing is copied. PostgreSQL keeps jsonb,
   * whose text has spaces after `:` and `,` (and numbers as numeric): its `data` is parsed and serialised again,
   * which also tells an event without `data` (SQL null) from one whose data is JSON `null`, as `JSON.stringify` of
   * the whole event did; its `time` column is a timestamp, which would lose how the sender wrote it, so the JSON's.
   */
  async events(scope: Scope, range: ExportRange, limit: number, afterSeq?: number): Promise<EventExportRecord[]> {
    const page = this.eventPage(scope, range, afterSeq)
      .select(['events.seq', 'events.id', 'events.type', 'events.session_id as sessionId'])
      .limit(limit);
    if (this.dialect === 'sqlite') {
      const rows = await page
        .select(['events.time', 'events.received_at as receivedAt'])
        .select(sql<string | null>`events.event -> 'data'`.as('data'))
        .execute();
      return rows as EventExportRecord[];
    }
    const rows = await page
      // ISO text as `Date#toISOString` writes it (milliseconds, truncated, as pg's Date was): parsing a Date per row
      // only to print it again cost ≈ 9 % of a PostgreSQL export.
      .select(sql<string>`to_char(events.received_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`.as('receivedAt'))
      .select(sql<string>`events.event ->> 'time'`.as('time'))
      .select(sql<string | null>`(events.event -> 'data')::text`.as('data'))
      .execute();
    return rows.map((row) => ({
      seq: Number(row.seq),
      id: row.id,
      type: row.type,
      time: row.time,
      receivedAt: row.receivedAt,
      sessionId: row.sessionId,
      data: row.data === null ? null : JSON.stringify(JSON.parse(row.data)),
    }));
  }

  /**
   * PostgreSQL: the whole events CSV in one COPY, the cells as `events` reads them, in the same order, so the server
   * writes the CSV and we only end its records in CRLF and drop jsonb's spaces (`EventsCsvCompactor`). Why each cell
   * is already as our writer would write it:
   * - quoting: COPY quotes a cell holding `"`, `,`, CR or LF, doubling quotes, as RFC 4180 and our writer do; it
   *   writes SQL null as an empty cell and an empty string as `""`, but no cell here is an empty string (below).
   * - no cell starts like a formula (= + - @ tab CR), so none needs the `'` our writer would add: `id` is a UUIDv7 and
   *   `type` one of our event type names (both checked when the event was accepted; server events are ours), `time`
   *   an ISO date-time (checked: it starts with its year), `receivedAt` is `to_char`'s, the session id a UUIDv7, and
   *   `data` is always a JSON object (the event schemas), whose text starts with `{`.
   * - no raw line break: in the same checked formats none can hold one, and JSON text escapes them in strings.
   * - `data`: jsonb's text with its spaces dropped is the stored JSON compact. It is the same text as
   *   `JSON.stringify(JSON.parse(…))` (what `events` gives) but for numbers JavaScript writes in exponent form
   *   (≥ 1e21, < 1e-6: jsonb writes them out in full, e.g. `1000000000000000000000`), numbers with trailing zeros or
   *   beyond double precision (jsonb keeps `1.50` and every digit), and objects with integer-like keys (`JSON.parse`
   *   moves them first; jsonb orders keys by length, then bytes): the same values, written as jsonb keeps them.
   */
  private async *copiedEventCsv(copy: CopyCsvOut, scope: Scope, range: ExportRange): AsyncGenerator<Uint8Array> {
    const query = this.eventPage(scope, range, undefined)
      .select(['events.id', 'events.type'])
      .select(sql<string>`events.event ->> 'time'`.as('time'))
      .select(sql<string>`to_char(events.received_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`.as('receivedAt'))
      .select('events.session_id as sessionId')
      .select(sql<string | null>`(events.event -> 'data')::text`.as('data'))
      .compile();
    const compactor = new EventsCsvCompactor(EVENT_CSV_DATA_COLUMN);
    for await (const chunk of copy(query)) {
      const out = compactor.push(chunk);
      if (out.length > 0) yield out;
    }
    const rest = compactor.end();
    if (rest.length > 0) yield rest;
  }

  /** SQLite's stored text is `JSON.stringify`'s already; PostgreSQL's jsonb comes parsed (by pg) and is serialised. */
  async eventJson(scope: Scope, range: ExportRange, limit: number, afterSeq?: number): Promise<EventJsonRecord[]> {
    const rows = await this.eventPage(scope, range, afterSeq).select(['events.seq', 'events.event']).limit(limit).execute();
    return rows.map((row) => ({ seq: Number(row.seq), json: typeof row.event === 'string' ? row.event : JSON.stringify(row.event) }));
  }

  async countEvents(scope: Scope, range: ExportRange): Promise<number> {
    const row = await this.eventsIn(scope, range, false).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async stepEvents(sessionIds: readonly string[]): Promise<Map<string, ReelbackEvent[]>> {
    const out = new Map<string, ReelbackEvent[]>();
    if (sessionIds.length === 0) return out;
    const rows = await this.db
      .selectFrom('events')
      .select(['session_id', 'event'])
      .where('session_id', 'in', [...new Set(sessionIds)])
      .where('type', 'in', STEP_EVENT_TYPES)
      .orderBy('session_id')
      .orderBy('seq')
      .execute();
    for (const row of rows) {
      const list = out.get(row.session_id);
      if (list) list.push(rawEvent(row.event));
      else out.set(row.session_id, [rawEvent(row.event)]);
    }
    return out;
  }

  async sessionVars(sessionIds: readonly string[]): Promise<Map<string, Record<string, string>>> {
    const out = new Map<string, Record<string, string>>();
    if (sessionIds.length === 0) return out;
    const rows = await this.db.selectFrom('sessions').select(['id', 'vars']).where('id', 'in', [...new Set(sessionIds)]).execute();
    for (const row of rows) out.set(row.id, fromJson(SessionVarsRow, row.vars));
    return out;
  }
}
