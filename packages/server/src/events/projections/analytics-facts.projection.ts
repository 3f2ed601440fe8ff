import type { FoldedProjection } from './projection.js';

/** `analytics_sessions`: one row per session (migration 0008's table), as the rules below keep it. */
export interface SessionFacts {
  session_id: string;
  flow_id: string;
  flow_version: number;
  /** Server start time, epoch ms. */
  started_ms: number;
  embed_mode: string | null;
  device: string | null;
  referrer_host: string | null;
  utm_source: string | null;
  utm_medium: string | null;
  utm_campaign: string | null;
  started: 0 | 1;
  completed_ms: number | null;
  last_step: string | null;
}

/** `analytics_steps`: one row per session and step viewed. */
export interface StepFacts {
  session_id: string;
  step_id: string;
  flow_id: string;
  flow_version: number;
  started_ms: number;
  viewed_ms: number;
  dwell_ms: number | null;
  responded: 0 | 1;
  video: number;
  choice: string | null;
  answer_kind: string | null;
  answer_value: number | null;
}

/** One session's facts: its row and its step rows by step id. */
export interface Facts {
  session: SessionFacts;
  steps: Map<string, StepFacts>;
}

/** What the facts need of a session row. */
export interface FactsSession {
  id: string;
  flowId: string;
  flowVersion: number;
  startedMs: number;
  context: unknown;
}

/** What the facts need of a stored event: its place in the log, its type and JSON, and the server's receipt time. */
export interface FactsEvent {
  seq: number;
  type: string;
  /** The event as stored (CloudEvents envelope, validated by the shared schemas when it was appended). */
  event: unknown;
  receivedMs: number;
}

const RESPONSES = new Set(['reelback.choice.selected', 'reelback.answer.submitted', 'reelback.cta.clicked']);

/** A member of a JSON object as text (what `json_extract` / `->>` give for a string member), else null. */
function member(value: unknown, ...path: string[]): unknown {
  let at = value;
  for (const key of path) {
    if (typeof at !== 'object' || at === null || Array.isArray(at)) return null;
    at = (at as Record<string, unknown>)[key];
  }
  return at ?? null;
}
const text = (value: unknown, ...path: string[]): string | null => {
  const v = member(value, ...path);
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : null;
};
const integer = (value: unknown, ...path: string[]): number | null => {
  const v = member(value, ...path);
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(n) ? Math.trunc(n) : null;
};

/**
 * The referrer's host as migration 0008 cut it: after the first `://`, up to the first `/`, `?`, `#` or `:`,
 * lower-cased; null without `://` or when empty.
 */
export function referrerHost(referrer: string | null): string | null {
  if (referrer === null) return null;
  const at = referrer.indexOf('://');
  if (at < 0) return null;
  const rest = referrer.slice(at + 3);
  const end = Math.min(...['/', '?', '#', ':'].map((ch) => (rest.indexOf(ch) < 0 ? rest.length : rest.indexOf(ch))));
  return rest.slice(0, end).toLowerCase() || null;
}

/** A session's row before any of its events: its flow, version, start and the segments of its context. */
export function sessionFacts(session: FactsSession): SessionFacts {
  const c = session.context;
  return {
    session_id: session.id,
    flow_id: session.flowId,
    flow_version: session.flowVersion,
    started_ms: session.startedMs,
    embed_mode: text(c, 'embedMode'),
    device: text(c, 'device'),
    referrer_host: referrerHost(text(c, 'referrer')),
    utm_source: text(c, 'utm', 'source'),
    utm_medium: text(c, 'utm', 'medium'),
    utm_campaign: text(c, 'utm', 'campaign'),
    started: 0,
    completed_ms: null,
    last_step: null,
  };
}

/**
 * Folds one event into a session's facts, in place, by the rules the triggers of migration 0008 applied:
 * - `session.started` marks the session started; `session.completed` records the first completion (server clock);
 * - `step.viewed` closes the time on the step the viewer was on (if another step and still open), adds the step's
 *   row at its first view (viewer clock), and makes it the last step viewed;
 * - `video.progressed` keeps the furthest mark of a viewed step;
 * - a choice, answer or call to action on a viewed step marks it answered, closes its time on step (if open) and
 *   keeps the last choice / answer kind and rating or NPS value.
 * Anything else (server events, events of steps never viewed) changes nothing.
 */
export function applyEvent(facts: Facts, e: FactsEvent): void {
  const s = facts.session;
  const step = text(e.event, 'data', 'stepId');
  const clientMs = () => {
    const time = text(e.event, 'time');
    const ms = time === null ? NaN : Date.parse(time);
    if (!Number.isFinite(ms)) throw new Error(`event at seq ${e.seq} (${e.type}) has no readable time`);
    return ms;
  };
  if (e.type === 'reelback.session.started') {
    s.started = 1;
  } else if (e.type === 'reelback.session.completed') {
    s.completed_ms ??= e.receivedMs;
  } else if (e.type === 'reelback.step.viewed') {
    if (step === null) return;
    const t = clientMs();
    const left = s.last_step === null ? undefined : facts.steps.get(s.last_step);
    if (left && s.last_step !== step && left.dwell_ms === null) left.dwell_ms = Math.max(0, t - left.viewed_ms);
    if (!facts.steps.has(step)) {
      facts.steps.set(step, {
        session_id: s.session_id,
        step_id: step,
        flow_id: s.flow_id,
        flow_version: s.flow_version,
        started_ms: s.started_ms,
        viewed_ms: t,
        dwell_ms: null,
        responded: 0,
        video: 0,
        choice: null,
        answer_kind: null,
        answer_value: null,
      });
    }
    s.last_step = step;
  } else if (e.type === 'reelback.video.progressed') {
    const row = step === null ? undefined : facts.steps.get(step);
    const percent = integer(e.event, 'data', 'percent');
    if (row && percent !== null) row.video = Math.max(row.video, percent);
  } else if (RESPONSES.has(e.type)) {
    const row = step === null ? undefined : facts.steps.get(step);
    if (!row) return;
    row.responded = 1;
    row.dwell_ms ??= Math.max(0, clientMs() - row.viewed_ms);
    if (e.type === 'reelback.choice.selected') row.choice = text(e.event, 'data', 'optionId');
    if (e.type === 'reelback.answer.submitted') {
      const kind = text(e.event, 'data', 'answer', 'kind');
      row.answer_kind = kind;
      row.answer_value = kind === 'rating' || kind === 'nps' ? integer(e.event, 'data', 'answer', 'value') : null;
    }
  }
}

/** A deep copy, so a fold can compare what it changed with what was stored. */
export function copyFacts(facts: Facts): Facts {
  return { session: { ...facts.session }, steps: new Map([...facts.steps].map(([id, row]) => [id, { ...row }])) };
}

export const SESSION_FACT_COLUMNS = [
  'session_id',
  'flow_id',
  'flow_version',
  'started_ms',
  'embed_mode',
  'device',
  'referrer_host',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'started',
  'completed_ms',
  'last_step',
] as const satisfies readonly (keyof SessionFacts)[];
export const STEP_FACT_COLUMNS = [
  'session_id',
  'step_id',
  'flow_id',
  'flow_version',
  'started_ms',
  'viewed_ms',
  'dwell_ms',
  'responded',
  'video',
  'choice',
  'answer_kind',
  'answer_value',
] as const satisfies readonly (keyof StepFacts)[];

const TEXT = new Set(['session_id', 'step_id', 'flow_id', 'embed_mode', 'device', 'referrer_host', 'utm_source', 'utm_medium', 'utm_campaign', 'last_step', 'choice', 'answer_kind']);
const INTEGER = new Set(['flow_version', 'started', 'responded', 'video', 'answer_value']);

/**
 * Writes rows given as one JSON array (`?` / `$1`: text) to a facts table, each replacing the stored row of its
 * session (and step): the facts rows a fold computed. `json_each` on SQLite, `jsonb_to_recordset` on PostgreSQL.
 */
function upsertStatements(table: string, columns: readonly string[], conflict: string): { sqlite: string; postgres: string } {
  const updates = columns.filter((c) => !conflict.split(', ').includes(c)).map((c) => `${c} = excluded.${c}`).join(', ');
  const type = (c: string) => (TEXT.has(c) ? 'text' : INTEGER.has(c) ? 'integer' : 'bigint');
  return {
    sqlite: `insert into ${table} (${columns.join(', ')})
      select ${columns.map((c) => `json_extract(value, '$.${c}')`).join(', ')} from json_each(:rows) where true
      on conflict (${conflict}) do update set ${updates}`,
    postgres: `insert into ${table} (${columns.join(', ')})
      select ${columns.join(', ')} from jsonb_to_recordset(:rows::jsonb) as x(${columns.map((c) => `${c} ${type(c)}`).join(', ')})
      on conflict (${conflict}) do update set ${updates}`,
  };
}

/**
 * Analytics facts (migration 0008's `analytics_sessions` and `analytics_steps`): folded off the ingest path from the
 * event log by `applyEvent`, in the fold's transaction (`storage/kysely/projection-fold.ts`); triggers kept them
 * until migration 0024. Sessions without events still count (impressions): a session row waits with
 * `analytics_pending = 1` until the fold gives it its facts row.
 */
export const analyticsFactsProjection: FoldedProjection & {
  readonly upsert: { readonly sessions: { sqlite: string; postgres: string }; readonly steps: { sqlite: string; postgres: string } };
} = {
  name: 'analytics facts',
  runs: 'folded',
  writes: ['analytics_sessions', 'analytics_steps'],
  upsert: {
    sessions: upsertStatements('analytics_sessions', SESSION_FACT_COLUMNS, 'session_id'),
    steps: upsertStatements('analytics_steps', STEP_FACT_COLUMNS, 'session_id, step_id'),
  },
};
