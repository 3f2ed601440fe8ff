// Turns the owner API's sessions (each with its events) and their clips into inbox rows: one per answer a
// viewer gave, newest first.
import type { AnswerValue, ClipInfo, ClipStatus, SessionRecord } from '@reelback/shared';

export type AnswerKind = AnswerValue['kind'] | 'choice';

export interface AnswerRow {
  /** The event's id (unique, stable). */
  id: string;
  sessionId: string;
  flowId: string;
  stepId: string;
  kind: AnswerKind;
  /** What the viewer gave, as plain text (rendered as text, never as HTML). */
  summary: string;
  /** Recorded answers only. */
  clipId: string | null;
  /** The clip's status for recorded answers; `received` for the others. */
  status: ClipStatus | 'received' | 'unknown';
  /** Why a clip was rejected or failed. */
  reason: string | null;
  durationSeconds: number | null;
  /** When the viewer answered (the event's time). */
  time: string;
}

function summarise(answer: AnswerValue): string {
  switch (answer.kind) {
    case 'text':
      return answer.text;
    case 'rating':
      return `Rated ${answer.value}`;
    case 'nps':
      return `Scored ${answer.value} of 10`;
    case 'contact': {
      const given = Object.keys(answer.fields).join(', ');
      return `Contact details (${given || 'none'})${answer.consent ? ', consent given' : ''}`;
    }
    case 'video':
    case 'audio':
      return answer.kind === 'video' ? 'Video answer' : 'Audio answer';
  }
}

/** The clip ids answered in these sessions, by session (the sessions whose clips the inbox must fetch). */
export function sessionsWithClips(sessions: readonly SessionRecord[]): string[] {
  return sessions
    .filter((s) =>
      s.events.some(({ event }) => event.type === 'reelback.answer.submitted' && (event.data.answer.kind === 'video' || event.data.answer.kind === 'audio')),
    )
    .map((s) => s.id);
}

export function answerRows(sessions: readonly SessionRecord[], clips: ReadonlyMap<string, ClipInfo>): AnswerRow[] {
  const rows: AnswerRow[] = [];
  for (const session of sessions) {
    for (const { event } of session.events) {
      const base = { id: event.id, sessionId: session.id, flowId: session.flowId, time: event.time, reason: null, durationSeconds: null };
      if (event.type === 'reelback.choice.selected') {
        rows.push({ ...base, stepId: event.data.stepId, kind: 'choice', summary: event.data.optionId, clipId: null, status: 'received' });
      } else if (event.type === 'reelback.answer.submitted') {
        const answer = event.data.answer;
        if (answer.kind === 'video' || answer.kind === 'audio') {
          const clip = clips.get(answer.clipId);
          rows.push({
            ...base,
            stepId: event.data.stepId,
            kind: answer.kind,
            summary: summarise(answer),
            clipId: answer.clipId,
            status: clip?.status ?? 'unknown',
            reason: clip?.reason ?? null,
            durationSeconds: clip?.durationSeconds ?? answer.durationSeconds ?? null,
          });
        } else {
          rows.push({ ...base, stepId: event.data.stepId, kind: answer.kind, summary: summarise(answer), clipId: null, status: 'received' });
        }
      }
    }
  }
  // ISO 8601 times with offsets: compare as instants; ties keep a stable order by id (UUIDv7: time-ordered).
  return rows.sort((a, b) => Date.parse(b.time) - Date.parse(a.time) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

/** Client-side filter over what is loaded: every word must appear in the row's flow, step, kind, status or text. */
export function filterRows(rows: readonly AnswerRow[], query: string): AnswerRow[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...rows];
  return rows.filter((row) => {
    const haystack = `${row.flowId} ${row.stepId} ${row.kind} ${row.status} ${row.summary}`.toLowerCase();
    return words.every((w) => haystack.includes(w));
  });
}

/** Runs `task` over `items` with at most `limit` at once, keeping the order of results. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
