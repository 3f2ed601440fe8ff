import type { Role } from '../ports/caller.js';

/** Single sign-on with one OpenID Connect provider (REELBACK_OIDC_*); null in `Config` when REELBACK_OIDC_ISSUER is unset. */
export interface SsoConfig {
  /** REELBACK_OIDC_ISSUER: the provider's issuer URL (its discovery document is `<issuer>/.well-known/openid-configuration`). */
  issuer: string;
  /** REELBACK_OIDC_CLIENT_ID / REELBACK_OIDC_CLIENT_SECRET: the client registered at the provider. */
  clientId: string;
  clientSecret: string;
  /** REELBACK_OIDC_DOMAINS: allowed e-mail domains (lower case), each with the role a new account gets. */
  domains: ReadonlyMap<string, Role>;
  /** REELBACK_OIDC_WORKSPACE: the id of the workspace SSO users join; null: the first workspace. */
  workspaceId: string | null;
  /**
   * REELBACK_OIDC_ALLOW_PRIVATE: the provider may be on a loopback or private address (an internal provider, tests),
   * and then also on plain http. Only for the provider's calls; REELBACK_OUTBOUND_ALLOW_PRIVATE does not open it.
   */
  allowPrivate: boolean;
}

const ROLES: readonly Role[] = ['manager', 'owner', 'admin'];
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** `example.com=manager,acme.io=owner`: the problems, or the map. */
export function parseDomains(raw: string): { domains: Map<string, Role>; problems: string[] } {
  const domains = new Map<string, Role>();
  const problems: string[] = [];
  for (const part of raw.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [domainRaw, roleRaw, ...rest] = part.split('=').map((p) => p.trim());
    const domain = (domainRaw ?? '').toLowerCase().replace(/^@/, '');
    const role = (roleRaw ?? '').toLowerCase() as Role;
    if (rest.length > 0 || !DOMAIN.test(domain) || !ROLES.includes(role)) {
      problems.push(`REELBACK_OIDC_DOMAINS: "${part.slice(0, 80)}" must be <domain>=<role>, the role one of ${ROLES.join(', ')} (e.g. example.com=manager,acme.io=owner)`);
      continue;
    }
    if (domains.has(domain)) problems.push(`REELBACK_OIDC_DOMAINS names ${domain} twice`);
    domains.set(domain, role);
  }
  if (problems.length === 0 && domains.size === 0) problems.push('REELBACK_OIDC_DOMAINS must name at least one e-mail domain and its role, e.g. example.com=manager');
  return { domains, problems };
}

const flag = (value: string | undefined) => ['1', 'true', 'on', 'yes'].includes((value ?? '').trim().toLowerCase());

/**
 * Reads REELBACK_OIDC_*: null when REELBACK_OIDC_ISSUER is unset (and nothing else of it is set), else the
 * configuration or the list of what is wrong. Secrets are never echoed.
 */
export function parseSsoConfig(env: Record<string, string | undefined>): { config: SsoConfig | null; problems: string[] } {
  const get = (name: string) => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  const issuer = get('REELBACK_OIDC_ISSUER');
  const others = ['REELBACK_OIDC_CLIENT_ID', 'REELBACK_OIDC_CLIENT_SECRET', 'REELBACK_OIDC_DOMAINS', 'REELBACK_OIDC_WORKSPACE'].filter((name) => get(name) !== undefined);
  if (!issuer) {
    return { config: null, problems: others.length ? [`${others.join(', ')} ${others.length > 1 ? 'are' : 'is'} set but REELBACK_OIDC_ISSUER is not: set it too, or none of them`] : [] };
  }
  const problems: string[] = [];
  const allowPrivate = flag(get('REELBACK_OIDC_ALLOW_PRIVATE'));
  let url: URL | undefined;
  try {
    url = new URL(issuer);
  } catch {
    problems.push('REELBACK_OIDC_ISSUER must be the provider\'s issuer URL, e.g. https://login.example.com/realms/acme');
  }
  if (url && url.protocol !== 'https:' && !(url.protocol === 'http:' && allowPrivate)) {
    problems.push('REELBACK_OIDC_ISSUER must be an https:// URL (plain http only with REELBACK_OIDC_ALLOW_PRIVATE=1, for a provider on a private network)');
  }
  const clientId = get('REELBACK_OIDC_CLIENT_ID');
  const clientSecret = get('REELBACK_OIDC_CLIENT_SECRET');
  if (!clientId) problems.push('REELBACK_OIDC_ISSUER needs REELBACK_OIDC_CLIENT_ID (the client registered at the provider)');
  if (!clientSecret) problems.push('REELBACK_OIDC_ISSUER needs REELBACK_OIDC_CLIENT_SECRET (the client\'s secret)');
  const domainsRaw = get('REELBACK_OIDC_DOMAINS');
  let domains = new Map<string, Role>();
  if (!domainsRaw) problems.push('REELBACK_OIDC_ISSUER needs REELBACK_OIDC_DOMAINS: the allowed e-mail domains and the role each gets, e.g. example.com=manager,acme.io=owner');
  else {
    const parsed = parseDomains(domainsRaw);
    domains = parsed.domains;
    problems.push(...parsed.problems);
  }
  if (problems.length > 0 || !clientId || !clientSecret) return { config: null, problems };
  return {
    config: { issuer, clientId, clientSecret, domains, workspaceId: get('REELBACK_OIDC_WORKSPACE') ?? null, allowPrivate },
    problems: [],
  };
}
