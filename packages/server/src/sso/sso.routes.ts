import { SignInOptions, SignInSettings, UpdateSignInSettings } from '@reelback/shared';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { SESSION_TTL_MS } from '../accounts/accounts.service.js';
import { cookieOptions } from '../accounts/session-cookie.js';
import { SESSION_COOKIE } from '../http/owner-auth.js';
import type { Logger } from '../ports/logger.js';
import { type ApiRoute, defineRoute } from '../http/route.js';
import { SsoRefusal } from './oidc-client.js';
import { PENDING_TTL_MS, type SsoService } from './sso.service.js';
import { SSO_START_PATH, type SignInSettingsService } from './sign-in-settings.service.js';

export const SSO_CALLBACK_PATH = '/api/v1/auth/oidc/callback';
/** Holds the sealed state, nonce and PKCE verifier of a sign-in in progress; sent back only to the callback. */
const PENDING_COOKIE = 'reelback_oidc';
const AFTER_SIGN_IN = '/app/';

const authTag = 'Auth';
const workspaceTag = 'Workspace';

/** The sign-in's redirect URI: REELBACK_PUBLIC_URL's callback, else this request's origin's. */
const redirectUriFor = (c: Context, publicUrl: string | null) => `${publicUrl ?? new URL(c.req.url).origin}${SSO_CALLBACK_PATH}`;
const pendingCookie = (c: Context) => ({ ...cookieOptions(c), path: SSO_CALLBACK_PATH });
const toLogin = (c: Context, code: string) => {
  c.header('Cache-Control', 'no-store');
  return c.redirect(`/app/login?sso_error=${encodeURIComponent(code)}`, 302);
};

/** Single sign-on's two steps (only when configured), the login page's options, and the workspace's sign-in settings. */
export function ssoRoutes(sso: SsoService | null, settings: SignInSettingsService, publicUrl: string | null, logError: Logger): ApiRoute[] {
  const routes: ApiRoute[] = [
    defineRoute({
      method: 'get',
      path: '/api/v1/auth/sign-in-options',
      operationId: 'getSignInOptions',
      summary: 'How people can sign in here: whether single sign-on is configured, and whether passwords work',
      tag: authTag,
      access: 'public',
      cors: 'same-origin',
      responses: { 200: { description: 'The options', schema: SignInOptions } },
      handler: async ({ c }) => {
        c.header('Cache-Control', 'no-store');
        return c.json(await settings.options(), 200);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/workspace/sign-in',
      operationId: 'getSignInSettings',
      summary: "The workspace's sign-in settings: whether passwords work, and whether single sign-on is configured for it",
      tag: workspaceTag,
      access: 'owner',
      minRole: 'admin',
      responses: { 200: { description: 'The settings', schema: SignInSettings } },
      handler: async ({ c }) => c.json(await settings.get(c.var.caller), 200),
    }),
    defineRoute({
      method: 'put',
      path: '/api/v1/workspace/sign-in',
      operationId: 'setSignInSettings',
      summary: 'Turn passwords off (single sign-on only) or on again for the workspace (audited as `workspace.sign-in-changed`)',
      description:
        'With passwords off, password login, password resets and invites accepted with a password are refused with 403 ' +
        '`passwords-disabled` for every member of the workspace. Passwords can only be turned off while single sign-on is ' +
        'configured and signs people in to this workspace; a server started without SSO ignores the switch.',
      tag: workspaceTag,
      access: 'owner',
      minRole: 'admin',
      body: { schema: UpdateSignInSettings },
      responses: {
        200: { description: 'The settings now', schema: SignInSettings },
        409: { description: 'Single sign-on is not configured (`sso-not-configured`), or signs in to another workspace (`not-sso-workspace`)' },
      },
      handler: async ({ body, c }) => c.json(await settings.set(c.var.caller, body), 200),
    }),
  ];
  if (!sso) return routes;
  routes.push(
    defineRoute({
      method: 'get',
      path: SSO_START_PATH,
      operationId: 'startSso',
      summary: 'Start single sign-on: redirects to the OpenID Connect provider',
      description: 'A browser navigation, not an API call. Sets a short-lived cookie with the sign-in\'s sealed state, nonce and PKCE verifier.',
      tag: authTag,
      access: 'public',
      responses: {
        302: { description: "To the provider's authorization endpoint; or to `/app/login?sso_error=provider-unavailable` when it cannot be reached" },
      },
      handler: async ({ c }) => {
        c.header('Cache-Control', 'no-store');
        try {
          const { url, sealedPending } = await sso.start(redirectUriFor(c, publicUrl));
          setCookie(c, PENDING_COOKIE, sealedPending, { ...pendingCookie(c), maxAge: PENDING_TTL_MS / 1000 });
          return c.redirect(url.href, 302);
        } catch (error) {
          if (!(error instanceof SsoRefusal)) throw error;
          logError(`single sign-on could not start: ${error.message}`, error.cause ?? error);
          return toLogin(c, error.code);
        }
      },
    }),
    defineRoute({
      method: 'get',
      path: SSO_CALLBACK_PATH,
      operationId: 'finishSso',
      summary: "Single sign-on's redirect URI: checks the provider's answer, signs in and redirects into the dashboard",
      description:
        'The library checks state, PKCE, and the ID token (signature, issuer, audience, nonce, expiry). The e-mail must be ' +
        'verified and in an allowed domain. The account linked to the provider\'s person signs in, else the account with the same ' +
        'e-mail (then linked), else a new account with the domain\'s role. A refusal redirects to `/app/login?sso_error=<code>` ' +
        'and changes nothing.',
      tag: authTag,
      access: 'public',
      responses: {
        302: { description: 'Signed in (the `reelback_session` cookie set as by login) to `/app/`; or refused, to `/app/login?sso_error=<code>`' },
      },
      handler: async ({ c }) => {
        const sealed = getCookie(c, PENDING_COOKIE);
        deleteCookie(c, PENDING_COOKIE, pendingCookie(c));
        const callbackUrl = new URL(redirectUriFor(c, publicUrl));
        callbackUrl.search = new URL(c.req.url).search;
        try {
          const session = await sso.finish(callbackUrl, sealed);
          setCookie(c, SESSION_COOKIE, session.token, { ...cookieOptions(c), maxAge: SESSION_TTL_MS / 1000 });
          return c.redirect(AFTER_SIGN_IN, 302);
        } catch (error) {
          if (!(error instanceof SsoRefusal)) throw error;
          logError(`single sign-on refused (${error.code}): ${error.message}`, error.cause ?? error);
          return toLogin(c, error.code);
        }
      },
    }),
  );
  return routes;
}
