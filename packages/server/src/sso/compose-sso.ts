import type { AccountsService } from '../accounts/accounts.service.js';
import type { AuditLog } from '../audit/audit-log.js';
import { SecretBox } from '../backlog/secret-box.js';
import type { Logger } from '../ports/logger.js';
import type { ApiRoute } from '../http/route.js';
import { sharedOutboundClient } from '../outbound/outbound-client.js';
import type { Clock } from '../ports/clock.js';
import type { Storage } from '../ports/storage.js';
import { OidcClient } from './oidc-client.js';
import { SignInSettingsService } from './sign-in-settings.service.js';
import type { SsoConfig } from './sso-config.js';
import { ssoRoutes } from './sso.routes.js';
import { SsoService } from './sso.service.js';

export interface SsoParts {
  settings: SignInSettingsService;
  routes: ApiRoute[];
}

/**
 * Single sign-on (when configured) and the workspace's password switch. The provider's calls go through the guarded
 * outbound client; its private-address setting is REELBACK_OIDC_ALLOW_PRIVATE alone, so opening an internal
 * provider does not also open webhooks and trackers to private addresses.
 */
export function composeSso(deps: {
  config: SsoConfig | null;
  storage: Pick<Storage, 'sso' | 'accounts'>;
  accounts: AccountsService;
  audit: AuditLog;
  secretKey: Uint8Array;
  clock: Clock;
  publicUrl: string | null;
  logError: Logger;
}): SsoParts {
  const { config, storage, audit, clock } = deps;
  const settings = new SignInSettingsService({ config, store: storage.sso, accounts: storage.accounts, audit, clock });
  deps.accounts.passwordsOff = { forUser: settings.passwordsOff, inWorkspace: settings.passwordsOffIn };
  const sso = config
    ? new SsoService({
        config,
        oidc: new OidcClient(config, sharedOutboundClient(config.allowPrivate)),
        store: storage.sso,
        accounts: storage.accounts,
        accountsService: deps.accounts,
        audit,
        box: new SecretBox(deps.secretKey),
        clock,
      })
    : null;
  return { settings, routes: ssoRoutes(sso, settings, deps.publicUrl, deps.logError) };
}
