import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, SMTP_USER, startTestSmtp, type TestSmtp } from '../test-support/test-smtp.js';
import { inviteMessage, passwordResetMessage } from './mail-messages.js';
import { describeSmtpUrl, NodemailerMailer } from './nodemailer-mailer.js';

describe('the nodemailer mailer against a real SMTP server', () => {
  let smtp: TestSmtp;
  beforeAll(async () => {
    smtp = await startTestSmtp({ rejectRecipients: /^nobody@/ });
  });
  afterAll(() => smtp.close());

  it('sends plain text and HTML from the configured sender, authenticated', async () => {
    const mailer = new NodemailerMailer({ url: smtp.url, from: 'Reelback <reelback@acme.example>' });
    await mailer.send(
      inviteMessage({
        to: 'bo@example.org',
        workspaceName: 'Acme <script>alert(1)</script>',
        invitedBy: 'Ada "the admin" & co',
        role: 'manager',
        url: 'https://feedback.acme.example/app/invite#token=abc',
        expiresAt: '2026-03-01T10:00:00.000Z',
      }),
    );
    mailer.close();
    const mail = await smtp.waitFor((m) => m.to.includes('bo@example.org'));
    expect(mail.from).toBe('reelback@acme.example');
    expect(mail.parsed.from?.value).toEqual([{ name: 'Reelback', address: 'reelback@acme.example' }]);
    expect(mail.parsed.subject).toBe('Join "Acme <script>alert(1)</script>" on Reelback');
    expect(mail.parsed.text).toContain('Ada "the admin" & co invited you to join "Acme <script>alert(1)</script>" on Reelback as a manager');
    expect(mail.parsed.text).toContain('Accept the invitation: https://feedback.acme.example/app/invite#token=abc');
    expect(mail.parsed.text).toContain('until Sun, 01 Mar 2026 10:00:00 UTC');
    const html = String(mail.parsed.html);
    // The names are text in the HTML, never markup.
    expect(html).toContain('<strong>Ada &quot;the admin&quot; &amp; co</strong>');
    expect(html).toContain('<strong>Acme &lt;script&gt;alert(1)&lt;/script&gt;</strong>');
    expect(html).not.toContain('<script>');
    expect(html).toContain('href="https://feedback.acme.example/app/invite#token=abc"');
  });

  it('keeps a line break typed into a name out of the subject and the text', () => {
    const message = inviteMessage({ to: 'x@example.org', workspaceName: 'Acme\r\nBcc: all@example.org', invitedBy: null, role: 'owner', url: 'https://r.example/x', expiresAt: '2026-03-01T10:00:00.000Z' });
    expect(message.subject).toBe('Join "Acme Bcc: all@example.org" on Reelback');
    expect(message.text.split('\n')[0]).toBe('You are invited to join "Acme Bcc: all@example.org" on Reelback as an owner (reviews answers and edits flows).');
  });

  it('writes a reset e-mail that names the admin who made the link', () => {
    const own = passwordResetMessage({ to: 'a@example.org', url: 'https://r.example/app/reset#token=t', expiresAt: '2026-03-01T10:30:00.000Z', madeBy: null });
    expect(own.text).toMatch(/^Someone \(we hope you\) asked to reset your Reelback password\.\n\nSet a new password: https:\/\/r\.example\/app\/reset#token=t\n/);
    const made = passwordResetMessage({ to: 'a@example.org', url: 'https://r.example/app/reset#token=t', expiresAt: '2026-03-01T10:30:00.000Z', madeBy: 'Ann <b>Admin</b>' });
    expect(made.html).toContain('Ann &lt;b&gt;Admin&lt;/b&gt;, an admin of your Reelback workspace');
  });

  it('says why a message was not sent: wrong login, refused recipient, server down', async () => {
    const wrongLogin = new NodemailerMailer({ url: `smtp://${SMTP_USER}:wrong@127.0.0.1:${smtp.port}`, from: 'reelback@acme.example' });
    await expect(wrongLogin.send({ to: 'a@example.org', subject: 's', text: 't', html: '<p>t</p>' })).rejects.toThrow(
      new RegExp(`^smtp://127\\.0\\.0\\.1:${smtp.port}: Invalid login: 535`),
    );
    const mailer = new NodemailerMailer({ url: smtp.url, from: 'reelback@acme.example' });
    await expect(mailer.send({ to: 'nobody@example.org', subject: 's', text: 't', html: '<p>t</p>' })).rejects.toThrow(/550 mailbox nobody@example\.org unavailable/);
    const port = await closedPort();
    const down = new NodemailerMailer({ url: `smtp://127.0.0.1:${port}`, from: 'reelback@acme.example' });
    await expect(down.send({ to: 'a@example.org', subject: 's', text: 't', html: '<p>t</p>' })).rejects.toThrow(`smtp://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}`);
  });

  it('describes a connection URL without its credentials', () => {
    expect(describeSmtpUrl('smtp://user:secret@mail.example.com:2525')).toBe('smtp://mail.example.com:2525');
    expect(describeSmtpUrl('smtps://user:secret@mail.example.com')).toBe('smtps://mail.example.com:465');
    expect(describeSmtpUrl('smtp://mail.example.com')).toBe('smtp://mail.example.com:587');
  });
});
