import type { Context } from 'hono';
import { setCookie } from 'hono/cookie';
import { errorResponse } from '../http/api-error.js';
import { SESSION_COOKIE } from '../http/owner-auth.js';
import { type LoginOutcome, type NewSession, SESSION_TTL_MS } from './accounts.service.js';

// The cookie session's answers, shared by every way in: login, accepting or joining an invite, the first run's setup.

export const BAD_CREDENTIALS = 'the e-mail or password is wrong';

/** Secure when the request came over https, directly or through a proxy that says so. */
const isHttps = (c: Context) => new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';

export const cookieOptions = (c: Context) => ({ path: '/', httpOnly: true, sameSite: 'Lax' as const, secure: isHttps(c) });

/** Sets the cookie of a new session and answers with the caller as login does (`user`, `workspace`, `role`, `csrfToken`). */
export function sessionStarted(c: Context, session: NewSession, status: 200 | 201 = 200, maxAgeSeconds = SESSION_TTL_MS / 1000): Response {
  c.header('Cache-Control', 'no-store');
  setCookie(c, SESSION_COOKIE, session.token, { ...cookieOptions(c), maxAge: maxAgeSeconds });
  const { user, workspace, role, csrfToken } = session;
  return c.json({ user, workspace, role, csrfToken }, status);
}

/** Sets the session cookie and answers like a login; or the failure. */
export function loggedIn(c: Context, outcome: LoginOutcome): Response {
  if (outcome.ok) return sessionStarted(c, outcome);
  c.header('Cache-Control', 'no-store');
  if (outcome.reason === 'passwords-off') {
    return errorResponse(c, 403, 'passwords-disabled', 'passwords are turned off for this workspace: sign in with single sign-on (SSO) instead');
  }
  if (outcome.reason !== 'bad-credentials') c.header('Retry-After', String(outcome.retryAfterSeconds));
  if (outcome.reason === 'throttled') {
    return errorResponse(c, 429, 'too-many-attempts', `too many failed attempts; try again in ${outcome.retryAfterSeconds} s`);
  }
  if (outcome.reason === 'over-budget') {
    return errorResponse(c, 429, 'too-many-logins', `too many logins from this address or to this server; try again in ${outcome.retryAfterSeconds} s`);
  }
  if (outcome.reason === 'busy') {
    return errorResponse(c, 503, 'busy', `too many logins are being checked; try again in ${outcome.retryAfterSeconds} s`);
  }
  return errorResponse(c, 401, 'bad-credentials', BAD_CREDENTIALS);
}

/** The OpenAPI answers of a route that checks a password as login does. */
export const loginErrors = {
  401: { description: `Wrong e-mail or password (\`bad-credentials\`, always "${BAD_CREDENTIALS}")` },
  429: {
    description:
      'See Retry-After. `too-many-attempts`: ten failed attempts for this e-mail from this address in 15 minutes, or ' +
      'more than ten for this e-mail from anywhere in an hour (then a wait growing from 15 s to 15 min). ' +
      '`too-many-logins`: this address (40 in 10 minutes) or the server (300 a minute) has spent its budget of password checks',
  },
  403: { description: 'The password is right but a workspace of the account turned passwords off: sign in with SSO (`passwords-disabled`)' },
  503: { description: 'Too many password checks are waiting (`busy`); see Retry-After' },
};
