import { ClipStatus } from '@reelback/shared';
import { type Kysely, sql } from 'kysely';
import type { AnswerChanges, AnswerFilter, AnswerQuery, AnswerRecord, AnswerReviewStatus, AnswerStore } from '../../ports/answer-store.js';
import type { IsoTime, Scope } from '../../ports/store-types.js';
import { fromJson, fromTime } from './codec.js';
import type { Database, Dialect } from './schema.js';
import { inWorkspace } from './scope.js';
import { ftsQuery } from './transcript-store.js';
import * as z from 'zod';
import { inTransaction } from './in-transaction.js';

const Status = z.enum(['new', 'reviewed', 'archived']);
const Tracker = z.enum(['github', 'jira', 'linear', 'webhook']);
const Media = z.array(z.object({ rendition: z.string() }).loose());

/** `like` pattern for a literal prefix. */
const likePrefix = (prefix: string) => `${prefix.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

export class KyselyAnswerStore implements AnswerStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  private bool(value: boolean): boolean | number {
    return this.dialect === 'postgres' ? value : value ? 1 : 0;
  }

  private base(scope: Scope) {
    return this.db
      .selectFrom('answers as a')
      // A cross join (with the join condition in WHERE) is the same inner join, but SQLite keeps `answers` the outer
      // loop: it walks answers_submitted_idx newest first and stops at the page's end, instead of collecting every
      // answer of the workspace's flows and sorting them all (250 ms instead of 1 ms at 100,000 answers: bench/inbox).
      .crossJoin('flows')
      .whereRef('flows.id', '=', 'a.flow_id')
      .leftJoin('clips as c', 'c.id', 'a.clip_id')
      .leftJoin('transcripts as t', (j) => j.onRef('t.clip_id', '=', 'a.clip_id').on('t.status', '=', 'ready'))
      .leftJoin('answer_backlog_items as b', (j) => j.onRef('b.answer_id', '=', 'a.id').on('b.state', '=', 'created'))
      .where(inWorkspace('flows.workspace_id', scope))
      .select([
        'a.id',
        'a.session_id',
        'a.flow_id',
        'a.flow_version',
        'a.step_id',
        'a.kind',
        'a.clip_id',
        'a.text',
        'a.value',
        'a.status',
        'a.starred',
        'a.note',
        'a.submitted_at',
        'c.id as c_id',
        'c.status as c_status',
        'c.duration_seconds as c_duration',
        'c.media as c_media',
        't.text as t_text',
        'b.tracker as b_tracker',
        'b.url as b_url',
        'b.key as b_key',
        'b.created_at as b_created_at',
      ]);
  }

  /** The answers matching the inbox filters (shared by the list, the count and the exports); `null`: none can match. */
  private filtered(scope: Scope, query: AnswerFilter) {
    let qb = this.base(scope);
    if (query.flowId !== undefined) qb = qb.where('a.flow_id', '=', query.flowId);
    if (query.stepId !== undefined) qb = qb.where('a.step_id', '=', query.stepId);
    if (query.kind !== undefined) qb = qb.where('a.kind', '=', query.kind);
    if (query.status !== undefined) qb = qb.where('a.status', '=', query.status);
    if (query.starred !== undefined) qb = qb.where('a.starred', '=', this.bool(query.starred));
    if (query.from !== undefined) qb = qb.where('a.submitted_at', '>=', query.from);
    if (query.to !== undefined) qb = qb.where('a.submitted_at', '<', query.to);
    if (query.tag !== undefined) {
      const tag = query.tag;
      qb = qb.where(({ exists, selectFrom }) =>
        exists(selectFrom('answer_tags').select('answer_tags.answer_id').whereRef('answer_tags.answer_id', '=', 'a.id').where('answer_tags.tag', '=', tag)),
      );
    }
    if (query.sentiment !== undefined) {
      // One primary-key probe per answer (migration 0028): only analysed answers have a sentiment.
      qb = qb.where(
        sql<boolean>`exists (select 1 from answer_analyses x where x.answer_id = a.id and x.state = 'analyzed' and x.sentiment = ${query.sentiment})`,
      );
    }
    if (query.q !== undefined) {
      if (this.dialect === 'postgres') {
        if (!/[\p{L}\p{N}]/u.test(query.q)) return null;
        const tsq = sql`plainto_tsquery('simple', ${query.q})`;
        qb = qb.where(sql<boolean>`(${sql.ref('a.search')} @@ ${tsq} or ${sql.ref('t.search')} @@ ${tsq})`);
      } else {
        const match = ftsQuery(query.q);
        if (match === null) return null;
        // `+` keeps SQLite from answering the OR with both indexes (fetch every match, then sort them): a common word
        // matches thousands, so it walks the answers newest first and tests each against the matches instead (bench/inbox).
        qb = qb.where(
          sql<boolean>`(+a.id in (select answer_id from answers_fts where answers_fts match ${match})
            or +a.clip_id in (select clip_id from transcripts_fts where transcripts_fts match ${match}))`,
        );
      }
    }
    return qb;
  }

  async count(scope: Scope, query: AnswerFilter): Promise<number> {
    const qb = this.filtered(scope, query);
    if (qb === null) return 0;
    const row = await qb.clearSelect().select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async list(scope: Scope, query: AnswerQuery): Promise<AnswerRecord[]> {
    let qb = this.filtered(scope, query);
    if (qb === null) return [];
    if (query.after !== undefined) {
      const { submittedAt, id } = query.after;
      // The redundant `<=` lets the index seek to the cursor rather than walk every newer answer.
      qb = qb.where('a.submitted_at', '<=', submittedAt).where((eb) =>
        eb.or([eb('a.submitted_at', '<', submittedAt), eb.and([eb('a.submitted_at', '=', submittedAt), eb('a.id', '<', id)])]),
      );
    }
    const rows = await qb.orderBy('a.submitted_at', 'desc').orderBy('a.id', 'desc').limit(query.limit).execute();
    return this.withTags(rows);
  }

  async get(scope: Scope, id: string): Promise<AnswerRecord | undefined> {
    const rows = await this.base(scope).where('a.id', '=', id).execute();
    return (await this.withTags(rows))[0];
  }

  async update(scope: Scope, id: string, changes: AnswerChanges, at: IsoTime): Promise<AnswerRecord | undefined> {
    const found = await inTransaction(this.db, async (tx) => {
      const row = await tx
        .selectFrom('answers as a')
        .innerJoin('flows', 'flows.id', 'a.flow_id')
        .select('a.id')
        .where('a.id', '=', id)
        .where(inWorkspace('flows.workspace_id', scope))
        .executeTakeFirst();
      if (!row) return false;
      await tx
        .updateTable('answers')
        .set({
          updated_at: at,
          ...(changes.status !== undefined ? { status: changes.status } : {}),
          ...(changes.starred !== undefined ? { starred: this.bool(changes.starred) } : {}),
          ...(changes.note !== undefined ? { note: changes.note } : {}),
        })
        .where('id', '=', id)
        .execute();
      if (changes.tags !== undefined) {
        await tx.deleteFrom('answer_tags').where('answer_id', '=', id).execute();
        const tags = [...new Set(changes.tags)];
        if (tags.length > 0) await tx.insertInto('answer_tags').values(tags.map((tag) => ({ answer_id: id, tag }))).execute();
      }
      return true;
    });
    return found ? this.get(scope, id) : undefined;
  }

  async tags(scope: Scope, prefix: string, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('answer_tags as g')
      .innerJoin('answers as a', 'a.id', 'g.answer_id')
      .innerJoin('flows', 'flows.id', 'a.flow_id')
      .where(inWorkspace('flows.workspace_id', scope))
      .$if(prefix.length > 0, (qb) => qb.where(sql<boolean>`g.tag like ${likePrefix(prefix)} escape '\\'`))
      .select('g.tag')
      .distinct()
      .orderBy('g.tag')
      .limit(limit)
      .execute();
    return rows.map((r) => r.tag);
  }

  async locate(where: { ids: readonly string[] } | { clipId: string }): Promise<{ id: string; workspaceId: string | null }[]> {
    if ('ids' in where && where.ids.length === 0) return [];
    const rows = await this.db
      .selectFrom('answers as a')
      .innerJoin('flows', 'flows.id', 'a.flow_id')
      .select(['a.id', 'flows.workspace_id'])
      .$if('ids' in where, (qb) => qb.where('a.id', 'in', [...(where as { ids: readonly string[] }).ids]))
      .$if('clipId' in where, (qb) => qb.where('a.clip_id', '=', (where as { clipId: string }).clipId))
      .execute();
    return rows.map((r) => ({ id: r.id, workspaceId: r.workspace_id }));
  }

  private async withTags(rows: Awaited<ReturnType<ReturnType<KyselyAnswerStore['base']>['execute']>>): Promise<AnswerRecord[]> {
    if (rows.length === 0) return [];
    const tagRows = await this.db
      .selectFrom('answer_tags')
      .select(['answer_id', 'tag'])
      .where(
        'answer_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('tag')
      .execute();
    const tags = new Map<string, string[]>();
    for (const { answer_id, tag } of tagRows) tags.set(answer_id, [...(tags.get(answer_id) ?? []), tag]);
    return rows.map((r) => ({
      id: r.id,
      sessionId: r.session_id,
      flowId: r.flow_id,
      flowVersion: Number(r.flow_version),
      stepId: r.step_id,
      kind: r.kind,
      value: typeof r.value === 'string' ? JSON.parse(r.value) : r.value,
      text: r.text,
      clip:
        r.c_id === null
          ? null
          : {
              id: r.c_id,
              status: ClipStatus.parse(r.c_status),
              durationSeconds: r.c_duration === null ? null : Number(r.c_duration),
              hasPoster: fromJson(Media, r.c_media ?? '[]').some((m) => m.rendition === 'poster'),
            },
      transcriptText: r.t_text ?? null,
      status: Status.parse(r.status) satisfies AnswerReviewStatus,
      starred: Boolean(r.starred),
      tags: tags.get(r.id) ?? [],
      note: r.note,
      submittedAt: fromTime(r.submitted_at),
      backlogItem:
        r.b_url !== null && r.b_key !== null && r.b_tracker !== null && r.b_created_at !== null
          ? { url: r.b_url, key: r.b_key, tracker: Tracker.parse(r.b_tracker), createdAt: fromTime(r.b_created_at) }
          : null,
    }));
  }
}
