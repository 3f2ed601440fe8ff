import { ApiKeyList, CreateApiKeyRequest, CreatedApiKey, TimeZone } from '@reelback/shared';
import * as z from 'zod';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './passwords.js';

export const RoleSchema = z.enum(['manager', 'owner', 'admin']).meta({ description: 'manager: reads and analyses; owner: also edits; admin: also runs the workspace' });
/** API keys' vocabulary lives in @reelback/shared (the dashboard's Settings → API keys uses it too). */
export { ApiKeyList, CreateApiKeyRequest, CreatedApiKey };

const Email = z.email().max(320);
const Password = z.string().min(MIN_PASSWORD_LENGTH).max(MAX_PASSWORD_LENGTH);
const Name = z.string().trim().min(1).max(200);

export const BootstrapRequest = z.object({
  workspaceName: Name,
  email: Email,
  name: Name,
  password: Password,
  timeZone: TimeZone.optional().meta({ description: 'IANA time zone known to the server (e.g. Europe/Berlin); UTC by default' }),
});

export const CreateWorkspaceRequest = z.object({
  name: Name,
  timeZone: TimeZone.optional().meta({ description: 'IANA time zone known to the server (e.g. Europe/Berlin); UTC by default' }),
});

export const LoginRequest = z.object({
  email: z.string().max(320),
  password: z.string().max(MAX_PASSWORD_LENGTH),
  workspaceId: z.string().max(100).optional().meta({ description: 'For a user in several workspaces; the oldest membership otherwise' }),
});

export const AcceptInviteRequest = z.object({
  token: z.string().min(1).max(200),
  email: Email,
  name: Name.optional().meta({ description: 'Required for a new account; ignored when the e-mail has one' }),
  password: Password.meta({ description: 'A new account\'s password, or the existing account\'s password when the e-mail has one' }),
});

export const CreateInviteRequest = z.object({
  role: RoleSchema,
  email: Email.optional().meta({ description: 'Only this e-mail may accept the invite' }),
});

export const UserIdParams = z.object({ userId: z.string().min(1).max(100) });
export const ApiKeyIdParams = z.object({ id: z.string().min(1).max(100) });
export const SetRoleRequest = z.object({ role: RoleSchema });

export const UserView = z.object({ id: z.string(), email: z.string(), name: z.string(), createdAt: z.string() });
export const WorkspaceView = z.object({ id: z.string(), name: z.string(), timeZone: z.string(), createdAt: z.string() });

export const SessionView = z.object({
  user: UserView.nullable(),
  workspace: WorkspaceView.nullable(),
  role: RoleSchema,
  via: z.enum(['admin-key', 'session', 'api-key']),
  csrfToken: z.string().nullable().meta({ description: 'Send it as X-CSRF-Token on every POST/PUT/PATCH/DELETE made with the cookie session' }),
});

export const SwitchWorkspaceRequest = z.object({ workspaceId: z.string().min(1).max(100) });

export const MyWorkspaces = z.object({
  workspaces: z.array(z.object({ id: z.string(), name: z.string(), role: RoleSchema })).meta({ description: "The caller's memberships, oldest first (a key: its one workspace)" }),
  currentWorkspaceId: z.string(),
});

export const LoginResponse = z.object({
  user: UserView,
  workspace: WorkspaceView,
  role: RoleSchema,
  csrfToken: z.string(),
});

export const BootstrapResponse = z.object({ user: UserView, workspace: WorkspaceView, role: RoleSchema });

export const InviteResponse = z.object({
  url: z.string(),
  token: z.string().meta({ description: 'Shown once; only its hash is kept' }),
  role: RoleSchema,
  email: z.string().nullable(),
  expiresAt: z.string(),
});

export const MemberView = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
  joinedAt: z.string(),
});
export const MemberList = z.object({ members: z.array(MemberView) });
