import { describe, expect, it } from 'vitest';
import { systemClock } from '../ports/clock.js';
import { branchingFlow } from '../test-support/fixtures.js';
import { storageFactories } from '../test-support/storages.js';
import { uniqueFlowId, useTestApp } from '../test-support/test-app.js';
import { displaySetupCode } from './setup-code.js';
import { SetupAttempts } from './setup-attempts.js';
import { SetupService } from './setup.service.js';

const SECRET = new Uint8Array(32).fill(3);
const ADA = { workspaceName: 'Acme', email: 'Ada@Example.org', name: 'Ada', password: 'correct horse battery' };

describe.each(storageFactories)('the first run on $name', (factory) => {
  describe('with the setup code', () => {
    const t = useTestApp(factory, { secretKey: SECRET, setupAttempts: new SetupAttempts({ perAddress: { points: 3, durationSeconds: 600 }, global: { points: 100, durationSeconds: 600 } }) });
    let code: string;
    let earlyFlowId: string;

    const setup = (body: unknown, address = '203.0.113.1') => t.request('POST', '/api/v1/setup', { body, address });
    const users = () => t.storage.accounts.countUsers();

    it('is pending with a code to print while no account exists', async () => {
      const state = await t.reelback.services.setup.prepare();
      expect(state.pending).toBe(true);
      code = state.pending ? state.code : '';
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/);
      // Asked again (a restart), the same code.
      expect(await t.reelback.services.setup.prepare()).toEqual(state);
      const status = await t.request('GET', '/api/v1/setup');
      expect([status.status, await status.json(), status.headers.get('cache-control')]).toEqual([200, { pending: true }, 'no-store']);
      // The database keeps the nonce and the hash, never the code.
      expect(JSON.stringify(await t.storage.setup.getCode())).not.toContain(code);
    });

    it('refuses a wrong code with a 403 naming it, and changes nothing', async () => {
      earlyFlowId = uniqueFlowId();
      expect((await t.request('POST', '/api/v1/flows', { owner: true, body: { id: earlyFlowId, definition: branchingFlow } })).status).toBe(201);
      const res = await setup({ ...ADA, code: 'AAAA-BBBB-CCCC-DDDD' });
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: 'setup-code-wrong', issues: [{ path: ['code'] }] } });
      expect(res.headers.get('set-cookie')).toBeNull();
      expect(await users()).toBe(0);
    });

    it('refuses bad input with a 400 naming the field, before looking at the code', async () => {
      const res = await setup({ ...ADA, code, password: 'short' });
      expect(res.status).toBe(400);
      expect(JSON.stringify(await res.json())).toContain('password');
      const missing = await setup({ code, email: ADA.email, password: ADA.password, name: ADA.name });
      expect(missing.status).toBe(400);
      expect(JSON.stringify(await missing.json())).toContain('workspaceName');
      expect(await users()).toBe(0);
    });

    it('limits wrong codes per address (429 with Retry-After), even a right one after, while other addresses go on', async () => {
      const wrong = { ...ADA, code: 'ZZZZ-ZZZZ-ZZZZ-ZZZZ' };
      for (let i = 0; i < 3; i++) expect((await setup(wrong, '198.51.100.7')).status).toBe(403);
      const limited = await setup({ ...ADA, code }, '198.51.100.7');
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await limited.json()).toMatchObject({ error: { code: 'too-many-setup-attempts' } });
      expect(await users()).toBe(0);
      expect((await setup(wrong, '198.51.100.8')).status).toBe(403);
    });

    it('with the code (typed in any case, with spaces) makes the workspace and its admin, logs in, and takes the flows made before', async () => {
      const typed = displaySetupCode(code).toLowerCase().replace(/-/g, ' ');
      const res = await setup({ ...ADA, code: ` ${typed} `, timeZone: 'Europe/Berlin' });
      expect(res.status, await res.clone().text()).toBe(201);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const setCookie = res.headers.get('set-cookie') ?? '';
      expect(setCookie).toMatch(/^reelback_session=[^;]+;.*HttpOnly/);
      const body = (await res.json()) as { user: { email: string }; workspace: { id: string; name: string; timeZone: string }; role: string; csrfToken: string };
      expect(body).toMatchObject({ user: { email: 'ada@example.org', name: 'Ada' }, workspace: { name: 'Acme', timeZone: 'Europe/Berlin' }, role: 'admin' });
      expect(JSON.stringify(body)).not.toContain('scrypt');

      const cookie = setCookie.split(';')[0]!;
      const me = await t.request('GET', '/api/v1/auth/me', { headers: { cookie } });
      expect(await me.json()).toMatchObject({ user: { email: 'ada@example.org' }, role: 'admin', via: 'session', csrfToken: body.csrfToken });
      const flows = (await (await t.request('GET', '/api/v1/flows', { headers: { cookie } })).json()) as { flows: { id: string }[] };
      expect(flows.flows.map((f) => f.id)).toContain(earlyFlowId);
      // The password logs in too.
      expect((await t.request('POST', '/api/v1/auth/login', { body: { email: ADA.email, password: ADA.password } })).status).toBe(200);
    });

    it('is no longer pending: the same code again is 410, another code 409, the bootstrap 409, and nothing changes', async () => {
      expect(await (await t.request('GET', '/api/v1/setup')).json()).toEqual({ pending: false });
      expect(await t.reelback.services.setup.prepare()).toEqual({ pending: false });
      const again = await setup({ ...ADA, code, email: 'eve@example.org' });
      expect(again.status).toBe(410);
      expect(await again.json()).toMatchObject({ error: { code: 'setup-code-used' } });
      const other = await setup({ ...ADA, code: 'AAAA-BBBB-CCCC-DDDD', email: 'eve@example.org' });
      expect(other.status).toBe(409);
      expect(await other.json()).toMatchObject({ error: { code: 'already-set-up' } });
      const bootstrap = await t.request('POST', '/api/v1/auth/bootstrap', { owner: true, body: { ...ADA, email: 'eve@example.org' } });
      expect(bootstrap.status).toBe(409);
      expect(await users()).toBe(1);
      expect(await t.storage.accounts.findUserByEmail('eve@example.org')).toBeUndefined();
    });
  });

  describe('after the admin key bootstrapped', () => {
    const t = useTestApp(factory, { secretKey: SECRET });

    it('the code printed before is spent (410) and setup is no longer pending', async () => {
      const state = await t.reelback.services.setup.prepare();
      const code = state.pending ? state.code : '';
      expect((await t.request('POST', '/api/v1/auth/bootstrap', { owner: true, body: ADA })).status).toBe(201);
      expect(await (await t.request('GET', '/api/v1/setup')).json()).toEqual({ pending: false });
      const res = await t.request('POST', '/api/v1/setup', { body: { ...ADA, code, email: 'eve@example.org' } });
      expect(res.status).toBe(410);
      expect(await t.storage.accounts.countUsers()).toBe(1);
    });
  });

  describe('races and keys', () => {
    const t = useTestApp(factory, { secretKey: SECRET });

    it('a code made with another secret key is replaced at the next start; the old one no longer works', async () => {
      const state = await t.reelback.services.setup.prepare();
      const oldCode = state.pending ? state.code : '';
      // Another process (or this one restarted) with another REELBACK_SECRET_KEY cannot know the code: it makes its own.
      const otherKey = new SetupService({ store: t.storage.setup, accountStore: t.storage.accounts, accounts: t.reelback.services.accounts, secretKey: new Uint8Array(32).fill(9), clock: systemClock });
      const next = await otherKey.prepare();
      expect(next.pending).toBe(true);
      expect(next.pending && next.code).not.toBe(oldCode);
      const refused = await t.request('POST', '/api/v1/setup', { body: { ...ADA, code: oldCode } });
      expect(refused.status).toBe(403);
      // Back on this key, a code of its own again, which it can print.
      const back = await t.reelback.services.setup.prepare();
      expect(back.pending && [oldCode, next.pending && next.code].includes(back.code)).toBe(false);
      expect(await t.reelback.services.setup.prepare()).toEqual(back);
    });

    it('two setups at once with the right code: one makes the admin, the other changes nothing', async () => {
      const state = await t.reelback.services.setup.prepare();
      const code = state.pending ? state.code : '';
      const [a, b] = await Promise.all([
        t.request('POST', '/api/v1/setup', { body: { ...ADA, code } }),
        t.request('POST', '/api/v1/setup', { body: { ...ADA, code, email: 'eve@example.org', workspaceName: 'Eve Corp' } }),
      ]);
      expect([a.status, b.status].sort()).toEqual([201, 410]);
      expect(await t.storage.accounts.countUsers()).toBe(1);
      const [winner, loser] = a.status === 201 ? ['ada@example.org', 'eve@example.org'] : ['eve@example.org', 'ada@example.org'];
      expect(await t.storage.accounts.findUserByEmail(winner!)).toBeDefined();
      expect(await t.storage.accounts.findUserByEmail(loser!)).toBeUndefined();
      expect((await t.storage.accounts.firstWorkspace())?.name).toBe(winner === 'ada@example.org' ? 'Acme' : 'Eve Corp');
    });
  });
});
