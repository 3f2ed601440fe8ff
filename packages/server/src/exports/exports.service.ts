import {
  ANSWER_EXPORT_COLUMNS,
  type AnswerExportQuery,
  type AnswerExportRow,
  EVENT_EXPORT_COLUMNS,
  EXPORT_LINK_DEFAULT_SECONDS,
  type EventExportQuery,
  type ExportFormat,
  SESSION_EXPORT_COLUMNS,
  type SessionExportQuery,
  type SessionExportRow,
  varColumn,
} from '@reelback/shared';
import { instant } from '../answers/answers.service.js';
import { notFound, ServiceError } from '../errors/service-error.js';
import type { Clock } from '../ports/clock.js';
import type { AnswerCursor, AnswerFilter, AnswerRecord, AnswerStore } from '../ports/answer-store.js';
import type { ClipMediaRecord, ClipStore } from '../ports/clip-store.js';
import type { FlowStore } from '../ports/flow-store.js';
import type { SessionCursor } from '../ports/session-store.js';
import type { Scope } from '../ports/store-types.js';
import type { AnswerAnalysisRecord, AnswerAnalysisStore } from '../ports/answer-analysis-store.js';
import { answerPath } from './answer-path.js';
import { declaredVariables } from './declared-variables.js';
import type { EventExportRecord, EventJsonRecord, ExportRange, ExportStore, SessionExportRecord } from '../ports/export-store.js';
import { CsvWriter, type CsvTable, type ExportTable, type ExportWriter, type JsonLines, NdjsonWriter, writerFor } from './export-writers.js';
import { type LinkableRendition, MediaLinks } from './media-links.js';

/** Rows per database query: big enough that query overhead vanishes, small enough that memory stays flat. */
export const EXPORT_BATCH_SIZE = 500;

/** An export ready to stream: what to call it, how many rows it will have, and its text in chunks. */
export interface ExportStream {
  filename: string;
  contentType: string;
  /** Rows counted with the same filters when the export started (rows added meanwhile may make it one off). */
  total: number;
  /** Text, or UTF-8 bytes where the database wrote the text itself (PostgreSQL's COPY of the events CSV). */
  chunks: AsyncIterable<string | Uint8Array>;
}

type AnswerLinks = { kind: 'member' } | { kind: 'signed'; expires: number };

/** One CSV cell of an answer: lists (tags, key phrases, themes) joined with `;`, as the tags always were. */
function answerCell(row: AnswerExportRow, column: (typeof ANSWER_EXPORT_COLUMNS)[number]) {
  const value = row[column];
  return Array.isArray(value) ? value.join(';') : value;
}

/** The answers table with a `vars.<name>` column per declared variable (the CSV writer quotes and defuses them). */
const answerTable = (names: readonly string[]): ExportTable<AnswerExportRow> => ({
  columns: [...ANSWER_EXPORT_COLUMNS, ...names.map(varColumn)],
  cells: (row) => [...ANSWER_EXPORT_COLUMNS.map((column) => answerCell(row, column)), ...names.map((n) => row.vars[n] ?? null)],
  json: (row) => JSON.stringify(row),
});

const sessionTable = (names: readonly string[]): ExportTable<SessionExportRow> => ({
  columns: [...SESSION_EXPORT_COLUMNS, ...names.map(varColumn)],
  cells: (row) => [...SESSION_EXPORT_COLUMNS.map((column) => row[column]), ...names.map((n) => row.vars[n] ?? null)],
  json: (row) => JSON.stringify(row),
});

type AnalysisColumn = 'sentiment' | 'sentimentScore' | 'keyPhrases' | 'themes';

/**
 * The analysis columns: a sentiment only from an `analyzed` result (pending and failed rows hold none). Themes are
 * not stored yet (#17: the themes module computes them, nothing keeps them per answer), so the list is empty rather
 * than guessed.
 */
function analysisColumns(analysis: AnswerAnalysisRecord | undefined): Pick<AnswerExportRow, AnalysisColumn> {
  const analysed = analysis?.state === 'analyzed' ? analysis : undefined;
  return {
    sentiment: analysed?.sentiment ?? null,
    sentimentScore: analysed?.sentimentScore ?? null,
    keyPhrases: analysed?.keyPhrases.map((p) => p.text) ?? [],
    themes: [],
  };
}

/** One key per declared variable, null where the session kept none. */
const declaredValues = (names: readonly string[], vars: Readonly<Record<string, string>> | undefined): Record<string, string | null> =>
  Object.fromEntries(names.map((n) => [n, vars !== undefined && Object.prototype.hasOwnProperty.call(vars, n) ? vars[n]! : null]));

/** CSV rows of events: the store gives the cells as text (`data` as JSON). */
const eventCells: CsvTable<EventExportRecord> = {
  columns: EVENT_EXPORT_COLUMNS,
  cells: (row) => [row.id, row.type, row.time, row.receivedAt, row.sessionId, row.data],
};

/** NDJSON lines of events: the CloudEvents exactly as they were stored. */
const eventLines: JsonLines<EventJsonRecord> = { json: (row) => row.json };

function toSessionRow(s: SessionExportRecord, names: readonly string[]): SessionExportRow {
  const { context } = s;
  return {
    id: s.id,
    flowId: s.flowId,
    flowVersion: s.flowVersion,
    startedAt: s.startedAt,
    completedAt: s.completedAt,
    embedMode: context.embedMode,
    pageUrl: context.pageUrl ?? null,
    referrer: context.referrer ?? null,
    utmSource: context.utm?.source ?? null,
    utmMedium: context.utm?.medium ?? null,
    utmCampaign: context.utm?.campaign ?? null,
    utmTerm: context.utm?.term ?? null,
    utmContent: context.utm?.content ?? null,
    locale: context.locale ?? null,
    device: context.device ?? null,
    lastStepId: s.progress.currentStepId,
    answers: s.answers,
    vars: declaredValues(names, s.vars),
  };
}

/** `reelback-answers-<flow or "all">-20260101T120000Z.csv` */
function filename(what: string, flowId: string | undefined, now: Date, extension: string): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `reelback-${what}-${flowId ?? 'all'}-${stamp}.${extension}`;
}

function range(query: { flowId?: string; from?: string; to?: string }): ExportRange {
  return {
    ...(query.flowId !== undefined ? { flowId: query.flowId } : {}),
    ...(query.from !== undefined ? { from: instant(query.from, false) } : {}),
    ...(query.to !== undefined ? { to: instant(query.to, true) } : {}),
  };
}

export interface ExportsDependencies {
  answers: AnswerStore;
  /** Each batch's analyses, one query per batch like its step events. */
  analyses: Pick<AnswerAnalysisStore, 'forAnswers'>;
  flows: FlowStore;
  clips: ClipStore;
  store: ExportStore;
  links: MediaLinks;
  clock: Clock;
  batchSize?: number;
}

/**
 * Answers, sessions and raw events of a workspace as CSV or NDJSON, read from the database in keyset-paginated
 * batches and written batch by batch: the next batch is read only when the previous one has been taken (the HTTP
 * stream pulls), so memory stays flat whatever the size.
 */
export class ExportsService {
  private readonly batch: number;

  constructor(private readonly deps: ExportsDependencies) {
    this.batch = deps.batchSize ?? EXPORT_BATCH_SIZE;
  }

  private async checkFlow(scope: Scope, flowId: string | undefined): Promise<void> {
    if (flowId !== undefined && !(await this.deps.flows.get(flowId, scope))) {
      throw notFound('unknown-flow', `there is no flow "${flowId}"`, [{ path: ['flowId'], message: 'no such flow' }]);
    }
  }

  /** `origin` makes media links absolute (the origin the request came to). */
  async answers(scope: Scope, query: AnswerExportQuery, origin: string): Promise<ExportStream> {
    await this.checkFlow(scope, query.flowId);
    const { format, links, linkExpiresIn, from, to, ...rest } = query;
    const filter: AnswerFilter = {
      ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
      ...(from !== undefined ? { from: instant(from, false) } : {}),
      ...(to !== undefined ? { to: instant(to, true) } : {}),
    };
    const now = this.deps.clock.now();
    const linking: AnswerLinks =
      links === 'signed' ? { kind: 'signed', expires: Math.floor(now.getTime() / 1000) + (linkExpiresIn ?? EXPORT_LINK_DEFAULT_SECONDS) } : { kind: 'member' };
    const names = await declaredVariables(this.deps.flows, scope, query.flowId);
    const writer = writerFor(format, answerTable(names));
    const total = await this.deps.answers.count(scope, filter);
    const { answers, analyses, store } = this.deps;
    const batch = this.batch;
    const toRow = (record: AnswerRecord, path: string, analysis: AnswerAnalysisRecord | undefined, vars: Record<string, string> | undefined) => ({
      ...this.answerRow(record, path, linking, origin),
      ...analysisColumns(analysis),
      vars: declaredValues(names, vars),
    });
    async function* chunks(): AsyncGenerator<string> {
      yield writer.start();
      let after: AnswerCursor | undefined;
      for (;;) {
        const records = await answers.list(scope, { ...filter, limit: batch, ...(after ? { after } : {}) });
        if (records.length === 0) return;
        const sessionIds = records.map((r) => r.sessionId);
        const [events, vars, analysed] = await Promise.all([
          store.stepEvents(sessionIds),
          names.length > 0 ? store.sessionVars(sessionIds) : new Map<string, Record<string, string>>(),
          analyses.forAnswers(records.map((r) => r.id)),
        ]);
        yield* writer.write(records.map((r) => toRow(r, answerPath(events.get(r.sessionId), r), analysed.get(r.id), vars.get(r.sessionId))));
        if (records.length < batch) return;
        const last = records.at(-1)!;
        after = { submittedAt: last.submittedAt, id: last.id };
      }
    }
    return { filename: filename('answers', query.flowId, now, writer.extension), contentType: writer.contentType, total, chunks: chunks() };
  }

  private answerRow(r: AnswerRecord, path: string, links: AnswerLinks, origin: string): Omit<AnswerExportRow, 'vars' | AnalysisColumn> {
    const value = (r.value ?? {}) as { kind?: string; value?: unknown; consent?: unknown; fields?: Record<string, unknown>; durationSeconds?: unknown };
    const consented = value.kind === 'contact' ? value.consent === true : null;
    const field = (name: string) => (consented === true && typeof value.fields?.[name] === 'string' ? (value.fields[name] as string) : null);
    let mediaUrl: string | null = null;
    if (r.clip?.status === 'ready') {
      const rendition: LinkableRendition = r.kind === 'audio' ? 'audio' : 'video';
      const path = links.kind === 'signed' ? this.deps.links.signedPath(r.clip.id, rendition, links.expires) : MediaLinks.memberPath(r.clip.id, rendition);
      mediaUrl = `${origin}${path}`;
    }
    const duration = r.clip?.durationSeconds ?? (typeof value.durationSeconds === 'number' ? value.durationSeconds : null);
    return {
      id: r.id,
      sessionId: r.sessionId,
      submittedAt: r.submittedAt,
      flowId: r.flowId,
      flowVersion: r.flowVersion,
      stepId: r.stepId,
      kind: r.kind as AnswerExportRow['kind'],
      text: r.text,
      value: (value.kind === 'rating' || value.kind === 'nps') && typeof value.value === 'number' ? value.value : null,
      contactConsent: consented,
      contactName: field('name'),
      contactEmail: field('email'),
      contactPhone: field('phone'),
      contactCompany: field('company'),
      clipId: r.clip?.id ?? null,
      clipStatus: r.clip?.status ?? null,
      durationSeconds: duration,
      mediaUrl,
      transcript: r.transcriptText,
      tags: r.tags,
      status: r.status,
      starred: r.starred,
      note: r.note,
      path,
    };
  }

  async sessions(scope: Scope, query: SessionExportQuery): Promise<ExportStream> {
    await this.checkFlow(scope, query.flowId);
    const where = range(query);
    const names = await declaredVariables(this.deps.flows, scope, query.flowId);
    const writer = writerFor(query.format, sessionTable(names));
    const total = await this.deps.store.countSessions(scope, where);
    const { store } = this.deps;
    const batch = this.batch;
    async function* chunks(): AsyncGenerator<string> {
      yield writer.start();
      let after: SessionCursor | undefined;
      for (;;) {
        const sessions = await store.sessions(scope, where, batch, after);
        if (sessions.length === 0) return;
        yield* writer.write(sessions.map((s) => toSessionRow(s, names)));
        if (sessions.length < batch) return;
        const last = sessions.at(-1)!;
        after = { startedAt: last.startedAt, id: last.id };
      }
    }
    return this.stream('sessions', query, writer.contentType, writer.extension, total, chunks());
  }

  async events(scope: Scope, query: EventExportQuery): Promise<ExportStream> {
    await this.checkFlow(scope, query.flowId);
    const where = range(query);
    const total = await this.deps.store.countEvents(scope, where);
    const { store } = this.deps;
    const batch = this.deps.batchSize ?? store.eventBatchSize;
    if (query.format === 'csv') {
      const writer = new CsvWriter(eventCells);
      // The engine's quicker read when it has one (PostgreSQL: one COPY; SQLite: rows as arrays).
      if (store.eventCsvRows) {
        const rows = store.eventCsvRows(scope, where);
        const chunks = (async function* () {
          yield writer.start();
          yield* rows;
        })();
        return this.stream('events', query, writer.contentType, writer.extension, total, chunks);
      }
      const chunks = this.eventChunks(writer, batch, (after) => store.events(scope, where, batch, after));
      return this.stream('events', query, writer.contentType, writer.extension, total, chunks);
    }
    const writer = new NdjsonWriter(eventLines);
    const chunks = this.eventChunks(writer, batch, (after) => store.eventJson(scope, where, batch, after));
    return this.stream('events', query, writer.contentType, writer.extension, total, chunks);
  }

  /** Batches of events by `seq`; the next batch is read while the client takes this one's text (one batch ahead). */
  private async *eventChunks<R extends { seq: number }>(writer: ExportWriter<R>, batch: number, read: (afterSeq: number | undefined) => Promise<R[]>): AsyncGenerator<string> {
    yield writer.start();
    let next: Promise<R[]> | undefined = read(undefined);
    try {
      while (next) {
        const events: R[] = await next;
        next = events.length === batch ? read(events.at(-1)!.seq) : undefined;
        if (events.length > 0) yield* writer.write(events);
      }
    } finally {
      // A client that stops reading leaves the batch read ahead: let it settle unobserved rather than reject unhandled.
      next?.catch(() => {});
    }
  }

  private stream(what: string, query: { flowId?: string; format: ExportFormat }, contentType: string, extension: string, total: number, chunks: AsyncIterable<string | Uint8Array>): ExportStream {
    return { filename: filename(what, query.flowId, this.deps.clock.now(), extension), contentType, total, chunks };
  }

  /** The file a signed link points at, once its signature and expiry hold; no credentials needed. */
  async signedMedia(clipId: string, rendition: LinkableRendition, expires: number, signature: string): Promise<ClipMediaRecord> {
    const check = this.deps.links.check(clipId, rendition, expires, signature, this.deps.clock.now().getTime());
    if (!check.ok) {
      if (check.reason === 'expired') {
        throw new ServiceError('forbidden', 'link-expired', `this link expired at ${check.expiredAt}; ask for a new export or link`, [
          { path: ['expires'], message: `expired at ${check.expiredAt}` },
        ]);
      }
      throw new ServiceError('forbidden', 'bad-signature', 'this link is not one this server signed (its signature does not match)', [
        { path: ['signature'], message: 'does not match the clip, file and expiry' },
      ]);
    }
    const clip = await this.deps.clips.get(clipId);
    const file = clip?.media.find((m) => m.rendition === rendition);
    if (!clip || !file) throw notFound('clip-not-found', `There is no ${rendition} file of clip '${clipId}' (any more).`);
    return file;
  }
}
