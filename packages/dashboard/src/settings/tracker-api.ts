// The workspace's backlog tracker settings (admins): read (secrets redacted), save, check, remove; and the
// workspace's admins, for the people who must ask one.
import type { ApiClient } from '../api/api-client.js';

export type TrackerKind = 'github' | 'jira' | 'linear' | 'webhook';

/** A stored configuration as the server shows it: its secret replaced by a hint such as `ghp_…9x`. */
export type RedactedTracker = { kind: TrackerKind } & Record<string, unknown>;

export type TrackerCheck = { ok: true } | { ok: false; reason: string; retryable: boolean };

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

/** Saves the configuration; a refusal is an `ApiProblem` whose `issues` say which field is wrong. */
export async function saveTracker(api: ApiClient, config: Record<string, unknown>): Promise<RedactedTracker> {
  return (await api.send<{ tracker: RedactedTracker }>('PUT', PATH, config))!.tracker;
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
