// The answers API (#5) as the inbox uses it, on top of FakeApi's worker: the list with the server's filters
// and an opaque cursor, PATCH (403 for managers, or a chosen failure), tag suggestions, flows, and the
// server-sent event stream (a real text/event-stream response that the page's own EventSource reads).
import { http, HttpResponse } from 'msw';
import type { AnswerItem, AnswerPatch, FlowSummary, PublishedFlow } from '@reelback/shared';
import { type FakeApi, flowsListed, OWNER, worker } from './fake-api.js';

let counter = 0;

/** An answer as `GET /api/v1/answers` lists it; a video of flow `demo`, step `wish` unless told otherwise. */
export function inboxItem(over: Partial<AnswerItem> = {}): AnswerItem {
  counter++;
  const id = over.id ?? `ans_${String(counter).padStart(6, '0')}`;
  const kind = over.kind ?? 'video';
  const recorded = kind === 'video' || kind === 'audio';
  const clipId = `clp_${id}`;
  return {
    id,
    sessionId: `0190f5e0-0000-7000-8000-${String(counter).padStart(12, '0')}`,
    flowId: 'demo',
    flowVersion: 1,
    stepId: 'wish',
    kind,
    value: recorded ? { kind, clipId, durationSeconds: 5.3 } : kind === 'text' ? { kind, text: 'A typed answer' } : { kind: 'rating', value: 4 },
    text: kind === 'text' ? 'A typed answer' : null,
    clip: recorded ? { id: clipId, status: 'ready', durationSeconds: 5.32, posterUrl: kind === 'video' ? `/api/v1/clips/${clipId}/media/poster` : null } : null,
    transcriptSnippet: recorded ? "Hi, I'm Maya from Acme Boards." : null,
    status: 'new',
    starred: false,
    tags: [],
    note: null,
    submittedAt: '2025-05-01T10:00:00.000Z',
    backlogItem: null,
    analysis: null,
    ...over,
  };
}

const DAY = 24 * 60 * 60 * 1000;
const instant = (value: string, endOfDay: boolean) =>
  /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00.000Z`) + (endOfDay ? DAY : 0) : Date.parse(value);

export class FakeInbox {
  /** Newest first, as the server keeps them. */
  answers: AnswerItem[] = [];
  flows: FlowSummary[] = [];
  versions: PublishedFlow[] = [];
  tags: string[] = [];
  /** The role `/auth/me` reports (FakeApi's OWNER with this role). */
  role: 'owner' | 'admin' | 'manager' = 'owner';
  /** PATCH answers this status with an error, when set. */
  patchFailure: number | null = null;
  private streams: ReadableStreamDefaultController<Uint8Array>[] = [];
  private connected: (() => void)[] = [];

  /** Records into `api.requests`; answers 401 unless `api.signedIn`. */
  constructor(private readonly api: FakeApi) {}

  install(): this {
    const record = async (request: Request) => {
      this.api.requests.push({
        method: request.method,
        url: request.url,
        credentials: request.credentials,
        csrf: request.headers.get('x-csrf-token'),
        body: request.method === 'GET' ? '' : await request.clone().text(),
      });
    };
    const problem = (status: number, code: string, message: string) => HttpResponse.json({ error: { code, message } }, { status });
    const unauthorized = () => problem(401, 'unauthorized', 'Please log in.');
    const encoder = new TextEncoder();
    worker.use(
      http.get('/api/v1/auth/me', async ({ request }) => {
        await record(request);
        return this.api.signedIn ? HttpResponse.json({ ...OWNER, role: this.role }) : unauthorized();
      }),
      http.get('/api/v1/answers/stream', async ({ request }) => {
        await record(request);
        if (!this.api.signedIn) return unauthorized();
        let mine: ReadableStreamDefaultController<Uint8Array>;
        const body = new ReadableStream<Uint8Array>({
          start: (controller) => {
            mine = controller;
            this.streams.push(controller);
            controller.enqueue(encoder.encode(': connected\n\n'));
            for (const resolve of this.connected.splice(0)) resolve();
          },
          cancel: () => {
            this.streams = this.streams.filter((c) => c !== mine);
          },
        });
        return new HttpResponse(body, { headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' } });
      }),
      http.get('/api/v1/answers', async ({ request }) => {
        await record(request);
        if (!this.api.signedIn) return unauthorized();
        const q = new URL(request.url).searchParams;
        const words = (q.get('q') ?? '').toLowerCase().split(/\s+/).filter(Boolean);
        const from = q.get('from');
        const to = q.get('to');
        const matching = this.answers.filter(
          (a) =>
            (!q.get('flowId') || a.flowId === q.get('flowId')) &&
            (!q.get('stepId') || a.stepId === q.get('stepId')) &&
            (!q.get('kind') || a.kind === q.get('kind')) &&
            (!q.get('status') || a.status === q.get('status')) &&
            (!q.get('tag') || a.tags.includes(q.get('tag')!)) &&
            (!q.get('starred') || a.starred === (q.get('starred') === 'true')) &&
            (!q.get('sentiment') || (a.analysis?.state === 'analyzed' && a.analysis.sentiment === q.get('sentiment'))) &&
            (!from || Date.parse(a.submittedAt) >= instant(from, false)) &&
            (!to || Date.parse(a.submittedAt) < instant(to, true)) &&
            words.every((w) => `${a.text ?? ''} ${a.transcriptSnippet ?? ''}`.toLowerCase().includes(w)),
        );
        const limit = Number(q.get('limit') ?? 50);
        const start = q.get('cursor') ? Number(atob(q.get('cursor')!)) : 0;
        const next = start + limit < matching.length ? btoa(String(start + limit)) : null;
        return HttpResponse.json({ answers: matching.slice(start, start + limit), nextCursor: next });
      }),
      http.patch('/api/v1/answers/:answerId', async ({ request, params }) => {
        await record(request);
        if (!this.api.signedIn) return unauthorized();
        if (this.role === 'manager') return problem(403, 'forbidden', 'Managers cannot change answers.');
        if (this.patchFailure) return problem(this.patchFailure, 'unavailable', 'The database is not reachable.');
        const index = this.answers.findIndex((a) => a.id === params.answerId);
        if (index === -1) return problem(404, 'not-found', 'No such answer.');
        const patch = (await request.json()) as AnswerPatch;
        const updated = { ...this.answers[index]!, ...(patch as Partial<AnswerItem>) };
        this.answers[index] = updated;
        return HttpResponse.json(updated);
      }),
      http.get('/api/v1/answer-tags', async ({ request }) => {
        await record(request);
        const prefix = new URL(request.url).searchParams.get('prefix') ?? '';
        return HttpResponse.json({ tags: this.tags.filter((t) => t.startsWith(prefix)) });
      }),
      http.get('/api/v1/flows', async ({ request }) => {
        await record(request);
        return HttpResponse.json({ flows: flowsListed(this.flows, request) });
      }),
      http.get('/api/v1/flows/:flowId/versions/:version', async ({ request, params }) => {
        await record(request);
        const found = this.versions.find((v) => v.flowId === params.flowId && String(v.version) === params.version);
        return found ? HttpResponse.json(found) : problem(404, 'not-found', 'No such version.');
      }),
    );
    return this;
  }

  /** Resolves once an event stream is open (now, or when the page opens one). */
  streamOpen(): Promise<void> {
    return this.streams.length ? Promise.resolve() : new Promise((resolve) => this.connected.push(resolve));
  }

  /** Sends a server-sent event to every open stream (an `answer` also joins the list, an update replaces). */
  push(event: 'answer' | 'answer-updated', item: AnswerItem): void {
    if (event === 'answer') this.answers.unshift(item);
    else this.answers = this.answers.map((a) => (a.id === item.id ? item : a));
    const message = `event: ${event}\n${event === 'answer' ? `id: ${item.id}\n` : ''}data: ${JSON.stringify(item)}\n\n`;
    const bytes = new TextEncoder().encode(message);
    for (const controller of this.streams) controller.enqueue(bytes);
  }

  /** The query of the last `GET /api/v1/answers` request. */
  lastListQuery(): URLSearchParams {
    const last = this.api.requests.filter((r) => new URL(r.url).pathname === '/api/v1/answers').at(-1);
    return new URL(last?.url ?? 'http://x/').searchParams;
  }
}
