import type { CreatedTeamInvite, TeamInviteList } from '@reelback/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KyselyStorage } from '../storage/kysely/kysely-storage.js';
import { ownerSessions, PASSWORD } from '../test-support/owner-sessions.js';
import { storageFactories } from '../test-support/storages.js';
import { closedPort, SMTP_PASSWORD, SMTP_USER, startTestSmtp, type TestSmtp } from '../test-support/test-smtp.js';
import { useTestApp } from '../test-support/test-app.js';
import { NodemailerMailer } from './nodemailer-mailer.js';

/**
 * The mail server is down: the request that wanted an e-mail answers at once all the same, each failed try is
 * logged and shown on the invite with the mail server's reason, and the mail goes out once the server is back
 * (the queue's backoff retries it); past the last try it says not delivered, and the link still works.
 */
describe.each(storageFactories)('e-mail while the SMTP server is down, on $name', (factory) => {
  let port: number;
  let smtp: TestSmtp | undefined;
  beforeAll(async () => {
    port = await closedPort();
  });
  afterAll(() => smtp?.close());
  const t = useTestApp(factory, {
    publicUrl: 'https://feedback.acme.example',
    mailer: () => new NodemailerMailer({ url: `smtp://${SMTP_USER}:${SMTP_PASSWORD}@127.0.0.1:${port}`, from: 'reelback@acme.example' }),
    mailAttempts: 4,
  });
  beforeAll(() => t.media.media.queue.start());
  const s = ownerSessions(t);

  const deliveryOf = async (admin: Awaited<ReturnType<typeof s.login>>, inviteId: string) => {
    const list = (await (await s.expectStatus(s.as(admin, 'GET', '/api/v1/workspace/invites'), 200)).json()) as TeamInviteList;
    return list.invites.find((i) => i.id === inviteId)?.delivery ?? null;
  };

  it('answers the invite at once, says why the e-mail is not out yet, and sends it when the server is back', async () => {
    const admin = await s.bootstrap('ann@example.org');
    const started = performance.now();
    const res = await s.expectStatus(s.as(admin, 'POST', '/api/v1/workspace/invites', { role: 'owner', email: 'bo@example.org' }), 201);
    expect(performance.now() - started, 'the request waits for no mail server').toBeLessThan(2_000);
    const made = (await res.json()) as CreatedTeamInvite;
    expect(made.delivery).toMatchObject({ status: 'queued' });

    await expect.poll(async () => (await deliveryOf(admin, made.id))?.status, { timeout: 15_000, interval: 100 }).toBe('retrying');
    const retrying = (await deliveryOf(admin, made.id))!;
    expect(retrying.error).toBe(`smtp://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}`);
    expect(t.errors.map((e) => (e as Error).message)).toContain(retrying.error);

    // The queued message is sealed: the link (worth an account) is not readable in the database.
    const db = (t.storage as KyselyStorage).database.withTables<{ mail_deliveries: { sealed_message: string | null; topic_id: string | null } }>();
    const row = await db.selectFrom('mail_deliveries').select('sealed_message').where('topic_id', '=', made.id).executeTakeFirstOrThrow();
    expect(row.sealed_message).toMatch(/^v1\./);
    expect(row.sealed_message).not.toContain(made.token);

    smtp = await startTestSmtp({ port });
    const mail = await smtp.waitFor((m) => m.to.includes('bo@example.org'));
    expect(mail.parsed.text).toContain(made.url);
    await expect.poll(async () => (await deliveryOf(admin, made.id))?.status, { timeout: 15_000, interval: 100 }).toBe('sent');
    const sent = (await deliveryOf(admin, made.id))!;
    expect(sent.attempts).toBeGreaterThanOrEqual(2);
    expect(sent.error).toBeNull();
    const after = await db.selectFrom('mail_deliveries').select('sealed_message').where('topic_id', '=', made.id).executeTakeFirstOrThrow();
    expect(after.sealed_message, 'the content goes once it is sent').toBeNull();
  });

  it('says "not delivered" with the reason after the last try; the link still works', async () => {
    await smtp!.close();
    smtp = undefined;
    const admin = await s.login('ann@example.org');
    const made = (await (await s.expectStatus(s.as(admin, 'POST', '/api/v1/workspace/invites', { role: 'manager', email: 'cy@example.org' }), 201)).json()) as CreatedTeamInvite;
    await expect.poll(async () => (await deliveryOf(admin, made.id))?.status, { timeout: 30_000, interval: 200 }).toBe('failed');
    expect(await deliveryOf(admin, made.id)).toEqual({ status: 'failed', attempts: 4, error: `smtp://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}`, sentAt: null });
    await s.expectStatus(t.request('POST', '/api/v1/auth/invites/accept', { body: { token: made.token, email: 'cy@example.org', name: 'Cy', password: PASSWORD } }), 200);
  });
});
