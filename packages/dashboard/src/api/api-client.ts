// The dashboard's only door to the server: same-origin fetches with the session cookie, the CSRF token on
// every state-changing request, errors as `ApiProblem`s. Types come from @reelback/shared (types only: no
// zod in this bundle; the server validates what it sends).
import type { ClipInfo, EditableFlow, FlowSummary, PublishedFlow, SessionList, SessionRecord, TranscriptInfo } from '@reelback/shared';

export type Role = 'admin' | 'owner' | 'manager' | (string & {});

/** What `POST /auth/login` and `GET /auth/me` answer. */
export interface AuthInfo {
  user: { id: string; email: string; name: string };
  workspace: { id: string; name: string };
  role: Role;
  csrfToken: string;
}

/** One problem the server found in a request body, `path` naming the field. */
export interface FieldIssue {
  path: (string | number)[];
  message: string;
}

/** What an error body may say besides its message. */
export interface ProblemDetails {
  /** The server's error code (`no_tracker`, `tracker_failed`, `validation-failed`…), when it gave one. */
  code?: string | null;
  /** A 400's problems, field by field. */
  issues?: FieldIssue[];
  /** Whether trying again may help, when the server said. */
  retryable?: boolean | null;
  /** The whole `error` object, for callers that know a code's extra fields (a 412's `changedBy`). */
  error?: Record<string, unknown>;
}

export class ApiProblem extends Error {
  readonly code: string | null;
  readonly issues: FieldIssue[];
  readonly retryable: boolean | null;
  /** The body's `error` object as sent (empty when there was none). */
  readonly error: Record<string, unknown>;

  constructor(
    readonly status: number,
    message: string,
    /** Seconds to wait, from a 429's or 502's `Retry-After`; null otherwise. */
    readonly retryAfterSeconds: number | null = null,
    details: ProblemDetails = {},
  ) {
    super(message);
    this.name = 'ApiProblem';
    this.code = details.code ?? null;
    this.issues = details.issues ?? [];
    this.retryable = details.retryable ?? null;
    this.error = details.error ?? {};
  }
}

/** `Retry-After` as whole seconds (it may be seconds or an HTTP date); null when absent or unreadable. */
export function retryAfterSeconds(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Math.max(1, Number(value));
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(1, Math.ceil((at - now) / 1000));
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export class ApiClient {
  /** From the last login or `me`; sent as `X-CSRF-Token` on state-changing requests. */
  csrfToken: string | null = null;
  /** Called when a request other than login/me comes back 401 (the session expired). */
  onUnauthorized: (() => void) | null = null;

  constructor(private readonly base = '/api/v1') {}

  private async request(
    method: string,
    path: string,
    body?: unknown,
    opts: { expect401?: boolean; accept?: string; signal?: AbortSignal; headers?: Record<string, string>; file?: { data: Blob; type: string } } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { ...opts.headers, Accept: opts.accept ?? 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (opts.file) headers['Content-Type'] = opts.file.type;
    if (STATE_CHANGING.has(method) && this.csrfToken) headers['X-CSRF-Token'] = this.csrfToken;
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, {
        method,
        headers,
        credentials: 'same-origin',
        body: opts.file ? opts.file.data : body === undefined ? null : JSON.stringify(body),
        signal: opts.signal ?? null,
      });
    } catch (error) {
      if (opts.signal?.aborted) throw error;
      throw new ApiProblem(0, 'The server cannot be reached. Check your connection and try again.');
    }
    if (response.ok) return response;
    if (response.status === 401 && !opts.expect401) this.onUnauthorized?.();
    const problem = await problemOf(response);
    throw new ApiProblem(response.status, problem.message, retryAfterSeconds(response.headers.get('retry-after')), problem);
  }

  private async json<T>(method: string, path: string, body?: unknown, opts?: { expect401?: boolean; signal?: AbortSignal }): Promise<T> {
    return (await (await this.request(method, path, body, opts)).json()) as T;
  }

  /** The signed-in user, or null when there is no session (401). */
  async me(): Promise<AuthInfo | null> {
    try {
      const info = await this.json<AuthInfo>('GET', '/auth/me', undefined, { expect401: true });
      this.csrfToken = info.csrfToken;
      return info;
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 401) {
        this.csrfToken = null;
        return null;
      }
      throw error;
    }
  }

  login(email: string, password: string): Promise<AuthInfo> {
    return this.startSession('/auth/login', { email, password });
  }

  /**
   * A call that answers with a new cookie session (login, the first run's setup, accepting or joining an invite):
   * its CSRF token is kept, and a 401 (a wrong password) is the page's to show rather than a lost session.
   */
  async startSession(path: string, body: unknown): Promise<AuthInfo> {
    const info = await this.json<AuthInfo>('POST', path, body, { expect401: true });
    this.csrfToken = info.csrfToken;
    return info;
  }

  async logout(): Promise<void> {
    try {
      await this.request('POST', '/auth/logout', undefined, { expect401: true });
    } catch (error) {
      // Already logged out is what we wanted.
      if (!(error instanceof ApiProblem && error.status === 401)) throw error;
    } finally {
      this.csrfToken = null;
    }
  }

  listSessions(query: { limit?: number; cursor?: string | null } = {}): Promise<SessionList> {
    const params = new URLSearchParams({ limit: String(query.limit ?? 50) });
    if (query.cursor) params.set('cursor', query.cursor);
    return this.json('GET', `/sessions?${params}`);
  }

  session(sessionId: string): Promise<SessionRecord> {
    return this.json('GET', `/sessions/${encodeURIComponent(sessionId)}`);
  }

  async sessionClips(sessionId: string): Promise<ClipInfo[]> {
    return (await this.json<{ clips: ClipInfo[] }>('GET', `/sessions/${encodeURIComponent(sessionId)}/clips`)).clips;
  }

  clip(clipId: string): Promise<ClipInfo> {
    return this.json('GET', `/clips/${encodeURIComponent(clipId)}`);
  }

  /** The clip's transcript, or null when it has none (404). */
  async transcript(clipId: string): Promise<TranscriptInfo | null> {
    try {
      return await this.json<TranscriptInfo>('GET', `/clips/${encodeURIComponent(clipId)}/transcript`);
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 404) return null;
      throw error;
    }
  }

  /** The workspace's active flows (archived ones with `archived: true`), each with its draft, problems and latest version. */
  async listFlows({ archived = false } = {}): Promise<EditableFlow[]> {
    return (await this.json<{ flows: EditableFlow[] }>('GET', archived ? '/flows?archived=1' : '/flows')).flows;
  }

  /**
   * Active flows, then archived ones (their `archivedAt` set): for pages about what flows collected (analytics,
   * the inbox's filter), where an archived flow's answers and figures must stay reachable.
   */
  async allFlows(): Promise<EditableFlow[]> {
    const [active, archived] = await Promise.all([this.listFlows(), this.listFlows({ archived: true })]);
    return [...active, ...archived];
  }

  flow(flowId: string): Promise<FlowSummary> {
    return this.json('GET', `/flows/${encodeURIComponent(flowId)}`);
  }

  flowVersion(flowId: string, version: number): Promise<PublishedFlow> {
    return this.json('GET', `/flows/${encodeURIComponent(flowId)}/versions/${encodeURIComponent(String(version))}`);
  }

  /**
   * GET a JSON resource of the owner API (`path` after `/api/v1`); feature folders build their calls on this.
   * `signal` cancels it (an `AbortError`): a search typed further, a dialog closed.
   */
  get<T>(path: string, signal?: AbortSignal): Promise<T> {
    return this.json<T>('GET', path, undefined, signal ? { signal } : {});
  }

  /** A state-changing JSON call (POST/PUT/PATCH/DELETE) with the CSRF token; null for a 204. */
  async send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T | null> {
    const response = await this.request(method, path, body);
    return response.status === 204 ? null : ((await response.json()) as T);
  }

  /** POSTs a file as the body itself (`type` is its Content-Type), with the CSRF token; the JSON answer. */
  async sendFile<T>(path: string, data: Blob, type: string): Promise<T> {
    return (await (await this.request('POST', path, undefined, { file: { data, type } })).json()) as T;
  }

  /**
   * A JSON call that also gives the response's headers (an `ETag`) and may send extra ones (`If-Match`); errors as
   * `ApiProblem`s like every other call (a 412 too). `body` is null for a 204.
   */
  async exchange<T>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    opts: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<{ body: T | null; headers: Headers }> {
    const response = await this.request(method, path, opts.body, opts.headers ? { headers: opts.headers } : {});
    return { body: response.status === 204 ? null : ((await response.json()) as T), headers: response.headers };
  }

  /**
   * GET a streamed body (an export): the response as soon as its headers are in, for the caller to read; errors
   * as `ApiProblem`s like every other call. `signal` cancels the request and the body (an `AbortError`).
   */
  download(path: string, signal?: AbortSignal): Promise<Response> {
    return this.request('GET', path, undefined, { accept: '*/*', ...(signal ? { signal } : {}) });
  }

  /** The absolute URL of an owner API path, e.g. for `EventSource` or a download link. */
  url(path: string): string {
    return `${this.base}${path}`;
  }

  /** Where the media elements load a clip's file from (same origin, the cookie goes along). */
  mediaUrl(clipId: string, rendition: 'video' | 'audio' | 'poster'): string {
    return `${this.base}/clips/${encodeURIComponent(clipId)}/media/${rendition}`;
  }
}

async function problemOf(response: Response): Promise<ProblemDetails & { message: string }> {
  const fallback = `The server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`;
  try {
    const body = (await response.json()) as { error?: { message?: unknown; code?: unknown; issues?: unknown; retryable?: unknown } };
    const error = body.error ?? {};
    return {
      message: typeof error.message === 'string' && error.message ? error.message : fallback,
      code: typeof error.code === 'string' ? error.code : null,
      issues: Array.isArray(error.issues) ? (error.issues as FieldIssue[]) : [],
      retryable: typeof error.retryable === 'boolean' ? error.retryable : null,
      error: typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {},
    };
  } catch {
    return { message: fallback };
  }
}
