import { uuidv7 } from '@reelback/shared';
import type { NewSession, AccountsService } from '../accounts/accounts.service.js';
import { hashPassword } from '../accounts/passwords.js';
import { randomToken } from '../accounts/tokens.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { SecretBox } from '../backlog/secret-box.js';
import type { Clock } from '../ports/clock.js';
import type { AccountStore, UserRecord } from '../ports/account-store.js';
import type { Role } from '../ports/caller.js';
import { type OidcClient, type PendingSignIn, type ProviderIdentity, SsoRefusal } from './oidc-client.js';
import type { SsoConfig } from './sso-config.js';
import type { SsoStore } from '../ports/sso-store.js';

/** How long a started sign-in may take at the provider. */
export const PENDING_TTL_MS = 10 * 60 * 1000;
const PENDING_CONTEXT = 'oidc-pending-sign-in';

export interface SsoServiceDeps {
  config: SsoConfig;
  oidc: OidcClient;
  store: SsoStore;
  accounts: AccountStore;
  accountsService: AccountsService;
  audit: AuditLog;
  box: SecretBox;
  clock: Clock;
}

/**
 * Signing in with the OpenID Connect provider. The start seals its state, nonce and PKCE verifier into a cookie; the
 * callback lets `openid-client` check the answer and the ID token against them, then decides who signs in: the
 * account linked to the provider's person, else the account with the same (verified) e-mail, else a new account
 * with its domain's role, in the SSO workspace. Every refusal is an `SsoRefusal` and writes nothing.
 */
export class SsoService {
  constructor(private readonly deps: SsoServiceDeps) {}

  async start(redirectUri: string): Promise<{ url: URL; sealedPending: string }> {
    const { url, pending } = await this.deps.oidc.start(redirectUri);
    const sealedPending = this.deps.box.seal(JSON.stringify({ ...pending, at: this.deps.clock.now().getTime() }), PENDING_CONTEXT);
    return { url, sealedPending };
  }

  async finish(callbackUrl: URL, sealedPending: string | undefined): Promise<NewSession> {
    const pending = this.openPending(sealedPending);
    const identity = await this.deps.oidc.finish(callbackUrl, pending);
    const role = this.roleFor(identity);
    const workspaceId = await this.workspaceId();
    const user = await this.accountFor(identity, workspaceId, role);
    const memberships = await this.deps.accounts.membershipsOf(user.id);
    let membership = memberships.find((m) => m.workspaceId === workspaceId);
    if (!membership) {
      const at = this.now();
      const audit = await this.joinedEntry(workspaceId, user, role, false);
      await this.deps.store.addMember({ userId: user.id, workspaceId, role, at, audit });
      membership = (await this.deps.accounts.membershipsOf(user.id)).find((m) => m.workspaceId === workspaceId);
      if (!membership) throw new Error(`membership of ${user.id} in ${workspaceId} vanished`);
    }
    return this.deps.accountsService.startSession(user, workspaceId, membership.role);
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }

  private openPending(sealed: string | undefined): PendingSignIn {
    const expired = () => new SsoRefusal('state-mismatch', 'no sign-in was started from this browser in the last 10 minutes');
    if (!sealed) throw expired();
    let parsed: unknown;
    try {
      parsed = JSON.parse(this.deps.box.open(sealed, PENDING_CONTEXT));
    } catch {
      throw expired();
    }
    const p = parsed as Partial<PendingSignIn & { at: number }>;
    if (typeof p.state !== 'string' || typeof p.nonce !== 'string' || typeof p.codeVerifier !== 'string' || typeof p.at !== 'number') throw expired();
    if (this.deps.clock.now().getTime() - p.at > PENDING_TTL_MS) throw expired();
    return { state: p.state, nonce: p.nonce, codeVerifier: p.codeVerifier };
  }

  /** The e-mail must be verified by the provider and in an allowed domain; its domain gives a new account's role. */
  private roleFor(identity: ProviderIdentity): Role {
    if (!identity.email) throw new SsoRefusal('email-unverified', 'the provider gave no e-mail address (ask for the "email" scope)');
    if (!identity.emailVerified) throw new SsoRefusal('email-unverified', 'the provider has not verified this e-mail address');
    const domain = identity.email.slice(identity.email.lastIndexOf('@') + 1);
    const role = this.deps.config.domains.get(domain);
    if (!role) throw new SsoRefusal('domain-not-allowed', `e-mail addresses at ${domain} may not sign in here`);
    return role;
  }

  private async workspaceId(): Promise<string> {
    const chosen = this.deps.config.workspaceId;
    const workspace = chosen ? await this.deps.accounts.getWorkspace(chosen) : await this.deps.accounts.firstWorkspace();
    if (!workspace) throw new SsoRefusal('no-workspace', chosen ? `REELBACK_OIDC_WORKSPACE names no workspace (${chosen})` : 'there is no workspace yet: finish the setup first');
    return workspace.id;
  }

  private async accountFor(identity: ProviderIdentity, workspaceId: string, role: Role): Promise<UserRecord> {
    const { store, accounts } = this.deps;
    const email = identity.email!;
    for (let attempt = 0; attempt < 2; attempt++) {
      const linked = await store.findIdentity(identity.issuer, identity.subject);
      if (linked) {
        const user = await accounts.getUser(linked.userId);
        if (user) {
          await store.touchIdentity(identity.issuer, identity.subject, this.now());
          return user;
        }
      }
      const existing = await accounts.findUserByEmail(email);
      if (existing) {
        await store.linkIdentity({ issuer: identity.issuer, subject: identity.subject, userId: existing.id, email, at: this.now() });
        const { passwordHash: _, ...user } = existing;
        return user;
      }
      const at = this.now();
      // The account never had a password: this one is random and unknown to anyone (a reset can set one later).
      const user = { id: uuidv7(), email, name: identity.name || email, createdAt: at, passwordHash: await hashPassword(randomToken()) };
      const audit = await this.joinedEntry(workspaceId, user, role, true);
      const made = await store.createSsoUser({ user, issuer: identity.issuer, subject: identity.subject, workspaceId, role, at, audit });
      if (made.ok) return made.user;
      // Someone else made the account or the link meanwhile: look again.
    }
    throw new Error(`could not find or make the account of ${identity.issuer} ${identity.subject}`);
  }

  private joinedEntry(workspaceId: string, user: UserRecord, role: Role, newAccount: boolean) {
    const actor = { kind: 'user' as const, id: user.id, label: user.name.trim() || user.email };
    return this.deps.audit.entry({ workspaceId }, actor, 'member.joined-via-sso', { type: 'member', id: user.id, label: user.email }, { role, newAccount });
  }
}
