import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { uuidv7 } from '@reelback/shared';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSmtp, type TestSmtp } from '../packages/server/src/test-support/test-smtp.js';
import { violations } from './support/axe.js';
import { launchChromium } from './support/chromium.js';
import { type Person, setUpInBrowser, setupCodeFrom } from './support/first-run.js';
import { freePort, type RunningServer, startReelbackServer } from './support/reelback-server.js';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));

/** `npm run reelback -- export …` as a person runs it: the CLI from source, its own process, against the server. */
function exportCli(url: string, key: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'packages/server/src/cli/reelback.ts', 'export', '--url', url, ...args],
      { cwd: repoRoot, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', REELBACK_API_KEY: key }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

// The first hour of a team, all through the dashboard against the real server: a fresh data folder → the
// setup page with the printed code → an admin invites a manager by e-mail (read from a real SMTP server) → the
// manager accepts the link logged out → the admin makes an API key in Settings and the export command uses it.
describe('a team’s first hour on a fresh server, with e-mail', () => {
  const ADA: Person = { name: 'Ada Admin', email: 'ada@acme.example', password: 'a long admin password' };
  const BO: Person = { name: 'Bo Manager', email: 'bo@acme.example', password: 'a long manager password' };
  let smtp: TestSmtp;
  let server: RunningServer;
  let admin: BrowserContext;
  let invitee: BrowserContext;
  let adminPage: Page;

  beforeAll(async () => {
    smtp = await startTestSmtp();
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    server = await startReelbackServer({ REELBACK_SMTP_URL: smtp.url, REELBACK_MAIL_FROM: 'Reelback <reelback@acme.example>', REELBACK_PUBLIC_URL: publicUrl }, undefined, port);
    [admin, invitee] = await Promise.all([launchChromium(), launchChromium()]);
    adminPage = await admin.newPage();
    await adminPage.emulateMedia({ reducedMotion: 'reduce' });
  });
  afterAll(async () => {
    await Promise.all([admin?.close(), invitee?.close()]);
    await server?.stop();
    await smtp?.close();
  });

  it('sets up the workspace with the code the log printed', async () => {
    await adminPage.goto(`${server.url}/app/`);
    await adminPage.waitForURL('**/app/setup');
    await setUpInBrowser(adminPage, await setupCodeFrom(server), 'Acme', ADA);
    await adminPage.getByText(`${ADA.name} · Acme`).waitFor();
  });

  it('invites a manager by e-mail from Settings → Members; the manager joins from the e-mail while logged out', async () => {
    await adminPage.getByRole('link', { name: 'Settings' }).first().click();
    await adminPage.getByRole('heading', { name: 'Members', level: 2 }).waitFor();
    await adminPage.getByRole('textbox', { name: 'E-mail (optional)' }).fill(BO.email);
    await adminPage.getByRole('combobox', { name: 'Role', exact: true }).selectOption('manager');
    await adminPage.getByRole('button', { name: 'Invite', exact: true }).click();
    await adminPage.getByRole('textbox', { name: `Invite link for ${BO.email}` }).waitFor();
    expect(await violations(adminPage)).toEqual([]);

    const mail = await smtp.waitFor((m) => m.to.includes(BO.email), 30_000);
    expect(mail.parsed.subject).toContain('Acme');
    const link = /http:\/\/127\.0\.0\.1:\d+\/app\/invite#token=[A-Za-z0-9_-]+/.exec(mail.parsed.text ?? '')?.[0];
    expect(link, `the invite e-mail's text:\n${mail.parsed.text}`).toBeDefined();
    // The list says the e-mail went out.
    await adminPage.getByText(/E-mail sent/).first().waitFor();

    const page = await invitee.newPage();
    await page.goto(link!);
    await page.getByRole('heading', { name: /^Join / }).waitFor();
    await page.getByLabel('Your name').fill(BO.name);
    await page.getByLabel('Password').fill(BO.password);
    await page.getByRole('button', { name: 'Create account and join' }).click();
    await page.getByText(`${BO.name} · Acme`).waitFor();
    expect(await violations(page)).toEqual([]);
    await page.close();
  });

  it('makes a read API key in Settings → API keys, and the export command uses it', async () => {
    const sessionId = uuidv7();
    const started = await fetch(`${server.url}/api/v1/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ flowId: 'demo', sessionId, context: { embedMode: 'inline' } }),
    });
    expect(started.status).toBe(201);

    await adminPage.getByRole('link', { name: 'Settings', exact: true }).first().click();
    await adminPage.getByRole('link', { name: 'API keys' }).click();
    await adminPage.getByRole('heading', { name: 'Make an API key' }).waitFor();
    await adminPage.getByLabel('Name').fill('Weekly export');
    await adminPage.getByRole('radio', { name: /^Read:/ }).check();
    await adminPage.getByRole('button', { name: 'Make key' }).click();
    await adminPage.getByRole('heading', { name: 'New API key “Weekly export”' }).waitFor();
    const key = ((await adminPage.locator('.secret p').nth(1).textContent()) ?? '').trim();
    expect(key).toMatch(/^rb_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);

    const exported = await exportCli(server.url, key, ['--what', 'sessions', '--format', 'ndjson']);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout.trim().split('\n').map((line) => (JSON.parse(line) as { id: string }).id)).toContain(sessionId);
  });
});
