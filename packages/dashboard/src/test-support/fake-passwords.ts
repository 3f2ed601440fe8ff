// The password routes (#13) as the account, forgot and reset pages use them, on top of FakeApi's auth: a change
// needs the right current password (403 `wrong-password`, 400 `same-password`); a reset request answers alike for any
// address (or 429 when `rateLimitSeconds` is set); reset links are checked and used once (404/410 as the server).
import { http, HttpResponse } from 'msw';
import type { SeenRequest } from './fake-answer-page.js';
import { FakeApi, PASSWORD, worker } from './fake-api.js';

export const RESET_ASKED = 'if an account uses this address, a link to set a new password is on its way; it works once, for 30 minutes';

export class FakePasswords {
  readonly base = new FakeApi();
  password = PASSWORD;
  /** Reset links: token → the account's e-mail and state. */
  links = new Map<string, { email: string; state: 'live' | 'used' | 'expired' }>([
    ['good-token', { email: 'maya@example.com', state: 'live' }],
    ['used-token', { email: 'maya@example.com', state: 'used' }],
    ['old-token', { email: 'maya@example.com', state: 'expired' }],
  ]);
  rateLimitSeconds: number | null = null;
  readonly requests: SeenRequest[] = [];

  sent(method: string, path: string): SeenRequest[] {
    return this.requests.filter((r) => r.method === method && r.path === `/api/v1${path}`);
  }

  install(): this {
    this.base.install();
    const record = async (request: Request) => {
      const url = new URL(request.url);
      const text = request.method === 'GET' ? '' : await request.clone().text();
      this.requests.push({ method: request.method, path: url.pathname, search: url.search, csrf: request.headers.get('x-csrf-token'), body: text ? JSON.parse(text) : undefined });
    };
    const error = (status: number, code: string, message: string, extra: object = {}) => HttpResponse.json({ error: { code, message, ...extra } }, { status });
    const link = (token: string) => {
      const found = this.links.get(token);
      if (!found) return error(404, 'reset-invalid', 'this password reset link is not valid: ask for a new one');
      if (found.state === 'used') return error(410, 'reset-used', 'this password reset link was used already: ask for a new one if you need to');
      if (found.state === 'expired') return error(410, 'reset-expired', 'this password reset link has expired: ask for a new one');
      return null;
    };
    worker.use(
      http.post('/api/v1/auth/password', async ({ request }) => {
        await record(request);
        if (!this.base.signedIn) return error(401, 'unauthorized', 'Please log in.');
        const body = (await request.json()) as { currentPassword: string; newPassword: string };
        if (body.currentPassword !== this.password) return error(403, 'wrong-password', 'the current password is wrong', { issues: [{ path: ['currentPassword'], message: 'wrong password' }] });
        if (body.newPassword === body.currentPassword) return error(400, 'same-password', 'the new password is the current one: choose another');
        this.password = body.newPassword;
        return new HttpResponse(null, { status: 204 });
      }),
      http.post('/api/v1/auth/password-reset', async ({ request }) => {
        await record(request);
        if (this.rateLimitSeconds !== null) {
          return HttpResponse.json(
            { error: { code: 'rate-limited', message: 'too many password reset requests from this address' } },
            { status: 429, headers: { 'Retry-After': String(this.rateLimitSeconds) } },
          );
        }
        return HttpResponse.json({ message: RESET_ASKED }, { status: 202 });
      }),
      http.post('/api/v1/auth/password-reset/check', async ({ request }) => {
        await record(request);
        const { token } = (await request.json()) as { token: string };
        return link(token) ?? HttpResponse.json({ email: this.links.get(token)!.email, expiresAt: new Date(Date.now() + 30 * 60_000).toISOString() });
      }),
      http.post('/api/v1/auth/password-reset/confirm', async ({ request }) => {
        await record(request);
        const { token, newPassword } = (await request.json()) as { token: string; newPassword: string };
        const refused = link(token);
        if (refused) return refused;
        this.links.get(token)!.state = 'used';
        this.password = newPassword;
        // A reset signs the account out everywhere.
        this.base.signedIn = false;
        return new HttpResponse(null, { status: 204 });
      }),
    );
    return this;
  }
}
