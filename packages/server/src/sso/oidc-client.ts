import * as client from 'openid-client';
import { OutboundError } from '../outbound/outbound-error.js';
import type { OutboundClient, OutboundRequest } from '../outbound/outbound-client.js';
import type { SsoErrorCode } from '@reelback/shared';
import type { SsoConfig } from './sso-config.js';

/** Each call to the provider (discovery, keys, token) gets this long. */
const PROVIDER_TIMEOUT_MS = 10_000;

/** What a sign-in must carry from its start to its callback (sealed in a short-lived cookie). */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** The checked ID token's facts that decide who signs in. */
export interface ProviderIdentity {
  issuer: string;
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
}

/** A refused callback, with the login page's code. */
export class SsoRefusal extends Error {
  constructor(
    readonly code: SsoErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SsoRefusal';
  }
}

/**
 * The provider as `openid-client` (v6) sees it: discovery once (again after a failure), the authorization URL with
 * PKCE, state and nonce, and the code exchange whose ID token checks (signature, issuer, audience, nonce, expiry,
 * state) the library makes. Every call to the provider goes through the guarded outbound client.
 */
export class OidcClient {
  private configuration: Promise<client.Configuration> | undefined;

  constructor(
    private readonly sso: SsoConfig,
    private readonly outbound: OutboundClient,
  ) {}

  private configured(): Promise<client.Configuration> {
    this.configuration ??= client
      .discovery(new URL(this.sso.issuer), this.sso.clientId, undefined, client.ClientSecretBasic(this.sso.clientSecret), {
        [client.customFetch]: this.fetchThroughOutbound,
        // Plain http is accepted by the configuration only with REELBACK_OIDC_ALLOW_PRIVATE (see sso-config.ts).
        ...(new URL(this.sso.issuer).protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : {}),
        timeout: PROVIDER_TIMEOUT_MS / 1000,
      })
      .catch((error: unknown) => {
        this.configuration = undefined;
        throw error;
      });
    return this.configuration;
  }

  /** The provider's authorization URL for a new sign-in, and what its callback must match. */
  async start(redirectUri: string): Promise<{ url: URL; pending: PendingSignIn }> {
    let config: client.Configuration;
    try {
      config = await this.configured();
    } catch (error) {
      throw refusal(error);
    }
    const pending = { state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier() };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid email profile',
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url, pending };
  }

  /** Exchanges the callback's code and returns the checked identity; an `SsoRefusal` naming why not. */
  async finish(callbackUrl: URL, pending: PendingSignIn): Promise<ProviderIdentity> {
    try {
      const config = await this.configured();
      const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) throw new SsoRefusal('token-invalid', 'the provider sent no ID token');
      // Providers that follow the core spec strictly (Keycloak with some settings, oidc-provider's default) put the
      // e-mail in the UserInfo answer only, not in the ID token: ask for it there; the library checks its `sub`.
      const facts: Record<string, unknown> =
        typeof claims.email === 'string' || !tokens.access_token || !config.serverMetadata().userinfo_endpoint
          ? claims
          : { ...(await client.fetchUserInfo(config, tokens.access_token, claims.sub)), ...withoutEmail(claims) };
      const email = typeof facts.email === 'string' ? facts.email.trim().toLowerCase() : null;
      const name = typeof facts.name === 'string' ? facts.name.trim().slice(0, 200) : null;
      return { issuer: claims.iss, subject: claims.sub, email, emailVerified: facts.email_verified === true, name };
    } catch (error) {
      throw refusal(error);
    }
  }

  /** `openid-client`'s fetch, answered by the guarded client (its time limit, size cap and address checks). */
  private readonly fetchThroughOutbound = async (url: string, options: client.CustomFetchOptions): Promise<Response> => {
    const body = options.body;
    const request: OutboundRequest = {
      method: options.method as OutboundRequest['method'],
      headers: options.headers,
      timeoutMs: PROVIDER_TIMEOUT_MS,
      ...(body === undefined || body === null ? {} : { body: body instanceof URLSearchParams ? body.toString() : String(body) }),
      ...(options.signal ? { signal: options.signal } : {}),
    };
    const answer = await this.outbound.fetch(url, request);
    const nullBody = [101, 204, 205, 304].includes(answer.status);
    const headers = new Headers(answer.headers);
    // The text is already decoded: the original encoding and length no longer describe it.
    headers.delete('content-encoding');
    headers.delete('content-length');
    return new Response(nullBody ? null : answer.text, { status: answer.status, headers });
  };
}

/** The ID token's claims, except the e-mail ones UserInfo answered for (never mix one source's e-mail with another's verification). */
function withoutEmail(claims: client.IDToken): Record<string, unknown> {
  const { email: _email, email_verified: _verified, ...rest } = claims;
  return rest;
}

/** What went wrong, as the login page's code; the library's and the provider's text stay in the log. */
function refusal(error: unknown): SsoRefusal {
  if (error instanceof SsoRefusal) return error;
  if (chainHas(error, (e) => e instanceof OutboundError)) return new SsoRefusal('provider-unavailable', 'the provider could not be reached', { cause: error });
  if (error instanceof client.AuthorizationResponseError) return new SsoRefusal('provider-refused', `the provider refused the sign-in (${error.error})`, { cause: error });
  if (error instanceof client.ResponseBodyError) return new SsoRefusal('provider-unavailable', `the provider's token endpoint answered ${error.status} (${error.error})`, { cause: error });
  const code = (error as { code?: unknown }).code;
  const inner = (error as { cause?: { message?: unknown; cause?: { claim?: unknown } } }).cause;
  if (code === 'OAUTH_INVALID_RESPONSE' && typeof inner?.message === 'string' && inner.message.includes('"state"')) {
    return new SsoRefusal('state-mismatch', 'the sign-in\'s state did not match', { cause: error });
  }
  if (code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED') {
    const claim = inner?.cause?.claim;
    if (claim === 'nonce') return new SsoRefusal('nonce-mismatch', 'the ID token\'s nonce did not match', { cause: error });
    if (claim === 'aud' || claim === 'azp') return new SsoRefusal('wrong-audience', 'the ID token was made for another client', { cause: error });
  }
  if (code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' || code === 'OAUTH_RESPONSE_IS_NOT_JSON' || code === 'OAUTH_TIMEOUT' || code === 'OAUTH_ABORT') {
    return new SsoRefusal('provider-unavailable', 'the provider answered with an error', { cause: error });
  }
  return new SsoRefusal('token-invalid', 'the provider\'s answer failed a check', { cause: error });
}

function chainHas(error: unknown, test: (e: unknown) => boolean): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 6; e = (e as { cause?: unknown }).cause, depth++) if (test(e)) return true;
  return false;
}
