import { type AnswerItem, type AnswerList, type AnswerListQuery, type AnswerPatch, type AnswerTagList, rangeEndMs } from '@reelback/shared';
import { notFound } from '../errors/service-error.js';
import type { Clock } from '../ports/clock.js';
import { decodeTimeIdCursor, encodeTimeIdCursor } from '../paging/time-id-cursor.js';
import type { AnswerCursor, AnswerRecord, AnswerStore } from '../ports/answer-store.js';
import type { FlowStore } from '../ports/flow-store.js';
import type { Scope } from '../ports/store-types.js';
import type { AnswerAnalysisRecord, AnswerAnalysisStore } from '../ports/answer-analysis-store.js';
import { toAnalysisView } from '../insights/pipeline/analysis-view.js';

const SNIPPET_CHARS = 200;
export const encodeAnswerCursor = (cursor: AnswerCursor): string => encodeTimeIdCursor(cursor.submittedAt, cursor.id);

export function decodeAnswerCursor(text: string): AnswerCursor {
  const { time, id } = decodeTimeIdCursor(text);
  return { submittedAt: time, id };
}

/** `from`/`to` as instants: a date alone is the start of that day (UTC), and `to` includes the whole day. */
export function instant(value: string, end: boolean): string {
  return new Date(rangeEndMs(value, { throughDay: end })).toISOString();
}

function snippet(text: string | null): string | null {
  if (text === null) return null;
  const trimmed = text.trim();
  if (trimmed.length <= SNIPPET_CHARS) return trimmed;
  const cut = trimmed.slice(0, SNIPPET_CHARS);
  const space = cut.lastIndexOf(' ');
  return `${space > SNIPPET_CHARS / 2 ? cut.slice(0, space) : cut}…`;
}

/** What the API shows of an answer's value: contact fields only with the viewer's consent. */
export function shownValue(row: AnswerRecord): AnswerItem['value'] {
  const value = row.value as AnswerItem['value'];
  return value.kind === 'contact' && value.consent !== true ? { kind: 'contact', consent: false } : value;
}

/** What the API shows of a stored answer, with its analysis (`undefined`: it has none). */
export function toItem(row: AnswerRecord, analysis: AnswerAnalysisRecord | undefined): AnswerItem {
  const shown = shownValue(row);
  return {
    id: row.id,
    sessionId: row.sessionId,
    flowId: row.flowId,
    flowVersion: row.flowVersion,
    stepId: row.stepId,
    kind: row.kind as AnswerItem['kind'],
    value: shown,
    text: row.text,
    clip:
      row.clip === null
        ? null
        : {
            id: row.clip.id,
            status: row.clip.status,
            durationSeconds: row.clip.durationSeconds,
            posterUrl: row.clip.hasPoster ? `/api/v1/clips/${encodeURIComponent(row.clip.id)}/media/poster` : null,
          },
    transcriptSnippet: snippet(row.transcriptText),
    status: row.status,
    starred: row.starred,
    tags: row.tags,
    note: row.note,
    submittedAt: row.submittedAt,
    backlogItem: row.backlogItem,
    analysis: toAnalysisView(analysis),
  };
}

/** The owners' inbox: answers newest first, filtered, with their review state. */
export class AnswersService {
  constructor(
    private readonly answers: AnswerStore,
    private readonly analyses: Pick<AnswerAnalysisStore, 'forAnswers' | 'get'>,
    private readonly flows: FlowStore,
    private readonly clock: Clock,
    /** Told after an answer's review state changed (live updates). */
    private readonly changed: (workspaceId: string | null, answerId: string) => void = () => {},
  ) {}

  async list(scope: Scope, query: AnswerListQuery): Promise<AnswerList> {
    if (query.flowId !== undefined && !(await this.flows.get(query.flowId, scope))) {
      throw notFound('unknown-flow', `there is no flow "${query.flowId}"`, [{ path: ['flowId'], message: 'no such flow' }]);
    }
    const { cursor, from, to, limit, ...filters } = query;
    const rows = await this.answers.list(scope, {
      ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)),
      ...(from !== undefined ? { from: instant(from, false) } : {}),
      ...(to !== undefined ? { to: instant(to, true) } : {}),
      ...(cursor !== undefined ? { after: decodeAnswerCursor(cursor) } : {}),
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const analyses = await this.analyses.forAnswers(page.map((r) => r.id));
    return {
      answers: page.map((row) => toItem(row, analyses.get(row.id))),
      nextCursor: rows.length > limit && last ? encodeAnswerCursor({ submittedAt: last.submittedAt, id: last.id }) : null,
    };
  }

  async get(scope: Scope, id: string): Promise<AnswerItem> {
    const row = await this.answers.get(scope, id);
    if (!row) throw notFound('unknown-answer', `there is no answer "${id}"`);
    return toItem(row, await this.analyses.get(row.id));
  }

  async update(scope: Scope, id: string, patch: AnswerPatch): Promise<AnswerItem> {
    const changes = {
      ...(patch.status !== undefined ? { status: patch.status } : {}),
      ...(patch.starred !== undefined ? { starred: patch.starred } : {}),
      ...(patch.note !== undefined ? { note: patch.note } : {}),
      ...(patch.tags !== undefined ? { tags: [...new Set(patch.tags)] } : {}),
    };
    const row = await this.answers.update(scope, id, changes, this.clock.now().toISOString());
    if (!row) throw notFound('unknown-answer', `there is no answer "${id}"`);
    this.changed(scope.workspaceId, id);
    return toItem(row, await this.analyses.get(row.id));
  }

  async tags(scope: Scope, prefix: string): Promise<AnswerTagList> {
    return { tags: await this.answers.tags(scope, prefix.trim().toLowerCase(), 50) };
  }
}
