// The dashboard's pages, read from `location.pathname` under /app (history API; the server answers every
// non-file path under /app with index.html).

export const BASE = '/app';

export type Route =
  | { page: 'login'; next: string }
  | { page: 'inbox' }
  | { page: 'answer'; clipId: string }
  | { page: 'flows' }
  | { page: 'flow'; flowId: string }
  | { page: 'not-found' };

/** Where to go after logging in: a path inside the dashboard only, never another origin. */
export function safeNext(value: string | null | undefined): string {
  if (!value || !value.startsWith(`${BASE}/`) || value.startsWith('//') || /[\\\s]/.test(value)) return `${BASE}/`;
  if (value.startsWith(`${BASE}/login`)) return `${BASE}/`;
  return value;
}

export function parseRoute(pathname: string, search = ''): Route {
  if (pathname === BASE || pathname === `${BASE}/`) return { page: 'inbox' };
  if (pathname === `${BASE}/login` || pathname === `${BASE}/login/`) {
    return { page: 'login', next: safeNext(new URLSearchParams(search).get('next')) };
  }
  if (pathname === `${BASE}/flows` || pathname === `${BASE}/flows/`) return { page: 'flows' };
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
      return { page: 'answer', clipId: decodeURIComponent(answer[1]!) };
    } catch {
      return { page: 'not-found' };
    }
  }
  return { page: 'not-found' };
}

export const loginPath = (next: string): string => `${BASE}/login?next=${encodeURIComponent(safeNext(next))}`;
export const flowsPath = `${BASE}/flows`;
export const flowPath = (flowId: string): string => `${BASE}/flows/${encodeURIComponent(flowId)}`;
export const answerPath = (clipId: string): string => `${BASE}/answers/${encodeURIComponent(clipId)}`;

/** Fired (bubbling, composed) by any element that wants another page; `<rb-app>` acts on it. */
export interface NavigateRequest {
  path: string;
  replace?: boolean;
}

export function requestNavigation(from: Element, path: string, replace = false): void {
  from.dispatchEvent(new CustomEvent<NavigateRequest>('rb-navigate-request', { detail: { path, replace }, bubbles: true, composed: true }));
}

declare global {
  interface GlobalEventHandlersEventMap {
    'rb-navigate-request': CustomEvent<NavigateRequest>;
  }
}
