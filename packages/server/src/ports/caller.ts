/** Workspace roles, weakest first: managers read and analyse, owners also edit, admins also run the workspace. */
export type Role = 'manager' | 'owner' | 'admin';
export type ApiKeyScope = 'read' | 'write' | 'admin';
