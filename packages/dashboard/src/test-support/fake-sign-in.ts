// The workspace's sign-in settings API (#13) as Settings → Sign-in uses it: GET, and PUT refused with 409 as the
// server does when passwords would be turned off without single sign-on for the workspace. Records every request.
import { http, HttpResponse } from 'msw';
import type { SignInSettings } from '@reelback/shared';
import { worker } from './fake-api.js';
import type { WebhookRequest as SeenRequest } from './fake-webhooks.js';

export const OFF_AT = '2026-04-01T12:00:00.000Z';

export class FakeSignIn {
  settings: SignInSettings = { passwordsEnabled: true, ssoConfigured: true, ssoWorkspace: true, passwordsOffSince: null };
  readonly requests: SeenRequest[] = [];

  install(): this {
    worker.use(
      http.get('/api/v1/workspace/sign-in', ({ request }) => {
        this.requests.push({ method: 'GET', path: new URL(request.url).pathname, search: '', csrf: request.headers.get('x-csrf-token'), body: undefined });
        return HttpResponse.json(this.settings);
      }),
      http.put('/api/v1/workspace/sign-in', async ({ request }) => {
        const body = (await request.json()) as { passwordsEnabled: boolean };
        this.requests.push({ method: 'PUT', path: new URL(request.url).pathname, search: '', csrf: request.headers.get('x-csrf-token'), body });
        if (!body.passwordsEnabled && !(this.settings.ssoConfigured && this.settings.ssoWorkspace)) {
          return HttpResponse.json(
            { error: { code: 'sso-not-configured', message: 'passwords can only be turned off while single sign-on is configured', issues: [] } },
            { status: 409 },
          );
        }
        this.settings = { ...this.settings, passwordsEnabled: body.passwordsEnabled, passwordsOffSince: body.passwordsEnabled ? null : OFF_AT };
        return HttpResponse.json(this.settings);
      }),
    );
    return this;
  }
}
