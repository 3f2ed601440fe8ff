// Sign-in (#13): the login page's public options, and the workspace's password switch (admins). Types from
// @reelback/shared (types only: no zod in this bundle).
import type { SignInOptions, SignInSettings } from '@reelback/shared';
import type { ApiClient } from '../../api/api-client.js';

const PATH = '/workspace/sign-in';

/** Whether single sign-on is configured, and whether passwords work: for anyone, before login. */
export function signInOptions(api: ApiClient): Promise<SignInOptions> {
  return api.get<SignInOptions>('/auth/sign-in-options');
}

export function getSignInSettings(api: ApiClient): Promise<SignInSettings> {
  return api.get<SignInSettings>(PATH);
}

/** A refusal (409 `sso-not-configured` / `not-sso-workspace`) is an `ApiProblem`. */
export async function setPasswordsEnabled(api: ApiClient, passwordsEnabled: boolean): Promise<SignInSettings> {
  return (await api.send<SignInSettings>('PUT', PATH, { passwordsEnabled }))!;
}
