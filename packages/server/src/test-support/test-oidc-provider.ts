import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';

/** A person the test provider can sign in (the account id is their `sub`). */
export interface TestOidcUser {
  email: string;
  emailVerified: boolean;
  name: string;
}

/** Claims the provider's token endpoint rewrites in the ID token it sends, signed again with its own key. */
export type IdTokenTamper = Partial<Record<'aud' | 'nonce', string>>;

export interface TestOidcProvider {
  /** `http://127.0.0.1:<port>`: REELBACK_OIDC_ISSUER. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  users: Map<string, TestOidcUser>;
  /** Who the next interaction signs in (an id in `users`); "Sign in" happens without a page. */
  loginAs: string;
  /** Set to make the token endpoint send a validly signed ID token with these claims changed; null: honest. */
  tamper: IdTokenTamper | null;
  /** How many token requests it answered. */
  tokenRequests: number;
  close(): Promise<void>;
}

/**
 * A real OpenID Connect provider (`oidc-provider`) on a random loopback port, for tests: one confidential client
 * (`reelback`, client_secret_basic, PKCE required) whose redirect URIs are given, users in memory, and an
 * interaction that signs in `loginAs` at once and grants the client's scopes without a consent page. Reusable by
 * server tests (a fetch-driven browser: `followToCallback`) and by e2e tests (Chromium follows the redirects).
 */
export async function startTestOidcProvider(options: {
  redirectUris: string[];
  users?: Record<string, TestOidcUser>;
  /** false: the ID token carries no e-mail claims; they are in the UserInfo answer only (the core spec's strict reading). */
  emailInIdToken?: boolean;
}): Promise<TestOidcProvider> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const handle: TestOidcProvider = {
    issuer,
    clientId: 'reelback',
    clientSecret: 'reelback-test-client-secret-0123456789',
    users: new Map(Object.entries(options.users ?? { alice: { email: 'alice@example.com', emailVerified: true, name: 'Alice Example' } })),
    loginAs: Object.keys(options.users ?? { alice: 0 })[0] ?? 'alice',
    tamper: null,
    tokenRequests: 0,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: handle.clientId,
        client_secret: handle.clientSecret,
        redirect_uris: options.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: ['test-oidc-provider-cookie-key'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // By default the ID token carries the e-mail claims itself, as most providers' do.
    conformIdTokenClaims: options.emailInIdToken === false,
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, id) => {
      const user = handle.users.get(id);
      if (!user) return undefined;
      return { accountId: id, claims: () => ({ sub: id, email: user.email, email_verified: user.emailVerified, name: user.name }) };
    },
    // A first-party client: its scopes are granted without asking.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const client = ctx.oidc.client;
      const session = ctx.oidc.session;
      if (!client || !session?.accountId) return undefined;
      const existing = session.grantIdFor(client.clientId);
      if (existing) return ctx.oidc.provider.Grant.find(existing);
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path !== '/token' || ctx.method !== 'POST' || ctx.status !== 200) return;
    handle.tokenRequests++;
    const body = ctx.body as { id_token?: string };
    if (handle.tamper && body.id_token) body.id_token = await resign(body.id_token, handle.tamper, privateKey);
  });
  const callback = provider.callback();
  server.on('request', (req, res) => {
    if (req.url?.startsWith('/interaction/')) {
      void (async () => {
        await provider.interactionDetails(req, res);
        await provider.interactionFinished(req, res, { login: { accountId: handle.loginAs } }, { mergeWithLastSubmission: false });
      })().catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      });
      return;
    }
    void callback(req, res);
  });
  return handle;
}

async function resign(idToken: string, tamper: IdTokenTamper, key: CryptoKey): Promise<string> {
  const header = decodeProtectedHeader(idToken);
  const claims = { ...decodeJwt(idToken), ...tamper };
  return new SignJWT(claims).setProtectedHeader({ alg: header.alg ?? 'RS256', ...(header.kid ? { kid: header.kid } : {}) }).sign(key);
}

/**
 * Plays a browser between Reelback's start redirect and its callback: follows the provider's redirects (keeping
 * its cookies) until one leads to `callbackPrefix`, and returns that URL.
 */
export async function followToCallback(authorizationUrl: string, callbackPrefix: string): Promise<URL> {
  const cookies = new Map<string, string>();
  let url = authorizationUrl;
  for (let hop = 0; hop < 10; hop++) {
    if (url.startsWith(callbackPrefix)) return new URL(url);
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      cookies.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
    }
    const location = res.headers.get('location');
    if (!location) throw new Error(`the provider stopped at ${url} with ${res.status}: ${(await res.text()).slice(0, 300)}`);
    await res.body?.cancel();
    url = new URL(location, url).href;
  }
  throw new Error('too many redirects at the provider');
}
