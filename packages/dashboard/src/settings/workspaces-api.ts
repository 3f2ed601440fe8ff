// The workspaces the signed-in person belongs to, and moving the session to another one.
import type { ApiClient, AuthInfo, Role } from '../api/api-client.js';
import { BASE } from '../app/routes.js';

export interface WorkspaceMembership {
  id: string;
  name: string;
  role: Role;
}

export interface WorkspaceList {
  workspaces: WorkspaceMembership[];
  currentWorkspaceId: string;
}

export function listWorkspaces(api: ApiClient): Promise<WorkspaceList> {
  return api.get<WorkspaceList>('/auth/workspaces');
}

/** Moves this session to `workspaceId`; answers as `/auth/me` does, for the new workspace. */
export async function switchWorkspace(api: ApiClient, workspaceId: string): Promise<AuthInfo> {
  const auth = (await api.send<AuthInfo>('POST', '/auth/workspace', { workspaceId }))!;
  api.csrfToken = auth.csrfToken;
  return auth;
}

/**
 * How the dashboard starts over after a switch: every page's data belongs to the old workspace, so a fresh
 * load of the inbox is the simplest state that is surely right. An object so tests can replace `reload`.
 */
export const appNavigation = {
  reload(path = `${BASE}/`): void {
    location.assign(path);
  },
};
