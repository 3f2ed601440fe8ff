import { describe, expect, it, beforeAll } from 'vitest';
import { LOCALHOST_NAMES, NON_PUBLIC_FORMS } from '../test-support/address-forms.js';
import { type Login, ownerSessions } from '../test-support/owner-sessions.js';
import { storageFactories } from '../test-support/storages.js';
import { useTestApp } from '../test-support/test-app.js';

/** Finding 9 of #11: the loopback forms the old check let through, exactly as reported. */
const REPORTED = ['http://localhost.:8080/', 'http://[::127.0.0.1]/', 'http://[::ffff:0:7f00:1]/', 'http://[64:ff9b::7f00:1]/', 'http://[2002:7f00:1::]/'];

describe.each(storageFactories)('webhook URLs at create and update on $name', (factory) => {
  describe('private addresses refused (the default)', () => {
    const t = useTestApp(factory);
    const s = ownerSessions(t);
    let admin: Login;
    beforeAll(async () => {
      admin = await s.bootstrap(`hook-urls-${factory.name}@example.org`, 'Acme');
    });

    it('answers 400 naming url for each reported form, every non-public form and localhost names', async () => {
      const urls = [...REPORTED, ...NON_PUBLIC_FORMS.map((f) => `https://${f.host}:8443/hook`), ...LOCALHOST_NAMES.map((n) => `http://${n}:8080/hook`)];
      for (const url of urls) {
        const res = await s.expectStatus(s.as(admin, 'POST', '/api/v1/workspace/webhooks', { url, eventTypes: ['*'] }), 400);
        const body = (await res.json()) as { error: { code: string; issues: { path: string[]; message: string }[] } };
        expect(body.error, url).toMatchObject({ code: 'webhook-url-refused', issues: [{ path: ['url'], message: expect.stringMatching(/^the url points at/) }] });
      }
      expect(((await (await s.expectStatus(s.as(admin, 'GET', '/api/v1/workspace/webhooks'), 200)).json()) as { webhooks: unknown[] }).webhooks).toEqual([]);
    });

    it('refuses them on update too, and takes a public receiver', async () => {
      const made = await s.expectStatus(s.as(admin, 'POST', '/api/v1/workspace/webhooks', { url: 'https://hooks.example.org/in', eventTypes: ['*'] }), 201);
      const { id } = (await made.json()) as { id: string };
      for (const url of REPORTED) {
        await s.expectStatus(s.as(admin, 'PATCH', `/api/v1/workspace/webhooks/${id}`, { url }), 400);
      }
    });
  });

  describe('private addresses allowed (REELBACK_OUTBOUND_ALLOW_PRIVATE=1)', () => {
    const t = useTestApp(factory, { outbound: { allowPrivate: true } });
    const s = ownerSessions(t);

    it('takes a receiver on this host', async () => {
      const admin = await s.bootstrap(`hook-urls-on-${factory.name}@example.org`, 'Acme');
      for (const url of REPORTED) await s.expectStatus(s.as(admin, 'POST', '/api/v1/workspace/webhooks', { url, eventTypes: ['*'] }), 201);
    });
  });
});
