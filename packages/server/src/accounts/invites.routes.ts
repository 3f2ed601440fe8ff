import { type ApiRoute, defineRoute } from '../http/route.js';
import { LoginResponse } from './accounts.schemas.js';
import { InvitePreview, InviteTokenRequest } from './invites.schemas.js';
import type { InvitesService } from './invites.service.js';
import { sessionStarted } from './session-cookie.js';

const authTag = 'Auth';

/** The invite page's calls: what an invite is for, and joining it while logged in. */
export function invitesRoutes(invites: InvitesService): ApiRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/v1/auth/invites/preview',
      operationId: 'previewInvite',
      summary: 'What an invite is for: workspace, role, e-mail and whether it can still be accepted',
      description: 'The token goes in the body rather than the path, so it stays out of access logs. Nothing changes.',
      tag: authTag,
      access: 'public',
      cors: 'same-origin',
      body: { schema: InviteTokenRequest },
      responses: {
        200: { description: 'The invite', schema: InvitePreview },
        404: { description: 'No invite has this token (`invite-not-found`)' },
      },
      handler: async ({ body, c }) => {
        c.header('Cache-Control', 'no-store');
        return c.json(await invites.preview(body.token), 200);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/auth/invites/join',
      operationId: 'joinInvite',
      summary: 'Join the invite\'s workspace as the logged-in user, and move the session there',
      description:
        'For a person already logged in (cookie session) whose e-mail the invite names, or any person for an invite ' +
        'without an e-mail. Replaces the session with one in the new workspace (new cookie and CSRF token).',
      tag: authTag,
      access: 'owner',
      minRole: 'manager',
      body: { schema: InviteTokenRequest },
      responses: {
        200: { description: 'Joined; the session is in the new workspace', schema: LoginResponse },
        403: { description: 'The invite names another e-mail (`invite-email-mismatch`), or a key called (`session-required`)' },
        404: { description: 'No invite has this token (`invite-not-found`)' },
        409: { description: 'Already a member of that workspace (`already-member`)' },
        410: { description: 'The invite was used (`invite-used`) or has expired (`invite-expired`)' },
      },
      handler: async ({ body, c }) => sessionStarted(c, await invites.join(c.var.caller, body.token)),
    }),
  ];
}
