// A stand-in for the Reelback server in the dashboard's tests: msw's service worker answers the auth and
// owner API, records what it was sent, and lets clip media through to the test server (real MP4).
import { http, HttpResponse } from 'msw';
import { setupWorker } from 'msw/browser';
import type { ClipInfo, SessionRecord, TranscriptInfo } from '@reelback/shared';
import type { AuthInfo } from '../api/api-client.js';

export const worker = setupWorker();
let started: Promise<unknown> | null = null;

export function startWorker(): Promise<unknown> {
  started ??= worker.start({ quiet: true, onUnhandledRequest: 'bypass', serviceWorker: { url: '/mockServiceWorker.js' } });
  return started;
}

export const OWNER: AuthInfo = {
  user: { id: 'usr_1', email: 'maya@example.com', name: 'Maya Owner' },
  workspace: { id: 'wsp_1', name: 'Acme Boards' },
  role: 'owner',
  csrfToken: 'csrf-token-123',
};
export const PASSWORD = 'correct horse battery staple';

export interface RecordedRequest {
  method: string;
  url: string;
  credentials: RequestCredentials;
  csrf: string | null;
  body: string;
}

export class FakeApi {
  /** Whether a session cookie is set (the browser's cookie jar is not involved: msw plays both sides). */
  signedIn = false;
  /** The next login answers 429 with this Retry-After, when set. */
  rateLimitSeconds: number | null = null;
  /** `/auth/me` answers this status (a server in trouble), when set. */
  meFailure: number | null = null;
  /** What `GET /setup` answers: whether the server still waits for its first account. */
  setupPending = false;
  /** What `GET /auth/sign-in-options` answers: no single sign-on by default. */
  signInOptions: { sso: { startUrl: string } | null; passwords: boolean } = { sso: null, passwords: true };
  sessions: SessionRecord[] = [];
  clips = new Map<string, ClipInfo>();
  transcripts = new Map<string, TranscriptInfo>();
  readonly requests: RecordedRequest[] = [];

  install(): this {
    const record = async (request: Request) => {
      this.requests.push({
        method: request.method,
        url: request.url,
        credentials: request.credentials,
        csrf: request.headers.get('x-csrf-token'),
        body: request.method === 'GET' ? '' : await request.clone().text(),
      });
    };
    const unauthorized = () => HttpResponse.json({ error: { code: 'unauthorized', message: 'Please log in.' } }, { status: 401 });
    const owner = <T>(answer: () => T | Response) =>
      async ({ request }: { request: Request }) => {
        await record(request);
        if (!this.signedIn) return unauthorized();
        const result = answer();
        return result instanceof Response ? result : HttpResponse.json(result as object);
      };
    const notFound = () => HttpResponse.json({ error: { code: 'not-found', message: 'No such thing.' } }, { status: 404 });

    worker.resetHandlers(
      http.get('/api/v1/auth/me', async ({ request }) => {
        await record(request);
        if (this.meFailure) return HttpResponse.json({ error: { code: 'unavailable', message: 'The database is not reachable.' } }, { status: this.meFailure });
        return this.signedIn ? HttpResponse.json(OWNER) : unauthorized();
      }),
      http.get('/api/v1/auth/sign-in-options', async ({ request }) => {
        await record(request);
        return HttpResponse.json(this.signInOptions);
      }),
      http.get('/api/v1/setup', async ({ request }) => {
        await record(request);
        return HttpResponse.json({ pending: this.setupPending });
      }),
      http.post('/api/v1/auth/login', async ({ request }) => {
        await record(request);
        if (this.rateLimitSeconds !== null) {
          return HttpResponse.json(
            { error: { code: 'rate-limited', message: 'Too many attempts.' } },
            { status: 429, headers: { 'Retry-After': String(this.rateLimitSeconds) } },
          );
        }
        const body = (await request.json()) as { email?: string; password?: string };
        if (body.email !== OWNER.user.email || body.password !== PASSWORD) {
          return HttpResponse.json({ error: { code: 'unauthorized', message: 'The e-mail address or password is not right.' } }, { status: 401 });
        }
        this.signedIn = true;
        return HttpResponse.json(OWNER);
      }),
      http.post('/api/v1/auth/logout', async ({ request }) => {
        await record(request);
        if (request.headers.get('x-csrf-token') !== OWNER.csrfToken) {
          return HttpResponse.json({ error: { code: 'csrf', message: 'Missing CSRF token.' } }, { status: 403 });
        }
        this.signedIn = false;
        return new HttpResponse(null, { status: 204 });
      }),
      http.get('/api/v1/sessions', owner(() => ({ sessions: this.sessions, nextCursor: null }))),
      http.get('/api/v1/sessions/:sessionId', ({ request, params }) =>
        owner(() => this.sessions.find((s) => s.id === params.sessionId) ?? notFound())({ request }),
      ),
      http.get('/api/v1/sessions/:sessionId/clips', ({ request, params }) =>
        owner(() => ({ clips: [...this.clips.values()].filter((c) => c.sessionId === params.sessionId) }))({ request }),
      ),
      http.get('/api/v1/clips/:clipId', ({ request, params }) => owner(() => this.clips.get(String(params.clipId)) ?? notFound())({ request })),
      http.get('/api/v1/clips/:clipId/transcript', ({ request, params }) =>
        owner(() => this.transcripts.get(String(params.clipId)) ?? notFound())({ request }),
      ),
    );
    return this;
  }
}

/** What `GET /flows` lists: active flows, or with `?archived=1` only the archived ones (their `archivedAt` set). */
export function flowsListed<F extends object>(flows: F[], request: Request): F[] {
  const archived = new URL(request.url).searchParams.get('archived') === '1';
  return flows.filter((f) => Boolean((f as { archivedAt?: string | null }).archivedAt) === archived);
}
