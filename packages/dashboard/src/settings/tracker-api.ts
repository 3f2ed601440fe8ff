// The workspace's backlog tracker settings (admins): read (secrets redacted), save, check, remove; and the
// workspace's admins, for the people who must ask one.
import { ApiProblem, type ApiClient } from '../api/api-client.js';

export type TrackerKind = 'github' | 'jira' | 'linear' | 'webhook';

/** A stored configuration as the server shows it: its secret replaced by a hint such as `ghp_…9x`. */
export type RedactedTracker = { kind: TrackerKind } & Record<string, unknown>;

export type TrackerCheck = { ok: true } | { ok: false; reason: string; retryable: boolean };

/** One problem the server found in a configuration, `path` naming the field. */
export interface FieldIssue {
  path: (string | number)[];
  message: string;
}

/** A refused save: the server's message and, for a 400, what is wrong with which field. */
export class TrackerSaveError extends ApiProblem {
  constructor(
    status: number,
    message: string,
    readonly issues: FieldIssue[],
  ) {
    super(status, message);
    this.name = 'TrackerSaveError';
  }
}

export interface Member {
  userId: string;
  email: string;
  name: string;
  role: string;
}

const PATH = '/workspace/tracker';

export async function getTracker(api: ApiClient): Promise<RedactedTracker | null> {
  return (await api.get<{ tracker: RedactedTracker | null }>(PATH)).tracker;
}

/**
 * PUT the configuration. Done with fetch here rather than `ApiClient.send` because a 400's `issues` (which
 * field is wrong) are wanted next to the form, and ApiProblem keeps only the message.
 */
export async function saveTracker(api: ApiClient, config: Record<string, unknown>): Promise<RedactedTracker> {
  let response: Response;
  try {
    response = await fetch(api.url(PATH), {
      method: 'PUT',
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', ...(api.csrfToken ? { 'X-CSRF-Token': api.csrfToken } : {}) },
      body: JSON.stringify(config),
    });
  } catch {
    throw new TrackerSaveError(0, 'The server cannot be reached. Check your connection and try again.', []);
  }
  const body = (await response.json().catch(() => null)) as { tracker?: RedactedTracker; error?: { message?: string; issues?: FieldIssue[] } } | null;
  if (response.ok && body?.tracker) return body.tracker;
  if (response.status === 401) api.onUnauthorized?.();
  const message = body?.error?.message || `The server answered ${response.status}.`;
  throw new TrackerSaveError(response.status, message, Array.isArray(body?.error?.issues) ? body.error.issues : []);
}

export async function removeTracker(api: ApiClient): Promise<void> {
  await api.send('DELETE', PATH);
}

/** Asks the stored tracker whether it accepts Reelback's credentials. */
export async function checkTracker(api: ApiClient): Promise<TrackerCheck> {
  return (await api.send<TrackerCheck>('POST', `${PATH}/check`))!;
}

export async function listAdmins(api: ApiClient): Promise<Member[]> {
  return (await api.get<{ members: Member[] }>('/workspace/members')).members.filter((m) => m.role === 'admin');
}
