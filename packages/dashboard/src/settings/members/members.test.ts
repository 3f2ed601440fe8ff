import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { page } from 'vitest/browser';
import { violations } from '../../test-support/axe.js';
import { startWorker } from '../../test-support/fake-api.js';
import { FakeMembers, SMTP_DOWN } from '../../test-support/fake-members.js';
import { deep, deepAll, mountApp, unmountApp } from '../../test-support/mount.js';
import type { RbMembersSettings } from './members-settings.component.js';

let api: FakeMembers;

beforeAll(() => startWorker());
beforeEach(() => {
  api = new FakeMembers().install();
});
afterEach(() => {
  vi.restoreAllMocks();
  unmountApp();
});

const section = (app: Element) => deep<RbMembersSettings>(app, 'rb-settings', 'rb-members-settings');
const rows = (app: Element) => deepAll(app, ['rb-settings', 'rb-members-settings'], 'tbody tr').map((r) => r.textContent!.replace(/\s+/g, ' ').trim());
/** The text of the element that has the focus, however deep in shadow roots. */
function focused(): string {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active?.textContent?.trim() ?? '';
}
const invites = (app: Element) => deepAll(app, ['rb-settings', 'rb-members-settings'], '.invites li').map((r) => r.textContent!.replace(/\s+/g, ' ').trim());

async function openMembers() {
  const app = mountApp('/app/settings');
  await expect.element(page.getByRole('heading', { name: 'Members', level: 2 })).toBeVisible();
  await expect.poll(() => rows(app).length).toBe(api.members.length);
  // Deliveries being sent are looked at again quickly in tests.
  section(app)!.pollIntervalMs = 50;
  return app;
}

describe('Settings → Members (admins)', () => {
  it('lists members with role and last activity, and open invites with how their e-mail went (axe clean)', async () => {
    const app = await openMembers();
    expect(rows(app)).toEqual([
      'Maya Owner (you) maya@example.com Role of Maya Owner ManagerOwnerAdmin Just now Reset link for Maya Owner Remove Maya Owner',
      'Bo <b>Manager</b> bo@example.com Role of Bo <b>Manager</b> ManagerOwnerAdmin 2 hours ago Reset link for Bo <b>Manager</b> Remove Bo <b>Manager</b>',
      'cy@example.com Role of cy@example.com ManagerOwnerAdmin Never Reset link for cy@example.com Remove cy@example.com',
    ]);
    // Names are text, never markup.
    expect(section(app)!.shadowRoot!.querySelectorAll('tbody b')).toHaveLength(0);
    await expect.element(page.getByRole('combobox', { name: 'Role of Maya Owner' })).toHaveValue('admin');
    await expect.element(page.getByRole('combobox', { name: 'Role of cy@example.com' })).toHaveValue('owner');
    const listed = invites(app);
    expect(listed[0]).toMatch(/^dee@example\.com Owner Pending Works until .+ · invited by Maya Owner E-mail sent .+\. Resend for dee@example\.com Revoke the invite for dee@example\.com$/);
    expect(listed[1]).toContain(`E-mail not delivered: ${SMTP_DOWN}`);
    expect(listed[2]).toMatch(/^Anyone with the link Manager Expired Expired .+ Link only \(no e-mail address\) New link for anyone with the link Revoke/);
    expect(await violations()).toEqual([]);
  });

  it('invites by e-mail with a role: the link shows at once to copy, and the e-mail is followed until sent', async () => {
    const app = await openMembers();
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
    await page.getByRole('textbox', { name: 'E-mail (optional)' }).fill('fay@example.com');
    await page.getByRole('combobox', { name: 'Role', exact: true }).selectOptions('owner');
    await page.getByRole('button', { name: 'Invite', exact: true }).click();

    await expect.poll(focused).toBe('Invite link for fay@example.com');
    expect(api.sent('POST', '/workspace/invites').map((r) => [r.body, r.csrf])).toEqual([[{ role: 'owner', email: 'fay@example.com' }, 'csrf-wsp_1']]);
    const link = page.getByRole('textbox', { name: 'Invite link for fay@example.com' });
    await expect.element(link).toHaveValue(`${location.origin}/app/invite#token=token-1`);
    await expect.element(page.getByText('We are e-mailing it to fay@example.com; you can also send it yourself.', { exact: false })).toBeVisible();
    await page.getByRole('button', { name: 'Copy link' }).click();
    expect(writeText).toHaveBeenCalledWith(`${location.origin}/app/invite#token=token-1`);
    await expect.element(page.getByText('Copied.')).toBeVisible();
    // The page looks again while the e-mail is on its way, and stops once it is sent.
    await expect.poll(() => invites(app)[0]).toMatch(/^fay@example\.com Owner Pending .* E-mail sent /);
    const looks = api.sent('GET', '/workspace/invites').length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(api.sent('GET', '/workspace/invites').length).toBe(looks);
    expect(await violations()).toEqual([]);
  });

  it('shows "not delivered yet" with the mail server\'s reason while it retries, then "not delivered"', async () => {
    api.next = [
      { status: 'retrying', attempts: 1, error: SMTP_DOWN, sentAt: null },
      { status: 'failed', attempts: 8, error: SMTP_DOWN, sentAt: null },
    ];
    const app = await openMembers();
    await page.getByRole('textbox', { name: 'E-mail (optional)' }).fill('gus@example.com');
    await page.getByRole('button', { name: 'Invite', exact: true }).click();
    await expect.poll(() => invites(app)[0]).toContain(`E-mail not delivered yet (try 1): ${SMTP_DOWN}. Trying again.`);
    await expect.poll(() => invites(app)[0]).toContain(`E-mail not delivered: ${SMTP_DOWN}`);
    // The link box under the heading says it too.
    await expect.element(page.getByRole('status').filter({ hasText: `E-mail not delivered: ${SMTP_DOWN}` })).toBeVisible();
  });

  it('without e-mail on the server: says so, hands out links, makes a new link and revokes', async () => {
    api.mailConfigured = false;
    const app = await openMembers();
    await expect.element(page.getByText('This server sends no e-mail (REELBACK_SMTP_URL is not set)', { exact: false })).toBeVisible();
    await page.getByRole('button', { name: 'Invite', exact: true }).click();
    await expect.poll(focused).toBe('Invite link for anyone with the link');
    await expect.element(page.getByText('Send it to the person yourself (chat, e-mail).', { exact: false })).toBeVisible();
    expect(api.sent('POST', '/workspace/invites').map((r) => r.body)).toEqual([{ role: 'manager' }]);

    // The failed one: a new link replaces it.
    await page.getByRole('button', { name: 'New link for eve@example.com' }).click();
    await expect.poll(focused).toBe('Invite link for eve@example.com');
    expect(api.sent('POST', '/workspace/invites/inv_failed/resend')).toHaveLength(1);
    expect(invites(app).filter((i) => i.startsWith('eve@example.com'))).toHaveLength(1);
    expect(invites(app).find((i) => i.startsWith('eve@example.com'))).toContain('Not e-mailed: this server sends no e-mail.');

    await page.getByRole('button', { name: 'Revoke the invite for dee@example.com' }).click();
    await expect.element(page.getByRole('status').filter({ hasText: 'Revoked the invite for dee@example.com: its link no longer works.' })).toBeVisible();
    expect(api.sent('DELETE', '/workspace/invites/inv_sent').map((r) => r.csrf)).toEqual(['csrf-wsp_1']);
    expect(invites(app).some((i) => i.startsWith('dee@example.com'))).toBe(false);
    expect(await violations()).toEqual([]);
  });

  it("says why an invite was refused (a member already)", async () => {
    await openMembers();
    await page.getByRole('textbox', { name: 'E-mail (optional)' }).fill('bo@example.com');
    await page.getByRole('button', { name: 'Invite', exact: true }).click();
    await expect.element(page.getByRole('alert').filter({ hasText: 'A member of this workspace uses bo@example.com already.' })).toBeVisible();
  });

  it('changes a role in place, and shows the server refusing to drop the last admin (the select keeps Admin)', async () => {
    await openMembers();
    await page.getByRole('combobox', { name: 'Role of cy@example.com' }).selectOptions('admin');
    await expect.element(page.getByRole('status').filter({ hasText: "cy@example.com's role is now Admin." })).toBeVisible();
    expect(api.sent('PATCH', '/workspace/members/usr_3').map((r) => [r.body, r.csrf])).toEqual([[{ role: 'admin' }, 'csrf-wsp_1']]);
    await page.getByRole('combobox', { name: 'Role of cy@example.com' }).selectOptions('manager');
    await expect.element(page.getByRole('status').filter({ hasText: "cy@example.com's role is now Manager." })).toBeVisible();

    await page.getByRole('combobox', { name: 'Role of Maya Owner' }).selectOptions('owner');
    await expect.element(page.getByRole('alert').filter({ hasText: 'A workspace keeps at least one admin: make someone else admin first.' })).toBeVisible();
    await expect.element(page.getByRole('combobox', { name: 'Role of Maya Owner' })).toHaveValue('admin');
  });

  it('removes a member after a confirmation', async () => {
    const app = await openMembers();
    await page.getByRole('button', { name: 'Remove Bo <b>Manager</b>' }).click();
    const confirm = page.getByRole('group', { name: 'Confirm removing Bo <b>Manager</b>' });
    await expect.element(confirm).toBeVisible();
    await confirm.getByRole('button', { name: 'Keep' }).click();
    expect(api.sent('DELETE', '/workspace/members/usr_2')).toHaveLength(0);
    await page.getByRole('button', { name: 'Remove Bo <b>Manager</b>' }).click();
    await page.getByRole('button', { name: 'Yes, remove' }).click();
    await expect.element(page.getByRole('status').filter({ hasText: 'Removed Bo <b>Manager</b> from this workspace.' })).toBeVisible();
    expect(rows(app)).toHaveLength(2);
    expect(api.sent('DELETE', '/workspace/members/usr_2').map((r) => r.csrf)).toEqual(['csrf-wsp_1']);
  });

  it("makes a member's reset link to copy, or says it was only e-mailed", async () => {
    api.mailConfigured = false;
    await openMembers();
    await page.getByRole('button', { name: 'Reset link for cy@example.com' }).click();
    await expect.poll(focused).toBe('Password reset link for cy@example.com');
    await expect.element(page.getByRole('textbox', { name: 'Password reset link for cy@example.com' })).toHaveValue(`${location.origin}/app/reset#token=reset-usr_3`);
    await expect.element(page.getByText('It works once, for 24 hours, and signs them out everywhere.', { exact: false })).toBeVisible();
    expect(await violations()).toEqual([]);

    api.mailConfigured = true;
    api.elsewhere.add('usr_2');
    await page.getByRole('button', { name: 'Reset link for Bo <b>Manager</b>' }).click();
    await expect
      .element(page.getByRole('status').filter({ hasText: 'A reset link was e-mailed to bo@example.com. Bo <b>Manager</b> is also in workspaces you do not administer, so only they can see it.' }))
      .toBeVisible();
  });
});

describe('Settings → Members for everyone else', () => {
  it('is not there, and its invites are never asked for', async () => {
    api.settings.role = 'owner';
    mountApp('/app/settings');
    await expect.element(page.getByRole('heading', { name: 'Backlog tracker' })).toBeVisible();
    await expect.element(page.getByText('Ask an admin of Acme Boards', { exact: false })).toBeVisible();
    expect(document.body.querySelector('rb-app')!.shadowRoot!.querySelector('rb-settings')!.shadowRoot!.querySelector('#members-title')).toBeNull();
    expect(api.settings.requests.some((r) => r.path === '/api/v1/workspace/invites')).toBe(false);
    expect(api.sent('GET', '/workspace/invites')).toHaveLength(0);
  });
});
