import * as z from 'zod';
import { UtcDateTime } from './time.schema.js';

/**
 * Why a single sign-on came back refused. The server redirects to `/app/login?sso_error=<code>` and the login page
 * says it in its own words (the provider's text is never shown).
 */
export const SSO_ERROR_CODES = [
  /** The sign-in was not started here, took longer than 10 minutes, or its `state` did not match. */
  'state-mismatch',
  /** The ID token's `nonce` was not the one this sign-in sent. */
  'nonce-mismatch',
  /** The ID token was made for another client (`aud`). */
  'wrong-audience',
  /** The ID token failed another check (signature, issuer, expiry). */
  'token-invalid',
  /** The provider says the e-mail is not verified (`email_verified` false or absent). */
  'email-unverified',
  /** The e-mail's domain is not one of `REELBACK_OIDC_DOMAINS`. */
  'domain-not-allowed',
  /** The provider could not be reached, or answered with an error. */
  'provider-unavailable',
  /** The provider refused the sign-in (the person cancelled, or is not allowed). */
  'provider-refused',
  /** There is no workspace for SSO users to join (the first run's setup is not done). */
  'no-workspace',
] as const;
export const SsoErrorCode = z.enum(SSO_ERROR_CODES);
export type SsoErrorCode = z.infer<typeof SsoErrorCode>;

/** `GET /api/v1/auth/sign-in-options`: what the login page offers, for anyone. */
export const SignInOptions = z.object({
  sso: z
    .object({
      /** Where the SSO button goes (a full-page navigation). */
      startUrl: z.string(),
    })
    .nullable()
    .meta({ description: 'null when single sign-on is not configured (REELBACK_OIDC_ISSUER unset)' }),
  passwords: z.boolean().meta({ description: "false when the SSO workspace turned passwords off: the login page leads with SSO" }),
});
export type SignInOptions = z.infer<typeof SignInOptions>;

/** `GET/PUT /api/v1/workspace/sign-in`: the workspace's sign-in settings (admins). */
export const SignInSettings = z.object({
  passwordsEnabled: z.boolean(),
  /** Whether the server has single sign-on configured (passwords can only be turned off then). */
  ssoConfigured: z.boolean(),
  /** Whether SSO sign-ins join this workspace. */
  ssoWorkspace: z.boolean(),
  /** When passwords were turned off; null while they are on. */
  passwordsOffSince: UtcDateTime.nullable(),
});
export type SignInSettings = z.infer<typeof SignInSettings>;

export const UpdateSignInSettings = z.object({ passwordsEnabled: z.boolean() }).strict();
export type UpdateSignInSettings = z.infer<typeof UpdateSignInSettings>;
