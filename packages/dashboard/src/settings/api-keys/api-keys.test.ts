import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { page } from 'vitest/browser';
import { violations } from '../../test-support/axe.js';
import { startWorker } from '../../test-support/fake-api.js';
import { apiKey, FakeApiKeys, KEY_AT } from '../../test-support/fake-api-keys.js';
import { FakeSettings } from '../../test-support/fake-settings.js';
import { deep, mountApp, unmountApp } from '../../test-support/mount.js';

let settings: FakeSettings;
let api: FakeApiKeys;

beforeAll(() => startWorker());
beforeEach(() => {
  settings = new FakeSettings().install();
  api = new FakeApiKeys().install();
  api.keys = [
    apiKey({ lastUsedAt: '2026-04-02T08:30:00.000Z', expiresAt: '2027-04-01T12:00:00.000Z' }),
    apiKey({ id: 'key_2', name: 'Old CI', prefix: 'ffffffffffff', scopes: ['write'], createdBy: { kind: 'admin-key', id: null, label: 'the admin key' }, expiresAt: '2026-04-05T00:00:00.000Z', status: 'expired' }),
    apiKey({ id: 'key_3', name: 'Leaked', prefix: 'eeeeeeeeeeee', scopes: ['admin'], createdBy: null, revokedAt: KEY_AT, status: 'revoked' }),
  ];
});
afterEach(() => {
  vi.restoreAllMocks();
  unmountApp();
});

const root = (app: Element) => deep(app, 'rb-api-keys', 'rb-api-keys-settings')!.shadowRoot!;
const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const row = (app: Element, id: string) => root(app).querySelector(`tr[data-id="${id}"]`);
/** The key shown once, or null when none is shown. */
const shownKey = (app: Element) => root(app).querySelector('rb-shown-once')?.value ?? null;
const cells = (app: Element, id: string) => [...(row(app, id)?.children ?? [])].map((c) => text(c));

async function openKeys() {
  const app = mountApp('/app/settings/api-keys');
  await expect.element(page.getByRole('heading', { name: 'API keys', level: 1 })).toBeVisible();
  await expect.poll(() => deep(app, 'rb-api-keys', 'rb-api-keys-settings')?.shadowRoot?.querySelectorAll('tbody tr').length ?? 0).toBe(api.keys.length);
  return app;
}

describe('Settings → API keys', () => {
  it('is reached from Settings, and tells owners and managers that only admins manage keys, asking nothing of the keys API', async () => {
    const app = mountApp('/app/settings');
    await page.getByRole('link', { name: 'API keys' }).click();
    await expect.element(page.getByRole('heading', { name: 'API keys', level: 1 })).toBeVisible();
    expect(location.pathname).toBe('/app/settings/api-keys');
    expect(document.title).toBe('API keys · Settings · Reelback');
    await expect.poll(() => deep(app, 'rb-api-keys', 'rb-api-keys-settings')).not.toBeNull();
    unmountApp();

    for (const role of ['owner', 'manager'] as const) {
      settings.role = role;
      mountApp('/app/settings/api-keys');
      await expect.element(page.getByText('Only admins of Acme Boards can make and revoke API keys.')).toBeVisible();
      await expect.element(page.getByRole('link', { name: 'Settings' }).first()).toBeVisible();
      expect(await violations()).toEqual([]);
      unmountApp();
    }
    expect(api.requests.filter((r) => r.method === 'GET')).toHaveLength(1);
  });

  it('lists each key with its scope, who made it, when, last use, expiry and status; revoked keys cannot be revoked again', async () => {
    const app = await openKeys();
    const [name, scope, by, created, lastUsed, expires, status] = cells(app, 'key_1');
    expect([name, scope, by, status]).toEqual(['Nightly export rb_a1b2c3d4e5f6_…', 'Read', 'Ann Admin', 'Active']);
    for (const time of [created, lastUsed, expires]) expect(time).toMatch(/\d/);
    expect(cells(app, 'key_2').slice(1, 3)).toEqual(['Write', 'the admin key']);
    expect(cells(app, 'key_2')[4]).toBe('never');
    expect(cells(app, 'key_2')[6]).toBe('Expired');
    expect(cells(app, 'key_3').slice(1, 7)).toEqual(['Admin', 'unknown', expect.stringMatching(/\d/), 'never', 'never', 'Revoked']);
    expect(row(app, 'key_3')!.querySelector('button')).toBeNull();
    await expect.element(page.getByRole('button', { name: 'Revoke Old CI' })).toBeVisible();
  });

  it('makes a key with a scope and an expiry, shows its secret once with a copy button, and adds it to the list', async () => {
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
    const app = await openKeys();
    await page.getByRole('textbox', { name: 'Name' }).fill('  CI deploys ');
    await page.getByRole('radio', { name: /^Write:/ }).click();
    await page.getByRole('combobox', { name: 'Expires' }).selectOptions('90 days');
    const before = Date.now();
    await page.getByRole('button', { name: 'Make key' }).click();

    await expect.element(page.getByRole('heading', { name: 'New API key “CI deploys”' })).toBeVisible();
    // Focus is on the new key's heading, so a keyboard user lands on it.
    await expect.poll(() => root(app).querySelector('rb-shown-once')?.shadowRoot?.activeElement?.textContent).toBe('New API key “CI deploys”');
    const [sent] = api.sent('POST');
    expect(sent).toMatchObject({ body: { name: 'CI deploys', scopes: ['write'] }, csrf: 'csrf-wsp_1' });
    const expiresAt = Date.parse((sent!.body as { expiresAt: string }).expiresAt);
    expect(expiresAt - before).toBeGreaterThanOrEqual(90 * 86_400_000 - 1000);
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(90 * 86_400_000);

    const secret = shownKey(app)!;
    expect(secret).toMatch(/^rb_000000000001_S+1ab$/);
    await expect.element(page.getByRole('textbox', { name: 'New API key “CI deploys”' })).toHaveValue(secret);
    expect(cells(app, 'key_new_1').slice(0, 3)).toEqual(['CI deploys rb_000000000001_…', 'Write', 'Maya Owner']);
    await expect.element(page.getByRole('textbox', { name: 'Name' })).toHaveValue('');
    await expect.element(page.getByRole('combobox', { name: 'Expires' })).toHaveValue('never');

    await page.getByRole('button', { name: 'Copy key' }).click();
    expect(writeText).toHaveBeenCalledWith(secret);
    await expect.element(page.getByText('Copied.')).toBeVisible();
    await page.getByRole('button', { name: 'I have copied it' }).click();
    await expect.poll(() => shownKey(app)).toBeNull();
    expect(root(app).textContent).not.toContain(secret);

    unmountApp();
    const again = await openKeys();
    expect(shownKey(again)).toBeNull();
    expect(root(again).textContent).not.toContain(secret);
  });

  it('expires a key at the end of a chosen day, refuses a day gone by, and shows what the server refused', async () => {
    await openKeys();
    await page.getByRole('textbox', { name: 'Name' }).fill('Until new year');
    await page.getByRole('combobox', { name: 'Expires' }).selectOptions('On a date…');
    await page.getByLabelText('Last day it works').fill('2099-12-31');
    await page.getByRole('button', { name: 'Make key' }).click();
    await expect.element(page.getByRole('heading', { name: 'New API key “Until new year”' })).toBeVisible();
    expect(api.sent('POST')[0]!.body).toMatchObject({ name: 'Until new year', scopes: ['read'], expiresAt: new Date('2099-12-31T23:59:59').toISOString() });

    await page.getByRole('textbox', { name: 'Name' }).fill('Too late');
    await page.getByRole('combobox', { name: 'Expires' }).selectOptions('On a date…');
    const field = page.getByLabelText('Last day it works');
    // The browser's own check would stop an earlier day; the page's check is what a typed-in value meets.
    (field.element() as HTMLInputElement).removeAttribute('min');
    await field.fill('2020-01-01');
    await page.getByRole('button', { name: 'Make key' }).click();
    await expect.element(page.getByRole('alert').filter({ hasText: 'Choose a day from today on for the key to expire, or another expiry.' })).toBeVisible();
    expect(api.sent('POST')).toHaveLength(1);

    api.refuseNext = { message: 'name: Too big: expected string to have <=200 characters', issues: [{ path: ['name'], message: 'Too big: expected string to have <=200 characters' }] };
    await page.getByRole('combobox', { name: 'Expires' }).selectOptions('Never expires');
    await page.getByRole('button', { name: 'Make key' }).click();
    await expect.element(page.getByRole('alert').filter({ hasText: 'The key was not made: name: Too big: expected string to have <=200 characters' })).toBeVisible();
  });

  it('revokes a key after confirming in the page', async () => {
    const app = await openKeys();
    await page.getByRole('button', { name: 'Revoke Nightly export' }).click();
    await page.getByRole('button', { name: 'Keep it' }).click();
    expect(api.sent('DELETE')).toEqual([]);
    await page.getByRole('button', { name: 'Revoke Nightly export' }).click();
    await expect.element(page.getByRole('group', { name: 'Confirm revoking Nightly export' })).toHaveTextContent(/Anything using it stops at once/);
    await page.getByRole('button', { name: 'Yes, revoke' }).click();
    await expect.poll(() => cells(app, 'key_1')[6]).toBe('Revoked');
    expect(api.sent('DELETE').map((r) => [r.path, r.csrf])).toEqual([['/api/v1/workspace/api-keys/key_1', 'csrf-wsp_1']]);
    await expect.element(page.getByText('Revoked “Nightly export”: it no longer works.')).toBeVisible();
    expect(row(app, 'key_1')!.querySelector('button')).toBeNull();
  });

  it('passes axe with the list, a new secret, a confirmation and the date field', async () => {
    await openKeys();
    await page.getByRole('textbox', { name: 'Name' }).fill('Axe');
    await page.getByRole('button', { name: 'Make key' }).click();
    await expect.element(page.getByRole('heading', { name: 'New API key “Axe”' })).toBeVisible();
    await page.getByRole('button', { name: 'Revoke Old CI' }).click();
    await page.getByRole('combobox', { name: 'Expires' }).selectOptions('On a date…');
    await expect.element(page.getByLabelText('Last day it works')).toBeVisible();
    expect(await violations()).toEqual([]);
  });
});
