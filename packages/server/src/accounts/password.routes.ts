import { ChangePasswordRequest, PasswordResetConfirm, PasswordResetLinkInfo, PasswordResetRequest, PasswordResetToken } from '@reelback/shared';
import * as z from 'zod';
import { AddressBudget, type Budget } from '../http/address-budget.js';
import { errorResponse } from '../http/api-error.js';
import { type ApiRoute, defineRoute } from '../http/route.js';
import { RESET_TTL_MS, type PasswordService } from './password.service.js';
import type { RateLimits } from '../ports/rate-limits.js';

const tag = 'Auth';

export interface PasswordBudgets {
  /** Reset e-mails asked for per client address (5 in 15 minutes). */
  requests: Budget;
  /** Reset links checked or used per client address (30 in 15 minutes). */
  links: Budget;
}

export const DEFAULT_PASSWORD_BUDGETS: PasswordBudgets = {
  requests: { points: 5, durationSeconds: 15 * 60 },
  links: { points: 30, durationSeconds: 15 * 60 },
};

const RESET_ASKED = `if an account uses this address, a link to set a new password is on its way; it works once, for ${RESET_TTL_MS / 60_000} minutes`;
const ResetAsked = z.object({ message: z.string() });

const tooMany = { 429: { description: 'Too many from this address (`rate-limited`); see Retry-After' } };
const linkRefusals = {
  404: { description: 'Not a reset link this server made (`reset-invalid`)' },
  410: { description: 'Used already (`reset-used`) or expired (`reset-expired`): ask for a new one' },
  ...tooMany,
};

/** Changing one's password, and resetting a forgotten one through a one-time link. */
export function passwordRoutes(passwords: PasswordService, budgets: PasswordBudgets = DEFAULT_PASSWORD_BUDGETS, limits?: RateLimits): ApiRoute[] {
  const requestBudget = new AddressBudget(budgets.requests, 'password reset requests', limits);
  const linkBudget = new AddressBudget(budgets.links, 'password reset attempts', limits);
  return [
    defineRoute({
      method: 'post',
      path: '/api/v1/auth/password',
      operationId: 'changePassword',
      summary: 'Change your password (with the current one); your other sessions end',
      description: 'Cookie sessions only. This session stays; every other session of yours, in every workspace, ends, and unused reset links stop working.',
      tag,
      access: 'owner',
      minRole: 'manager',
      body: { schema: ChangePasswordRequest },
      responses: {
        204: { description: 'Changed' },
        400: { description: 'The new password is too short or long, or the current one (`same-password`)' },
        403: { description: 'The current password is wrong (`wrong-password`), or called with a key (`session-required`)' },
        429: { description: 'Ten wrong current passwords in 15 minutes (`too-many-attempts`), or the hashing queue is full (`busy`); see Retry-After' },
      },
      handler: async ({ body, c }) => {
        const outcome = await passwords.change(c.var.caller, body);
        if (!outcome.ok) {
          c.header('Retry-After', String(outcome.retryAfterSeconds));
          return errorResponse(c, 429, 'too-many-attempts', `too many wrong passwords; try again in ${outcome.retryAfterSeconds} s`);
        }
        return c.body(null, 204);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/auth/password-reset',
      operationId: 'requestPasswordReset',
      summary: 'Ask for a link to set a new password, by e-mail',
      description:
        'Always the same answer, whether or not the address has an account (nothing is said about accounts). With an ' +
        'account in a workspace and a server that sends e-mail, a one-time link (`/app/reset#token=…`, 30 minutes) is ' +
        'e-mailed by a background job; at most 3 links an hour per account. Without e-mail, ask an admin for a link.',
      tag,
      access: 'public',
      cors: 'same-origin',
      body: { schema: PasswordResetRequest },
      responses: { 202: { description: 'Asked', schema: ResetAsked }, ...tooMany },
      handler: ({ body, c }) =>
        requestBudget.run(c, async () => {
          await passwords.requestReset(body.email);
          return c.json({ message: RESET_ASKED }, 202);
        }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/auth/password-reset/check',
      operationId: 'checkPasswordReset',
      summary: 'Whether a reset link still works, and for which account',
      description: 'The token travels in the body (the page reads it from the link\'s fragment), never in a URL.',
      tag,
      access: 'public',
      cors: 'same-origin',
      body: { schema: PasswordResetToken },
      responses: { 200: { description: 'The link works', schema: PasswordResetLinkInfo }, ...linkRefusals },
      handler: ({ body, c }) =>
        linkBudget.run(c, async () => {
          c.header('Cache-Control', 'no-store');
          return c.json(await passwords.checkReset(body.token), 200);
        }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/auth/password-reset/confirm',
      operationId: 'confirmPasswordReset',
      summary: 'Set a new password with a reset link (once); every session of the account ends',
      tag,
      access: 'public',
      cors: 'same-origin',
      body: { schema: PasswordResetConfirm },
      responses: {
        204: { description: 'The password is set: log in with it' },
        400: { description: 'The new password is too short or too long (`validation-failed`)' },
        ...linkRefusals,
      },
      handler: ({ body, c }) =>
        linkBudget.run(c, async () => {
          await passwords.confirmReset(body);
          return c.body(null, 204);
        }),
    }),
  ];
}
