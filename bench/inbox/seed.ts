// Seeds answers straight into the tables (sessions, clips, ready transcripts, answers, tags) in one transaction,
// with multi-row inserts: the answers' own triggers keep SQLite's answers_fts in step, and PostgreSQL's tsvector
// columns are generated, so only transcripts_fts (kept by the transcript store in code) is written here by hand.
// No events are stored: the inbox reads the answers table, not the event log.
import { randomBytes } from 'node:crypto';
import type { openStorage } from '@reelback/server';
import { uuidv7 } from '@reelback/shared';
import { feedback, rng } from './corpus.js';

type Db = ReturnType<typeof openStorage>['database'];

export interface SeedFlow {
  id: string;
  /** Share of the sessions that run this flow. */
  weight: number;
}

export interface SeedOptions {
  answers: number;
  flows: SeedFlow[];
  /** The newest answer's time; the others go back 180 days from it. */
  now: number;
  /** Chance that a searchable answer (typed text or a ready transcript) carries the rare / the common marker word. */
  rare: number;
  common: number;
}

export interface SeedCounts {
  sessions: number;
  answers: number;
  byKind: Record<string, number>;
  byFlow: Record<string, number>;
  clips: number;
  transcripts: number;
  tagged: number;
}

export const TAGS = ['billing', 'bug', 'mobile', 'onboarding', 'pricing', 'feature-request', 'performance', 'ux', 'export', 'login', 'churn-risk', 'praise', 'docs', 'integrations', 'security', 'search', 'video', 'audio', 'support', 'enterprise'];
const STATUSES: [string, number][] = [['new', 0.55], ['reviewed', 0.35], ['archived', 0.1]];
const DAY_MS = 86_400_000;
const ROWS_PER_INSERT = 500;

function pick<T>(random: () => number, weighted: readonly (readonly [T, number])[]): T {
  let r = random();
  for (const [value, weight] of weighted) {
    if ((r -= weight) < 0) return value;
  }
  return weighted.at(-1)![0];
}

/** Rows waiting to be inserted; written by `flushAll`, parents first, so foreign keys hold at every insert. */
class Buffered<T> {
  private rows: T[] = [];
  constructor(private readonly write: (rows: T[]) => Promise<unknown>) {}
  push(row: T): void {
    this.rows.push(row);
  }
  async flush(): Promise<void> {
    for (let i = 0; i < this.rows.length; i += ROWS_PER_INSERT) await this.write(this.rows.slice(i, i + ROWS_PER_INSERT));
    this.rows = [];
  }
}

type Json = string;
interface SessionRow { id: string; flow_id: string; flow_version: number; context: Json; progress: Json; started_at: string; completed_at: string | null }
interface ClipRow {
  id: string; session_id: string; step_id: string; kind: string; status: string; reason: string | null; mime_type: string | null;
  size_bytes: number | null; duration_seconds: number | null; width: number | null; height: number | null; container: string | null;
  media: Json; created_at: string; updated_at: string;
}
interface TranscriptRow {
  clip_id: string; session_id: string; status: string; job_id: string | null; engine: string | null; model: string | null;
  language: string | null; duration_seconds: number | null; processing_seconds: number | null; segments: Json | null; text: string | null;
  original_segments: Json | null; original_text: string | null; edited_at: string | null; error: string | null; created_at: string; updated_at: string;
}
interface AnswerRow {
  id: string; session_id: string; flow_id: string; flow_version: number; step_id: string; kind: string; clip_id: string | null;
  text: string | null; value: Json; status: string; starred: boolean | number; note: string | null; submitted_at: string; updated_at: string;
}

export async function seedAnswers(db: Db, dialect: 'sqlite' | 'postgres', options: SeedOptions): Promise<SeedCounts> {
  const random = rng(42);
  const bool = (value: boolean) => (dialect === 'postgres' ? value : value ? 1 : 0);
  const counts: SeedCounts = { sessions: 0, answers: 0, byKind: {}, byFlow: {}, clips: 0, transcripts: 0, tagged: 0 };
  const sessionsTotal = Math.ceil(options.answers / 2); // two answers per session on average (see below)
  const start = options.now - 180 * DAY_MS;
  const flowWeights = options.flows.map((f) => [f.id, f.weight] as const);

  await db.transaction().execute(async (tx) => {
    const sessions = new Buffered((rows: SessionRow[]) => tx.insertInto('sessions').values(rows).execute());
    const clips = new Buffered((rows: ClipRow[]) => tx.insertInto('clips').values(rows).execute());
    const transcripts = new Buffered((rows: TranscriptRow[]) => tx.insertInto('transcripts').values(rows).execute());
    const transcriptsFts = new Buffered((rows: { text: string; clip_id: string }[]) => tx.insertInto('transcripts_fts').values(rows).execute());
    const answers = new Buffered((rows: AnswerRow[]) => tx.insertInto('answers').values(rows).execute());
    const tags = new Buffered((rows: { answer_id: string; tag: string }[]) => tx.insertInto('answer_tags').values(rows).execute());
    const flushAll = async () => {
      for (const rows of [sessions, clips, transcripts, transcriptsFts, answers, tags]) await rows.flush();
    };

    for (let s = 0; counts.answers < options.answers; s++) {
      const flowId = pick(random, flowWeights);
      const startedMs = start + Math.floor(((s + random()) / sessionsTotal) * 180 * DAY_MS);
      const sessionId = uuidv7({ msecs: startedMs });
      const startedAt = new Date(startedMs).toISOString();
      sessions.push({
        id: sessionId,
        flow_id: flowId,
        flow_version: 1,
        context: JSON.stringify({ embedMode: random() < 0.7 ? 'bubble' : 'inline', pageUrl: `https://shop.example.com/p/${Math.floor(random() * 500)}`, locale: 'en-US' }),
        progress: JSON.stringify({ started: true, completed: true, currentStepId: 'end', allowedNextStepId: null }),
        started_at: startedAt,
        completed_at: new Date(startedMs + 120_000).toISOString(),
      });
      counts.sessions++;

      // The flow: start (choice) → rate → nps → say (text | video | audio) → contact → end. Every session answers
      // "say"; about half rate, a third give an NPS, a fifth leave contact details: two answers per session on average.
      const steps: string[] = [];
      if (random() < 0.45) steps.push('rate');
      if (random() < 0.35) steps.push('nps');
      steps.push('say');
      if (random() < 0.2) steps.push('contact');
      for (const [i, stepId] of steps.entries()) {
        if (counts.answers >= options.answers) break;
        const submittedMs = startedMs + (i + 1) * 15_000 + Math.floor(random() * 10_000);
        const id = uuidv7({ msecs: submittedMs });
        const submittedAt = new Date(submittedMs).toISOString();
        let kind: string;
        let value: unknown;
        let text: string | null = null;
        let clipId: string | null = null;
        if (stepId === 'rate') {
          kind = 'rating';
          value = { kind, value: 1 + Math.floor(random() * 5) };
        } else if (stepId === 'nps') {
          kind = 'nps';
          value = { kind, value: Math.floor(random() * 11) };
        } else if (stepId === 'contact') {
          kind = 'contact';
          value = { kind, fields: { email: `viewer${s}@example.org`, name: `Viewer ${s}` }, consent: random() < 0.7 };
        } else {
          kind = pick(random, [['text', 0.6], ['video', 0.25], ['audio', 0.15]] as const);
          if (kind === 'text') {
            text = feedback(random, 4, 60, options);
            value = { kind, text };
          } else {
            clipId = `clp_${randomBytes(12).toString('hex')}`;
            const durationSeconds = Math.round((5 + random() * 85) * 10) / 10;
            value = { kind, clipId, durationSeconds };
            const status = pick(random, [['ready', 0.9], ['uploaded', 0.07], ['failed', 0.03]] as const);
            const media =
              status !== 'ready'
                ? []
                : kind === 'video'
                  ? [
                      { rendition: 'video', key: `clips/${clipId}/video.mp4`, contentType: 'video/mp4', sizeBytes: 2_400_000 },
                      { rendition: 'poster', key: `clips/${clipId}/poster.jpg`, contentType: 'image/jpeg', sizeBytes: 40_000 },
                    ]
                  : [{ rendition: 'audio', key: `clips/${clipId}/audio.m4a`, contentType: 'audio/mp4', sizeBytes: 600_000 }];
            clips.push({
              id: clipId,
              session_id: sessionId,
              step_id: 'say',
              kind,
              status,
              reason: status === 'failed' ? 'the file could not be decoded' : null,
              mime_type: kind === 'video' ? 'video/webm' : 'audio/webm',
              size_bytes: 3_000_000,
              duration_seconds: status === 'ready' ? durationSeconds : null,
              width: kind === 'video' && status === 'ready' ? 1280 : null,
              height: kind === 'video' && status === 'ready' ? 720 : null,
              container: status === 'ready' ? 'matroska,webm' : null,
              media: JSON.stringify(media),
              created_at: submittedAt,
              updated_at: submittedAt,
            });
            counts.clips++;
            if (status === 'ready') {
              // Spoken answers run longer than typed ones.
              const spoken = feedback(random, 15, 120, options);
              const segments = spoken.split(/(?<=\S)\s+(?=\S)/).reduce<{ start: number; end: number; text: string }[]>((out, w, n) => {
                if (n % 12 === 0) out.push({ start: n / 2.5, end: (n + 12) / 2.5, text: w });
                else out.at(-1)!.text += ` ${w}`;
                return out;
              }, []);
              const segmentsJson = JSON.stringify(segments);
              transcripts.push({
                clip_id: clipId,
                session_id: sessionId,
                status: 'ready',
                job_id: null,
                engine: 'whisper',
                model: 'base.en',
                language: 'en',
                duration_seconds: durationSeconds,
                processing_seconds: durationSeconds / 4,
                segments: segmentsJson,
                text: spoken,
                original_segments: null,
                original_text: null,
                edited_at: null,
                error: null,
                created_at: submittedAt,
                updated_at: submittedAt,
              });
              if (dialect === 'sqlite') transcriptsFts.push({ text: spoken, clip_id: clipId });
              counts.transcripts++;
            }
          }
        }
        const status = pick(random, STATUSES);
        answers.push({
          id,
          session_id: sessionId,
          flow_id: flowId,
          flow_version: 1,
          step_id: stepId,
          kind,
          clip_id: clipId,
          text,
          value: JSON.stringify(value),
          status,
          starred: bool(random() < 0.04),
          note: random() < 0.03 ? 'Follow up with the product team.' : null,
          submitted_at: submittedAt,
          updated_at: submittedAt,
        });
        if (random() < 0.25) {
          const n = 1 + Math.floor(random() * 3);
          const chosen = new Set<string>();
          while (chosen.size < n) chosen.add(TAGS[Math.floor(Math.pow(random(), 1.6) * TAGS.length)]!);
          for (const tag of chosen) tags.push({ answer_id: id, tag });
          counts.tagged++;
        }
        counts.answers++;
        counts.byKind[kind] = (counts.byKind[kind] ?? 0) + 1;
        counts.byFlow[flowId] = (counts.byFlow[flowId] ?? 0) + 1;
      }
      if (s % 250 === 249) await flushAll();
    }
    await flushAll();
  });
  return counts;
}
