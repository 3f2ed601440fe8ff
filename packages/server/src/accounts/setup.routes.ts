import { clientAddress } from '../http/client-address.js';
import { type ApiRoute, defineRoute } from '../http/route.js';
import { LoginResponse } from './accounts.schemas.js';
import { sessionStarted } from './session-cookie.js';
import { SetupRequest, SetupStatus } from './setup.schemas.js';
import { SetupRefused, type SetupService } from './setup.service.js';

const setupTag = 'Setup';

/** The first run: whether setup is pending, and making the first workspace and admin with the setup code. */
export function setupRoutes(setup: SetupService): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/setup',
      operationId: 'getSetupStatus',
      summary: 'Whether the server still waits for its first workspace and admin',
      tag: setupTag,
      access: 'public',
      cors: 'same-origin',
      responses: { 200: { description: 'The setup state', schema: SetupStatus } },
      handler: async ({ c }) => {
        c.header('Cache-Control', 'no-store');
        return c.json({ pending: await setup.pending() }, 200);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/setup',
      operationId: 'completeSetup',
      summary: 'Create the first workspace and its admin with the setup code, and log in',
      description:
        'The code is printed in the server\'s start-up log while no account exists, and stays valid until used. ' +
        'Sets the session cookie as login does. Flows made before (the demo) join the new workspace. ' +
        '`POST /api/v1/auth/bootstrap` with the admin key does the same for automation; after either, setup is done.',
      tag: setupTag,
      access: 'public',
      cors: 'same-origin',
      body: { schema: SetupRequest },
      responses: {
        201: { description: 'Set up and logged in (cookie set as by login)', schema: LoginResponse },
        403: { description: 'Not the setup code (`setup-code-wrong`)' },
        409: { description: 'The server is set up already (`already-set-up`)' },
        410: { description: 'The setup code was used already (`setup-code-used`)' },
        429: { description: 'Ten wrong codes from this address, or a hundred in all, in 15 minutes (`too-many-setup-attempts`); see Retry-After' },
      },
      handler: async ({ body, c }) => {
        try {
          return sessionStarted(c, await setup.complete(body, clientAddress(c)), 201);
        } catch (error) {
          if (error instanceof SetupRefused) c.header('Retry-After', String(error.retryAfterSeconds));
          throw error;
        }
      },
    }),
  ];
}
