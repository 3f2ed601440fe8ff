// Who acts and with what right: the accounts module makes callers, services decide with them, the HTTP layer only
// carries them on the request. So they live here, not under http/ (services must not import the HTTP layer).

/** Workspace roles, weakest first: managers read and analyse, owners also edit, admins also run the workspace. */
export type Role = 'manager' | 'owner' | 'admin';
export type ApiKeyScope = 'read' | 'write' | 'admin';

/** Who is calling an owner route, and as what. */
export interface Caller {
  /** Null for the admin key and API keys: they are no person. */
  userId: string | null;
  /** The workspace the call acts in; null only for the admin key before the bootstrap made a workspace. */
  workspaceId: string | null;
  role: Role;
  via: 'admin-key' | 'session' | 'api-key';
  /** The session's id (SHA-256 of its cookie token) when `via` is `session`. */
  sessionId?: string;
  apiKeyId?: string;
}

/** How the accounts module turns credentials into callers. */
export interface CallerResolver {
  /** The admin key acts as an admin of the bootstrap (first) workspace. */
  adminKey(): Promise<Caller>;
  /** A live key (known, not revoked, not expired) and its scopes; else the refusal to answer with (401). */
  apiKey(key: string): Promise<{ ok: true; caller: Caller; scopes: readonly ApiKeyScope[] } | { ok: false; code: string; message: string }>;
  /** A live cookie session (not expired, its user still a member); `undefined` for anything else. */
  session(token: string): Promise<{ caller: Caller; csrfTokenHash: string } | undefined>;
}
