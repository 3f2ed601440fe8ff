// The answers API as the answer page uses it (#5 contract), on top of FakeApi's auth: answers, their journeys,
// review PATCHes, tag suggestions, transcripts (GET/PUT/.vtt), clips and backlog items. Records every request.
import { http, HttpResponse } from 'msw';
import type { AnswerPatch, ClipInfo, TranscriptEdit, TranscriptInfo } from '@reelback/shared';
import type { AuthInfo, Role } from '../api/api-client.js';
import type { AnswerDetail, AnswerJourney } from '../answer/answer-api.js';
import { FakeApi, OWNER, worker } from './fake-api.js';

export interface SeenRequest {
  method: string;
  path: string;
  search: string;
  csrf: string | null;
  body: unknown;
}

export type BacklogOutcome =
  | { kind: 'created'; url?: string; key?: string }
  | { kind: 'no-tracker' }
  | { kind: 'pending' }
  | { kind: 'failed'; message: string; retryAfter?: number; retryable?: boolean };

const notFound = () => HttpResponse.json({ error: { code: 'not_found', message: 'No such answer.' } }, { status: 404 });

export class FakeAnswers {
  role: Role = 'owner';
  answers = new Map<string, AnswerDetail>();
  journeys = new Map<string, AnswerJourney>();
  transcripts = new Map<string, TranscriptInfo>();
  clips = new Map<string, ClipInfo>();
  /** The workspace's tags, for suggestions. */
  tags: string[] = [];
  /** PATCHes answer this status (with a message) instead, when set. */
  patchFailure: number | null = null;
  /** What the next backlog-item POSTs do, in turn; `created` once they run out. */
  backlog: BacklogOutcome[] = [];
  /** Holds backlog-item POSTs until resolved (to see the progress state). */
  backlogGate: Promise<void> | null = null;
  readonly requests: SeenRequest[] = [];
  readonly base = new FakeApi();

  /** The requests to `path` (after /api/v1) with `method`. */
  sent(method: string, path: string): SeenRequest[] {
    return this.requests.filter((r) => r.method === method && r.path === `/api/v1${path}`);
  }

  install(): this {
    this.base.signedIn = true;
    this.base.install();
    const record = async (request: Request) => {
      const url = new URL(request.url);
      const text = request.method === 'GET' ? '' : await request.clone().text();
      this.requests.push({ method: request.method, path: url.pathname, search: url.search, csrf: request.headers.get('x-csrf-token'), body: text ? JSON.parse(text) : undefined });
    };
    worker.use(
      http.get('/api/v1/auth/me', async ({ request }) => {
        await record(request);
        return HttpResponse.json({ ...OWNER, role: this.role } satisfies AuthInfo);
      }),
      http.get('/api/v1/answer-tags', async ({ request }) => {
        await record(request);
        const prefix = (new URL(request.url).searchParams.get('prefix') ?? '').toLowerCase();
        return HttpResponse.json({ tags: this.tags.filter((t) => t.startsWith(prefix)) });
      }),
      http.get('/api/v1/answers/:answerId', async ({ request, params }) => {
        await record(request);
        const answer = this.answers.get(String(params.answerId));
        return answer ? HttpResponse.json(answer) : notFound();
      }),
      http.get('/api/v1/answers/:answerId/journey', async ({ request, params }) => {
        await record(request);
        const journey = this.journeys.get(String(params.answerId));
        return journey ? HttpResponse.json(journey) : notFound();
      }),
      http.patch('/api/v1/answers/:answerId', async ({ request, params }) => {
        await record(request);
        // The body first: the answer is read and written in one step, as the server's UPDATE does.
        const patch = (await request.json()) as AnswerPatch;
        const answer = this.answers.get(String(params.answerId));
        if (!answer) return notFound();
        if (this.role === 'manager') return HttpResponse.json({ error: { code: 'forbidden', message: 'Managers read only.' } }, { status: 403 });
        if (this.patchFailure) {
          return HttpResponse.json({ error: { code: 'internal', message: 'The database is not reachable.' } }, { status: this.patchFailure });
        }
        const updated = { ...answer, ...patch } as AnswerDetail;
        this.answers.set(answer.id, updated);
        return HttpResponse.json(updated);
      }),
      http.post('/api/v1/answers/:answerId/backlog-item', async ({ request, params }) => {
        await record(request);
        const answer = this.answers.get(String(params.answerId));
        if (!answer) return notFound();
        if (this.backlogGate) await this.backlogGate;
        if (answer.backlogItem) return HttpResponse.json(answer);
        const outcome = this.backlog.shift() ?? { kind: 'created' };
        if (outcome.kind === 'no-tracker') {
          return HttpResponse.json({ error: { code: 'no_tracker', message: 'No backlog tracker is configured.' } }, { status: 409 });
        }
        if (outcome.kind === 'pending') {
          return HttpResponse.json({ error: { code: 'backlog-item-pending', message: 'This answer is being handed off right now; try again in a moment.' } }, { status: 409 });
        }
        if (outcome.kind === 'failed') {
          return HttpResponse.json(
            { error: { code: 'tracker_failed', message: outcome.message, retryable: outcome.retryable ?? true } },
            { status: 502, headers: outcome.retryAfter ? { 'Retry-After': String(outcome.retryAfter) } : {} },
          );
        }
        const updated: AnswerDetail = {
          ...answer,
          backlogItem: { url: outcome.url ?? 'https://github.com/acme/feedback/issues/42', key: outcome.key ?? 'acme/feedback#42', tracker: 'github', createdAt: '2025-05-02T08:00:00.000Z' },
        };
        this.answers.set(answer.id, updated);
        return HttpResponse.json(updated, { status: 201 });
      }),
      http.get('/api/v1/clips/:clipId', async ({ request, params }) => {
        await record(request);
        const clip = this.clips.get(String(params.clipId));
        return clip ? HttpResponse.json(clip) : notFound();
      }),
      http.get('/api/v1/clips/:clipId/transcript', async ({ request, params }) => {
        await record(request);
        const transcript = this.transcripts.get(String(params.clipId));
        return transcript ? HttpResponse.json(transcript) : notFound();
      }),
      http.get('/api/v1/clips/:clipId/transcript.vtt', async ({ request, params }) => {
        await record(request);
        const transcript = this.transcripts.get(String(params.clipId));
        if (!transcript) return notFound();
        const stamp = (s: number) => new Date(s * 1000).toISOString().slice(11, 23);
        const cues = transcript.segments.map((s) => `${stamp(s.start)} --> ${stamp(s.end)}\n${s.text}`).join('\n\n');
        return new HttpResponse(`WEBVTT\n\n${cues}\n`, { headers: { 'content-type': 'text/vtt' } });
      }),
      http.put('/api/v1/clips/:clipId/transcript', async ({ request, params }) => {
        await record(request);
        const transcript = this.transcripts.get(String(params.clipId));
        if (!transcript) return notFound();
        const edit = (await request.json()) as TranscriptEdit;
        const updated: TranscriptInfo = {
          ...transcript,
          segments: edit.segments,
          text: edit.segments.map((s) => s.text).join(' '),
          editedAt: '2025-05-02T09:00:00.000Z',
          original: transcript.original ?? { text: transcript.text ?? '', segments: transcript.segments },
        };
        this.transcripts.set(transcript.clipId, updated);
        return HttpResponse.json(updated);
      }),
    );
    return this;
  }
}
