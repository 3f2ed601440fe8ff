import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startTestOidcProvider, type TestOidcProvider } from '@reelback/server/test-oidc-provider';
import { startTestSmtp, type TestSmtp } from '@reelback/server/test-smtp';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { launchChromium } from './support/chromium.js';
import { acceptInviteLoggedOut, type Person, setUpInBrowser, setupCodeFrom } from './support/first-run.js';
import { freePort, type RunningServer, startReelbackServer } from './support/reelback-server.js';

// Issue #13's whole chain against the real server, in Chromium except reading the mail and the final export: a fresh
// data folder → the setup page with the printed code → a manager invited by e-mail (read from a real SMTP server) →
// accepts logged out → a second run of the server with SSO → the manager signs in with SSO → an admin makes an API
// key in Settings → the export command uses it.
const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const ADA: Person = { name: 'Ada Admin', email: 'ada@acme.example', password: 'a long admin password' };
const BO: Person = { name: 'Bo Manager', email: 'bo@acme.example', password: 'a long manager password' };

function exportCli(url: string, key: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'packages/server/src/cli/reelback.ts', 'export', '--url', url, '--what', 'sessions', '--format', 'ndjson'],
      { cwd: repoRoot, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', REELBACK_API_KEY: key }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('first run to a team: setup, an e-mailed invite, SSO on a second run, an export with a key from Settings', () => {
  let smtp: TestSmtp;
  let provider: TestOidcProvider;
  let admin: BrowserContext;
  let manager: BrowserContext;
  const runs: RunningServer[] = [];
  let port: number;
  let url: string;

  beforeAll(async () => {
    port = await freePort();
    url = `http://127.0.0.1:${port}`;
    smtp = await startTestSmtp();
    provider = await startTestOidcProvider({ redirectUris: [`${url}/api/v1/auth/oidc/callback`], users: { bo: { email: BO.email, emailVerified: true, name: BO.name } } });
    [admin, manager] = await Promise.all([launchChromium(), launchChromium()]);
  });
  afterAll(async () => {
    await Promise.all([admin?.close(), manager?.close()]);
    for (const run of runs.slice(0, -1)) await run.stop({ keepData: true });
    await runs.at(-1)?.stop();
    await provider?.close();
    await smtp?.close();
  });

  it('goes through the chain', async () => {
    onTestFailed(() => runs.forEach((run, i) => console.error(`--- server log, run ${i + 1} ---\n${run.output()}`)));
    const mail = { REELBACK_PUBLIC_URL: url, REELBACK_SMTP_URL: smtp.url, REELBACK_MAIL_FROM: 'Reelback <reelback@acme.example>' };
    runs.push(await startReelbackServer(mail, undefined, port));

    // Setup with the code the server printed.
    const adminPage = await admin.newPage();
    await adminPage.emulateMedia({ reducedMotion: 'reduce' });
    await adminPage.goto(`${url}/app/`);
    await setUpInBrowser(adminPage, await setupCodeFrom(runs[0]!), 'Acme', ADA);

    // Settings → Members: invite the manager by e-mail; the link arrives at the SMTP server.
    await adminPage.getByRole('link', { name: 'Settings' }).first().click();
    await adminPage.getByLabel('E-mail (optional)').fill(BO.email);
    await adminPage.getByLabel('Role', { exact: true }).selectOption('manager');
    await adminPage.getByRole('button', { name: 'Invite', exact: true }).click();
    const invite = await smtp.waitFor((m) => m.to.includes(BO.email), 30_000);
    const link = /(http:\/\/127\.0\.0\.1:\d+\/app\/invite#token=[A-Za-z0-9_-]+)/.exec(invite.parsed.text ?? '')?.[1];
    expect(link, invite.parsed.text).toBeTruthy();

    // The manager accepts while logged out.
    const managerPage = await manager.newPage();
    await acceptInviteLoggedOut(managerPage, link!, BO);

    // A second run on the same data folder, now with single sign-on.
    await runs[0]!.stop({ keepData: true });
    runs.push(
      await startReelbackServer(
        {
          ...mail,
          REELBACK_OIDC_ISSUER: provider.issuer,
          REELBACK_OIDC_CLIENT_ID: provider.clientId,
          REELBACK_OIDC_CLIENT_SECRET: provider.clientSecret,
          REELBACK_OIDC_DOMAINS: 'acme.example=manager',
          REELBACK_OIDC_ALLOW_PRIVATE: '1',
        },
        runs[0]!.dataDir,
        port,
      ),
    );
    await manager.clearCookies();
    provider.loginAs = 'bo';
    await managerPage.goto(`${url}/app/login`);
    await managerPage.getByRole('link', { name: 'Sign in with SSO' }).click();
    await managerPage.getByRole('heading', { name: 'Answers' }).waitFor();
    const me = await managerPage.evaluate(async () => (await (await fetch('/api/v1/auth/me')).json()) as { user: { email: string }; role: string });
    expect(me).toMatchObject({ user: { email: BO.email }, role: 'manager' });

    // The admin (still logged in: sessions outlive a restart) makes a read key in Settings; the export command uses it.
    await adminPage.goto(`${url}/app/settings/api-keys`);
    await adminPage.getByRole('heading', { name: 'Make an API key' }).waitFor();
    await adminPage.getByLabel('Name').fill('Nightly export');
    await adminPage.getByRole('radio', { name: /^Read:/ }).check();
    await adminPage.getByRole('button', { name: 'Make key' }).click();
    await adminPage.getByRole('heading', { name: 'New API key “Nightly export”' }).waitFor();
    const key = await adminPage.getByRole('textbox', { name: 'New API key “Nightly export”' }).inputValue();
    expect(key).toMatch(/^rb_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    const exported = await exportCli(url, key);
    expect(exported.code, exported.stderr).toBe(0);
  });
});
