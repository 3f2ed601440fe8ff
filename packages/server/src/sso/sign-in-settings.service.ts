import type { SignInOptions, SignInSettings } from '@reelback/shared';
import { workspaceOf } from '../accounts/accounts.service.js';
import type { AuditLog } from '../audit/audit-log.js';
import { ServiceError } from '../errors/service-error.js';
import type { Caller } from '../ports/caller.js';
import type { Clock } from '../ports/clock.js';
import type { AccountStore } from '../ports/account-store.js';
import type { SsoConfig } from './sso-config.js';
import type { SsoStore } from '../ports/sso-store.js';

export const SSO_START_PATH = '/api/v1/auth/oidc/start';

/**
 * Whether a workspace's members may use passwords. Turning them off is only allowed while single sign-on is
 * configured and signs people in to that very workspace, so nobody is ever locked out; and when the server is
 * later started without SSO, the switch is ignored (`passwordsOff` answers no) for the same reason.
 */
export class SignInSettingsService {
  constructor(
    private readonly deps: { config: SsoConfig | null; store: SsoStore; accounts: AccountStore; audit: AuditLog; clock: Clock },
  ) {}

  /** Whether this user may not use a password (a workspace of theirs turned them off, and SSO is on). */
  readonly passwordsOff = async (userId: string): Promise<boolean> => this.deps.config !== null && (await this.deps.store.passwordsOffForUser(userId));

  /** Whether this workspace takes no passwords (turned off, and SSO is on). */
  readonly passwordsOffIn = async (workspaceId: string): Promise<boolean> => this.deps.config !== null && (await this.deps.store.passwordsOffAt(workspaceId)) !== null;

  /** The workspace SSO signs people in to, or null (SSO off, or no workspace yet). */
  async ssoWorkspaceId(): Promise<string | null> {
    const { config, accounts } = this.deps;
    if (!config) return null;
    if (config.workspaceId) return (await accounts.getWorkspace(config.workspaceId))?.id ?? null;
    return (await accounts.firstWorkspace())?.id ?? null;
  }

  async options(): Promise<SignInOptions> {
    if (!this.deps.config) return { sso: null, passwords: true };
    const workspaceId = await this.ssoWorkspaceId();
    const off = workspaceId ? await this.deps.store.passwordsOffAt(workspaceId) : null;
    return { sso: { startUrl: SSO_START_PATH }, passwords: off === null };
  }

  async get(caller: Caller): Promise<SignInSettings> {
    const workspaceId = workspaceOf(caller);
    const off = await this.deps.store.passwordsOffAt(workspaceId);
    return {
      passwordsEnabled: off === null || this.deps.config === null,
      ssoConfigured: this.deps.config !== null,
      ssoWorkspace: (await this.ssoWorkspaceId()) === workspaceId,
      passwordsOffSince: this.deps.config === null ? null : off,
    };
  }

  async set(caller: Caller, input: { passwordsEnabled: boolean }): Promise<SignInSettings> {
    const workspaceId = workspaceOf(caller);
    if (!input.passwordsEnabled) {
      if (!this.deps.config) {
        throw new ServiceError('conflict', 'sso-not-configured', 'passwords can only be turned off while single sign-on is configured (REELBACK_OIDC_ISSUER): otherwise nobody could sign in', [
          { path: ['passwordsEnabled'], message: 'single sign-on is not configured' },
        ]);
      }
      if ((await this.ssoWorkspaceId()) !== workspaceId) {
        throw new ServiceError('conflict', 'not-sso-workspace', 'single sign-on signs people in to another workspace (REELBACK_OIDC_WORKSPACE): passwords stay on here', [
          { path: ['passwordsEnabled'], message: 'SSO does not sign in to this workspace' },
        ]);
      }
    }
    const at = this.deps.clock.now().toISOString();
    const audit = await this.deps.audit.entry({ workspaceId }, caller, 'workspace.sign-in-changed', { type: 'workspace', id: workspaceId, label: null }, { signIn: input.passwordsEnabled ? 'passwords and SSO' : 'SSO only' });
    await this.deps.store.setPasswordsOff(workspaceId, input.passwordsEnabled ? null : at, audit);
    return this.get(caller);
  }
}
