import type { AuditEntry, AuditEntryList, AuditExportQuery, AuditExportRow, AuditListQuery } from '@reelback/shared';
import { EXPORT_BATCH_SIZE, type ExportStream } from '../exports/exports.service.js';
import { type ExportTable, writerFor } from '../exports/export-writers.js';
import { decodeTimeIdCursor, encodeTimeIdCursor } from '../paging/time-id-cursor.js';
import type { Clock } from '../ports/clock.js';
import type { Scope } from '../ports/store-types.js';
import type { AuditRecord, AuditStore } from '../ports/audit-store.js';

const toEntry = ({ id, at, action, actor, target, detail }: AuditRecord): AuditEntry => ({ id, at, action, actor, target, detail });

const toRow = (r: AuditRecord): AuditExportRow => ({
  id: r.id,
  at: r.at,
  action: r.action,
  actorKind: r.actor.kind,
  actorId: r.actor.id,
  actorLabel: r.actor.label,
  targetType: r.target.type,
  targetId: r.target.id,
  targetLabel: r.target.label,
  detail: r.detail,
});

const COLUMNS = ['id', 'at', 'action', 'actorKind', 'actorId', 'actorLabel', 'targetType', 'targetId', 'targetLabel', 'detail'] as const;

/** Through the exports' writers: RFC 4180 CSV with formula injection guarded (names and labels are people's text). */
const auditTable: ExportTable<AuditExportRow> = {
  columns: COLUMNS,
  cells: (row) => COLUMNS.map((column) => (column === 'detail' ? JSON.stringify(row.detail) : row[column])),
  json: (row) => JSON.stringify(row),
};

/** Reading a workspace's audit log: pages for the dashboard, and the whole (filtered) log as a streamed export. */
export class AuditReads {
  constructor(
    private readonly store: AuditStore,
    private readonly clock: Clock,
    private readonly batch = EXPORT_BATCH_SIZE,
  ) {}

  /** Newest first, keyset-paged (`paging/time-id-cursor.ts`). */
  async list(scope: Scope, query: AuditListQuery): Promise<AuditEntryList> {
    const before = query.cursor === undefined ? undefined : decodeTimeIdCursor(query.cursor);
    const rows = await this.store.list(scope, { action: query.action, actor: query.actor, limit: query.limit + 1, before });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return { entries: page.map(toEntry), nextCursor: rows.length > query.limit && last ? encodeTimeIdCursor(last.at, last.id) : null };
  }

  /** Every matching entry, newest first, read a batch at a time as the client takes them. */
  async export(scope: Scope, query: AuditExportQuery): Promise<ExportStream> {
    const filter = { action: query.action, actor: query.actor };
    const writer = writerFor(query.format, auditTable);
    const total = await this.store.count(scope, filter);
    const { store, batch } = this;
    async function* chunks(): AsyncGenerator<string> {
      yield writer.start();
      let before: { time: string; id: string } | undefined;
      for (;;) {
        const rows = await store.list(scope, { ...filter, limit: batch, before });
        if (rows.length === 0) return;
        yield* writer.write(rows.map(toRow));
        if (rows.length < batch) return;
        const last = rows.at(-1)!;
        before = { time: last.at, id: last.id };
      }
    }
    const stamp = this.clock.now().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    return { filename: `reelback-audit-log-${stamp}.${writer.extension}`, contentType: writer.contentType, total, chunks: chunks() };
  }
}
