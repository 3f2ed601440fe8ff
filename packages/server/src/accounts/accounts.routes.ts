import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { ServiceError } from '../errors/service-error.js';
import { clientAddress } from '../http/client-address.js';
import { SESSION_COOKIE } from '../http/owner-auth.js';
import { type ApiRoute, defineRoute } from '../http/route.js';
import {
  AcceptInviteRequest,
  ApiKeyIdParams,
  ApiKeyList,
  BootstrapRequest,
  BootstrapResponse,
  CreateApiKeyRequest,
  CreatedApiKey,
  CreateWorkspaceRequest,
  LoginRequest,
  LoginResponse,
  MyWorkspaces,
  SessionView,
  SwitchWorkspaceRequest,
  WorkspaceView,
} from './accounts.schemas.js';
import { type AccountsService, workspaceOf } from './accounts.service.js';
import type { ApiKeysService } from './api-keys.service.js';
import { cookieOptions, loggedIn, loginErrors } from './session-cookie.js';
import { csrfTokenFor } from './tokens.js';

const authTag = 'Auth';
const workspaceTag = 'Workspace';
/** Logging in and out, accepting invites, workspaces and API keys (members and invites: `members.routes.ts`). */
export function accountsRoutes(accounts: AccountsService, apiKeys: ApiKeysService): ApiRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/v1/auth/bootstrap',
      operationId: 'bootstrap',
      summary: 'Create the first workspace and its first admin (admin key only, once)',
      description: 'Flows made before accounts existed join this workspace.',
      tag: authTag,
      access: 'owner',
      minRole: 'admin',
      body: { schema: BootstrapRequest },
      responses: {
        201: { description: 'The admin and the workspace; log in with the e-mail and password', schema: BootstrapResponse },
        403: { description: 'Called with something other than the admin key (`admin-key-required`)' },
        409: { description: 'A user exists already (`already-bootstrapped`)' },
      },
      handler: async ({ body, c }) => {
        if (c.var.caller.via !== 'admin-key') {
          throw new ServiceError('forbidden', 'admin-key-required', 'the bootstrap takes the server admin key');
        }
        return c.json(await accounts.bootstrap(body), 201);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/auth/login',
      operationId: 'login',
      summary: 'Log in with e-mail and password',
      description:
        'Sets the `reelback_session` cookie (HttpOnly, SameSite=Lax, Secure over https, 14 days). ' +
        'Send the returned `csrfToken` as `X-CSRF-Token` on every state-changing request made with the cookie.',
      tag: authTag,
      access: 'public',
      cors: 'same-origin',
      body: { schema: LoginRequest },
      responses: { 200: { description: 'Logged in', schema: LoginResponse }, ...loginErrors },
      handler: async ({ body, c }) => loggedIn(c, await accounts.login(body, clientAddress(c))),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/auth/logout',
      operationId: 'logout',
      summary: 'End the cookie session',
      tag: authTag,
      access: 'owner',
      minRole: 'manager',
      responses: { 204: { description: 'Logged out; the cookie is cleared' } },
      handler: async ({ c }) => {
        await accounts.logout(c.var.caller);
        deleteCookie(c, SESSION_COOKIE, cookieOptions(c));
        return c.body(null, 204);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/auth/me',
      operationId: 'getMe',
      summary: 'Who is calling: user, workspace, role, and the session\'s CSRF token',
      tag: authTag,
      access: 'owner',
      responses: { 200: { description: 'The caller', schema: SessionView } },
      handler: async ({ c }) => {
        const caller = c.var.caller;
        const token = caller.via === 'session' ? getCookie(c, SESSION_COOKIE) : undefined;
        c.header('Cache-Control', 'no-store');
        return c.json({ ...(await accounts.describe(caller)), csrfToken: token ? csrfTokenFor(token) : null }, 200);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/auth/workspaces',
      operationId: 'listMyWorkspaces',
      summary: 'The workspaces the caller can act in, with its role in each, and the current one',
      description: 'A logged-in person: every workspace they are a member of. A key: the one workspace it is bound to.',
      tag: authTag,
      access: 'owner',
      responses: { 200: { description: 'The workspaces', schema: MyWorkspaces } },
      handler: async ({ c }) => {
        c.header('Cache-Control', 'no-store');
        return c.json(await accounts.listWorkspaces(c.var.caller), 200);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/auth/workspace',
      operationId: 'switchWorkspace',
      summary: "Switch the cookie session to another of the user's workspaces",
      description:
        'Replaces the session: a new `reelback_session` cookie and a new CSRF token (in the answer, as from ' +
        '`/auth/me`), ending when the old session would have. Cookie sessions only: keys are bound to one workspace.',
      tag: authTag,
      access: 'owner',
      minRole: 'manager',
      body: { schema: SwitchWorkspaceRequest },
      responses: {
        200: { description: 'The caller in the new workspace, as `/auth/me` answers', schema: SessionView },
        400: { description: 'Called with an API key or the admin key (`key-bound-to-workspace`)' },
        404: { description: 'The user is not a member of that workspace (`workspace-not-found`)' },
      },
      handler: async ({ body, c }) => {
        const next = await accounts.switchWorkspace(c.var.caller, body.workspaceId);
        setCookie(c, SESSION_COOKIE, next.token, { ...cookieOptions(c), maxAge: next.maxAgeSeconds });
        c.header('Cache-Control', 'no-store');
        const { user, workspace, role, csrfToken } = next;
        return c.json({ user, workspace, role, via: 'session' as const, csrfToken }, 200);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/auth/invites/accept',
      operationId: 'acceptInvite',
      summary: 'Join a workspace with an invite token, and log in',
      description: 'A new e-mail gets an account with this password; an e-mail that has one must give its password.',
      tag: authTag,
      access: 'public',
      cors: 'same-origin',
      body: { schema: AcceptInviteRequest },
      responses: {
        200: { description: 'Joined and logged in (cookie set as by login)', schema: LoginResponse },
        ...loginErrors,
        403: { description: 'The invite names another e-mail (`invite-email-mismatch`), or its workspace turned passwords off: join by signing in with SSO (`passwords-disabled`)' },
        404: { description: 'Unknown, used or expired invite (`invite-invalid`)' },
        409: { description: 'Already a member (`already-member`)' },
      },
      handler: async ({ body, c }) => loggedIn(c, await accounts.acceptInvite(body, clientAddress(c))),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/workspaces',
      operationId: 'createWorkspace',
      summary: 'Create another workspace, with the logged-in user as its admin',
      description:
        'Any logged-in user (cookie session, whatever their role) may; keys may not. The session stays in its ' +
        'workspace: switch with `POST /api/v1/auth/workspace` (or log in with `workspaceId`) to act in the new one. Every owner route sees only its workspace\'s data.',
      tag: workspaceTag,
      access: 'owner',
      minRole: 'manager',
      body: { schema: CreateWorkspaceRequest },
      responses: {
        201: { description: 'The new workspace', schema: WorkspaceView },
        403: { description: 'Called with the admin key or an API key (`session-required`)' },
      },
      handler: async ({ body, c }) => c.json(await accounts.createWorkspace(c.var.caller, body), 201),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/workspace/api-keys',
      operationId: 'createApiKey',
      summary: 'Create an API key (shown once), with a scope and an optional expiry',
      description:
        'Scopes: `read` does what a manager may (reads, analytics, exports, streams), `write` what an owner may (changes), ' +
        '`admin` what an admin may (members, keys, tracker, webhooks, erasure, audit log); each owner route names the one ' +
        'it needs as `x-api-key-scope`, and a key lacking it gets 403 `insufficient-scope` naming it. After `expiresAt` the ' +
        'key gets 401 `api-key-expired`; a revoked one 401 `api-key-revoked`. Recorded in the audit log (`api-key.created`).',
      tag: workspaceTag,
      access: 'owner',
      minRole: 'admin',
      body: { schema: CreateApiKeyRequest },
      responses: {
        201: { description: 'The key, with its secret this once', schema: CreatedApiKey },
        400: { description: 'A bad name or scope, or an expiry not in the future (`expiry-in-past`)' },
      },
      handler: async ({ body, c }) => {
        c.header('Cache-Control', 'no-store');
        return c.json(await apiKeys.create(c.var.caller, body), 201);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/workspace/api-keys',
      operationId: 'listApiKeys',
      summary: "This workspace's API keys (no secrets), newest first: scope, who made each, last use (to the minute), expiry, status",
      tag: workspaceTag,
      access: 'owner',
      minRole: 'admin',
      responses: { 200: { description: 'The keys', schema: ApiKeyList } },
      handler: async ({ c }) => c.json({ apiKeys: await apiKeys.list(c.var.caller) }, 200),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/v1/workspace/api-keys/:id',
      operationId: 'revokeApiKey',
      summary: 'Revoke an API key (at once; it stays listed as revoked; audited as `api-key.revoked`)',
      tag: workspaceTag,
      access: 'owner',
      minRole: 'admin',
      params: ApiKeyIdParams,
      responses: { 204: { description: 'Revoked' }, 404: { description: 'No such key here (`api-key-not-found`)' } },
      handler: async ({ params, c }) => {
        await apiKeys.revoke(c.var.caller, params.id);
        return c.body(null, 204);
      },
    }),
  ];
}
