import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { violations } from './support/axe.js';
import { launchChromium } from './support/chromium.js';
import { acceptInviteLoggedOut, inviteFromBrowser, type Person, setUpInBrowser, setupCodeFrom } from './support/first-run.js';
import { type RunningServer, startReelbackServer } from './support/reelback-server.js';

// The first hour of a fresh server, as a person meets it: the start-up log, the setup page, the app, an invite.
// Each step is a function of support/first-run.ts; later steps (invite by e-mail, SSO, an API key export) chain on.
describe('the first run of a fresh server', () => {
  const ADA: Person = { name: 'Ada Admin', email: 'ada@acme.example', password: 'a long admin password' };
  const BO: Person = { name: 'Bo Manager', email: 'bo@acme.example', password: 'a long manager password' };
  let server: RunningServer;
  let admin: BrowserContext;
  let invitee: BrowserContext;
  let adminPage: Page;

  beforeAll(async () => {
    server = await startReelbackServer();
    [admin, invitee] = await Promise.all([launchChromium(), launchChromium()]);
    adminPage = await admin.newPage();
    await adminPage.emulateMedia({ reducedMotion: 'reduce' });
  });
  afterAll(async () => {
    await Promise.all([admin?.close(), invitee?.close()]);
    await server?.stop();
  });

  it('prints where the dashboard is and the setup code, and never the admin key', async () => {
    const code = await setupCodeFrom(server);
    expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    const log = server.output();
    expect(log).toContain(`  Dashboard  ${server.url}/app/\n`);
    expect(log).toContain(`  ${server.url}/app/setup\n`);
    expect(log).not.toContain(server.adminKey);
  });

  it('sends the login page and the app to setup while no account exists', async () => {
    await adminPage.goto(`${server.url}/app/login`);
    await adminPage.getByText('No account exists yet').waitFor();
    expect(await adminPage.getByLabel('Password').count()).toBe(0);
    await adminPage.goto(`${server.url}/app/flows`);
    await adminPage.waitForURL('**/app/setup');
    await adminPage.getByRole('heading', { name: 'Set up Reelback' }).waitFor();
    expect(await violations(adminPage)).toEqual([]);
  });

  it('refuses a wrong code on the page, then sets up with the printed one and lands in the app', async () => {
    // Nothing filled in but the code: the page checks the fields first and sends nothing.
    await adminPage.getByLabel('Setup code').fill('AAAA-BBBB-CCCC-DDDD');
    await adminPage.getByRole('button', { name: 'Create workspace' }).click();
    await adminPage.getByRole('alert').filter({ hasText: 'Please correct the fields marked below.' }).waitFor();
    // Everything filled in, with a wrong code: the server refuses it, and the page says so on the code.
    await adminPage.getByLabel('Workspace name').fill('Acme');
    await adminPage.getByLabel('Your name').fill(ADA.name);
    await adminPage.getByLabel('E-mail').fill(ADA.email);
    await adminPage.getByLabel('Password').fill(ADA.password);
    await adminPage.getByRole('button', { name: 'Create workspace' }).click();
    await adminPage.getByRole('alert').filter({ hasText: 'The setup code is not right.' }).waitFor();
    await adminPage.getByText('This is not the setup code').waitFor();
    expect(await violations(adminPage)).toEqual([]);

    await setUpInBrowser(adminPage, await setupCodeFrom(server), 'Acme', ADA);
    expect(new URL(adminPage.url()).pathname).toBe('/app/');
    await adminPage.getByText(`${ADA.name} · Acme`).waitFor();
    expect(await violations(adminPage)).toEqual([]);
    // The demo flow, seeded before any workspace existed, is the new workspace's.
    await adminPage.getByRole('link', { name: 'Flows' }).click();
    await adminPage.getByRole('heading', { name: 'Flows' }).waitFor();
    await adminPage.getByRole('link', { name: /Acme Boards/ }).first().waitFor();
    // Setup is done: the code is spent.
    expect(await (await fetch(`${server.url}/api/v1/setup`)).json()).toEqual({ pending: false });
  });

  it('an invited manager accepts the link logged out and lands in the same workspace', async () => {
    const url = await inviteFromBrowser(adminPage, 'manager', BO.email);
    expect(url).toMatch(new RegExp(`^${server.url}/app/invite#token=[A-Za-z0-9_-]+$`));
    const page = await invitee.newPage();
    await acceptInviteLoggedOut(page, url, BO);
    await page.getByText(`${BO.name} · Acme`).waitFor();
    expect(await violations(page)).toEqual([]);
    // The link works once.
    await page.goto(url);
    await page.getByRole('heading', { name: 'This invite was used already' }).waitFor();
  });
});
