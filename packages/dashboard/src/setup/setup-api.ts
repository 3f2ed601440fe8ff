// The first run's calls: whether setup is pending, and making the first workspace and admin with the setup code.
import type { ApiClient, AuthInfo } from '../api/api-client.js';

export interface SetupBody {
  code: string;
  workspaceName: string;
  name: string;
  email: string;
  password: string;
  timeZone?: string;
}

export async function setupPending(api: ApiClient): Promise<boolean> {
  return (await api.get<{ pending: boolean }>('/setup')).pending;
}

/** Creates the workspace and its admin, and logs them in (the session cookie is set by the answer). */
export function completeSetup(api: ApiClient, body: SetupBody): Promise<AuthInfo> {
  return api.startSession('/setup', body);
}

/** The browser's IANA time zone, the workspace's default (days in analytics follow it). */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}
