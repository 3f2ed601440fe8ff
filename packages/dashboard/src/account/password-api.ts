// Passwords: changing one's own (signed in), asking for a reset link, and using one. Types from @reelback/shared
// (types only: no zod here).
import type { PasswordResetLinkInfo } from '@reelback/shared';
import type { ApiClient } from '../api/api-client.js';

/** 204; other sessions of the person end. Refusals: 403 `wrong-password`, 400 `same-password` or too short, 429. */
export async function changePassword(api: ApiClient, currentPassword: string, newPassword: string): Promise<void> {
  await api.send('POST', '/auth/password', { currentPassword, newPassword });
}

/** Always the same answer, account or not: the server's sentence to show. */
export async function requestReset(api: ApiClient, email: string): Promise<string> {
  return (await api.send<{ message: string }>('POST', '/auth/password-reset', { email }))!.message;
}

/** The account a link is for; 404 `reset-invalid`, 410 `reset-used`/`reset-expired`. */
export async function checkReset(api: ApiClient, token: string): Promise<PasswordResetLinkInfo> {
  return (await api.send<PasswordResetLinkInfo>('POST', '/auth/password-reset/check', { token }))!;
}

export async function confirmReset(api: ApiClient, token: string, newPassword: string): Promise<void> {
  await api.send('POST', '/auth/password-reset/confirm', { token, newPassword });
}
