// The dashboard's pages, read from `location.pathname` under /app (history API; the server answers every
// non-file path under /app with index.html).

export const BASE = '/app';

export type Route =
  | { page: 'login'; next: string }
  /** The first run: make the first workspace and admin with the server's setup code. */
  | { page: 'setup' }
  /** An invite link, `/app/invite#token=…` (the page reads the token from the fragment). */
  | { page: 'invite' }
  | { page: 'inbox' }
  | { page: 'answer'; answerId: string; /** `?t=` seconds into the clip, for links to a moment. */ t: number | null }
  | { page: 'flows'; /** `?archived=1`: the archived flows. */ archived: boolean }
  | { page: 'settings' }
  | { page: 'api-keys' }
  /** Settings → Sign-in: single sign-on and the workspace's password switch (admins). */
  | { page: 'sign-in' }
  | { page: 'audit-log'; /** Its filters (action, actor), read by the page itself. */ search: string }
  | { page: 'reel'; answerIds: string[] }
  | { page: 'flow'; flowId: string }
  | { page: 'studio'; flowId: string }
  | { page: 'analytics'; /** Its filters (flow, range, version, segments), read by the page itself. */ search: string }
  | { page: 'account' }
  | { page: 'forgot' }
  | { page: 'reset' }
  | { page: 'not-found' };

/** Pages that work without a session (their own layout, no header). */

/** Where to go after logging in: a path inside the dashboard only, never another origin. */
export function safeNext(value: string | null | undefined): string {
  if (!value || !value.startsWith(`${BASE}/`) || value.startsWith('//') || /[\\\s]/.test(value)) return `${BASE}/`;
  if (/^\/app\/(login|setup)(\/|\?|#|$)/.test(value)) return `${BASE}/`;
  return value;
}

export function parseRoute(pathname: string, search = ''): Route {
  if (pathname === BASE || pathname === `${BASE}/`) return { page: 'inbox' };
  if (pathname === `${BASE}/login` || pathname === `${BASE}/login/`) {
    return { page: 'login', next: safeNext(new URLSearchParams(search).get('next')) };
  }
  if (pathname === `${BASE}/setup` || pathname === `${BASE}/setup/`) return { page: 'setup' };
  if (pathname === `${BASE}/invite` || pathname === `${BASE}/invite/`) return { page: 'invite' };
  if (pathname === `${BASE}/flows` || pathname === `${BASE}/flows/`) return { page: 'flows', archived: new URLSearchParams(search).get('archived') === '1' };
  if (pathname === `${BASE}/analytics` || pathname === `${BASE}/analytics/`) return { page: 'analytics', search };
  if (pathname === `${BASE}/settings` || pathname === `${BASE}/settings/`) return { page: 'settings' };
  if (pathname === apiKeysPath || pathname === `${apiKeysPath}/`) return { page: 'api-keys' };
  if (pathname === signInSettingsPath || pathname === `${signInSettingsPath}/`) return { page: 'sign-in' };
  if (pathname === auditLogPath || pathname === `${auditLogPath}/`) return { page: 'audit-log', search };
  if (pathname === `${BASE}/account` || pathname === `${BASE}/account/`) return { page: 'account' };
  if (pathname === `${BASE}/forgot` || pathname === `${BASE}/forgot/`) return { page: 'forgot' };
  // The reset link's token is in the fragment (#token=…), which the page reads: it never reaches a server log.
  if (pathname === `${BASE}/reset` || pathname === `${BASE}/reset/`) return { page: 'reset' };
  if (pathname === `${BASE}/reel` || pathname === `${BASE}/reel/`) {
    const ids = (new URLSearchParams(search).get('answers') ?? '').split(',').map((id) => id.trim()).filter(Boolean);
    return { page: 'reel', answerIds: [...new Set(ids)].slice(0, 50) };
  }
  const studio = /^\/app\/flows\/([^/]+)\/edit\/?$/.exec(pathname);
  if (studio) {
    try {
      return { page: 'studio', flowId: decodeURIComponent(studio[1]!) };
    } catch {
      return { page: 'not-found' };
    }
  }
  const flow = /^\/app\/flows\/([^/]+)\/?$/.exec(pathname);
  if (flow) {
    try {
      return { page: 'flow', flowId: decodeURIComponent(flow[1]!) };
    } catch {
      return { page: 'not-found' };
    }
  }
  const answer = /^\/app\/answers\/([^/]+)\/?$/.exec(pathname);
  if (answer) {
    try {
      const t = Number(new URLSearchParams(search).get('t'));
      return { page: 'answer', answerId: decodeURIComponent(answer[1]!), t: Number.isFinite(t) && t > 0 ? t : null };
    } catch {
      return { page: 'not-found' };
    }
  }
  return { page: 'not-found' };
}

export const loginPath = (next: string): string => `${BASE}/login?next=${encodeURIComponent(safeNext(next))}`;
export const setupPath = `${BASE}/setup`;
/** The pages a person without a session may see. */
export const PUBLIC_PAGES: ReadonlySet<Route['page']> = new Set(['login', 'setup', 'invite', 'forgot', 'reset']);
export const flowsPath = `${BASE}/flows`;
export const archivedFlowsPath = `${BASE}/flows?archived=1`;
export const flowPath = (flowId: string): string => `${BASE}/flows/${encodeURIComponent(flowId)}`;
export const studioPath = (flowId: string): string => `${BASE}/flows/${encodeURIComponent(flowId)}/edit`;
export const answerPath = (answerId: string, t?: number | null): string =>
  `${BASE}/answers/${encodeURIComponent(answerId)}${t != null && t > 0 ? `?t=${Math.round(t * 10) / 10}` : ''}`;
export const settingsPath = `${BASE}/settings`;
/** Settings → API keys: where the export CLI and the server's key refusals send admins. */
export const apiKeysPath = `${BASE}/settings/api-keys`;
export const auditLogPath = `${BASE}/settings/audit-log`;
export const signInSettingsPath = `${BASE}/settings/sign-in`;
export const accountPath = `${BASE}/account`;
export const forgotPath = `${BASE}/forgot`;
export const analyticsPath = (flowId?: string): string => `${BASE}/analytics${flowId ? `?flow=${encodeURIComponent(flowId)}` : ''}`;
export const reelPath = (answerIds: string[]): string => `${BASE}/reel?answers=${answerIds.map(encodeURIComponent).join(',')}`;

/** Fired (bubbling, composed) by any element that wants another page; `<rb-app>` acts on it. */
export interface NavigateRequest {
  path: string;
  replace?: boolean;
}

export function requestNavigation(from: Element, path: string, replace = false): void {
  from.dispatchEvent(new CustomEvent<NavigateRequest>('rb-navigate-request', { detail: { path, replace }, bubbles: true, composed: true }));
}

/** Fired (bubbling, composed) by a page that offers to sign out; `<rb-app>` logs out, then shows `next` (the login page by default). */
export interface LogoutRequest {
  next?: string;
}

export function requestLogout(from: Element, next?: string): void {
  from.dispatchEvent(new CustomEvent<LogoutRequest>('rb-logout-request', { detail: next === undefined ? {} : { next }, bubbles: true, composed: true }));
}

declare global {
  interface GlobalEventHandlersEventMap {
    'rb-navigate-request': CustomEvent<NavigateRequest>;
    'rb-logout-request': CustomEvent<LogoutRequest>;
  }
}
