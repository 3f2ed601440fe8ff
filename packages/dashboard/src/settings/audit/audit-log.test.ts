import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { violations } from '../../test-support/axe.js';
import { startWorker } from '../../test-support/fake-api.js';
import { apiKey, FakeApiKeys } from '../../test-support/fake-api-keys.js';
import { auditEntry, FakeAudit } from '../../test-support/fake-audit.js';
import { FakeSettings } from '../../test-support/fake-settings.js';
import { deep, mountApp, unmountApp } from '../../test-support/mount.js';
import { detailText } from './audit-words.js';

let settings: FakeSettings;
let audit: FakeAudit;
let keys: FakeApiKeys;

/** 60 entries, newest first: every third a role change by Ann, the others keys made by the admin key or Maya. */
function history() {
  return Array.from({ length: 60 }, (_, i) => {
    const at = new Date(Date.parse('2026-04-10T12:00:00.000Z') - i * 60_000).toISOString();
    if (i % 3 === 0) {
      return auditEntry({
        id: `aud_${i}`,
        at,
        action: 'member.role-changed',
        actor: { kind: 'user', id: 'usr_2', label: 'Ann Admin' },
        target: { type: 'member', id: 'usr_3', label: 'Bo Manager' },
        detail: { from: 'manager', to: 'owner' },
      });
    }
    return auditEntry({
      id: `aud_${i}`,
      at,
      actor: i % 3 === 1 ? { kind: 'admin-key', id: null, label: 'the admin key' } : { kind: 'user', id: 'usr_1', label: 'Maya Owner' },
    });
  });
}

beforeAll(() => startWorker());
beforeEach(() => {
  settings = new FakeSettings().install();
  keys = new FakeApiKeys().install();
  keys.keys = [apiKey({ id: 'key_1', name: 'CI' })];
  audit = new FakeAudit().install();
  audit.entries = history();
});
afterEach(() => unmountApp());

const root = (app: Element) => deep(app, 'rb-audit-log', 'rb-audit-log-view')!.shadowRoot!;
const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const rows = (app: Element) => [...root(app).querySelectorAll('tbody tr')];

async function openLog(path = '/app/settings/audit-log') {
  const app = mountApp(path);
  await expect.element(page.getByRole('heading', { name: 'Audit log', level: 1 })).toBeVisible();
  await expect.poll(() => deep(app, 'rb-audit-log', 'rb-audit-log-view')?.shadowRoot?.querySelectorAll('tbody tr').length ?? 0).toBeGreaterThan(0);
  return app;
}

describe('Settings → Audit log', () => {
  it('is reached from Settings, and tells owners and managers that only admins read it, asking the server nothing', async () => {
    mountApp('/app/settings');
    await page.getByRole('link', { name: 'Audit log' }).click();
    await expect.element(page.getByRole('heading', { name: 'Audit log', level: 1 })).toBeVisible();
    expect(location.pathname).toBe('/app/settings/audit-log');
    expect(document.title).toBe('Audit log · Settings · Reelback');
    await expect.poll(() => audit.sent().length).toBe(1);
    unmountApp();

    for (const role of ['owner', 'manager'] as const) {
      settings.role = role;
      mountApp('/app/settings/audit-log');
      await expect.element(page.getByText('Only admins of Acme Boards can read the audit log.')).toBeVisible();
      unmountApp();
    }
    expect(audit.sent()).toHaveLength(1);
  });

  it('shows who did what to what and when, newest first, with the detail in words, and pages older entries', async () => {
    const app = await openLog();
    expect(rows(app)).toHaveLength(50);
    const first = [...rows(app)[0]!.children].map((c) => text(c));
    expect(first.slice(1)).toEqual(['Ann Admin', 'Changed a role', 'Member: Bo Manager', 'from: manager; to: owner']);
    expect(first[0]).toMatch(/\d/);
    expect(rows(app)[0]!.querySelector('time')!.getAttribute('datetime')).toBe('2026-04-10T12:00:00.000Z');
    expect([...rows(app)[1]!.children].map((c) => text(c)).slice(1)).toEqual(['the admin key', 'Made an API key', 'API key: Nightly export', 'scopes: read; expiresAt: —; prefix: a1b2c3d4e5f6']);

    await page.getByRole('button', { name: 'Older entries' }).click();
    await expect.poll(() => rows(app).length).toBe(60);
    expect(rows(app).map((r) => r.getAttribute('data-id'))).toEqual(audit.entries.map((e) => e.id));
    expect(audit.sent().map((r) => r.search)).toEqual(['?limit=50', '?limit=50&cursor=50']);
    expect(page.getByRole('button', { name: 'Older entries' }).elements()).toHaveLength(0);
  });

  it('filters by action and by who, keeps the filters in the address, and exports what it shows', async () => {
    const app = await openLog();
    await page.getByRole('combobox', { name: 'Action' }).selectOptions('Changed a role');
    await expect.poll(() => rows(app).length).toBe(20);
    expect(new Set(rows(app).map((r) => r.getAttribute('data-action')))).toEqual(new Set(['member.role-changed']));
    expect(location.search).toBe('?action=member.role-changed');

    await page.getByRole('combobox', { name: 'Action' }).selectOptions('All actions');
    await expect.element(page.getByRole('option', { name: 'API key “CI”' })).toBeInTheDocument();
    await page.getByRole('combobox', { name: 'Who' }).selectOptions('The server admin key');
    await expect.poll(() => rows(app).length).toBe(20);
    expect(location.search).toBe('?actor=admin-key');
    await page.getByRole('combobox', { name: 'Who' }).selectOptions('Maya Owner');
    await expect.poll(() => location.search).toBe('?actor=usr_1');
    await expect.poll(() => rows(app).map((r) => text(r.children[1]!))).toEqual(Array(20).fill('Maya Owner'));

    const csv = page.getByRole('link', { name: 'CSV' });
    await expect.element(csv).toHaveAttribute('href', '/api/v1/workspace/audit-log/export?actor=usr_1&format=csv');
    await expect.element(page.getByRole('link', { name: 'NDJSON' })).toHaveAttribute('href', '/api/v1/workspace/audit-log/export?actor=usr_1&format=ndjson');
    await expect.element(csv).toHaveAttribute('download');
  });

  it('opens with the filters of its address, and says when nothing matches', async () => {
    const app = await openLog('/app/settings/audit-log?action=member.role-changed&actor=usr_2');
    expect(audit.sent()[0]!.search).toBe('?action=member.role-changed&actor=usr_2&limit=50');
    expect(rows(app)).toHaveLength(20);
    await expect.element(page.getByRole('combobox', { name: 'Action' })).toHaveValue('member.role-changed');
    await expect.element(page.getByRole('combobox', { name: 'Who' })).toHaveValue('usr_2');

    await page.getByRole('combobox', { name: 'Action' }).selectOptions('Published a flow');
    await expect.element(page.getByText('No entries match these filters.')).toBeVisible();
  });

  it('says why the log could not be loaded, and tries again', async () => {
    audit.failNext = 503;
    mountApp('/app/settings/audit-log');
    await expect.element(page.getByRole('alert').filter({ hasText: 'The audit log could not be loaded: The database is not reachable.' })).toBeVisible();
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => audit.sent().length).toBe(2);
    await expect.element(page.getByRole('button', { name: 'Older entries' })).toBeVisible();
  });

  it('passes axe with entries, filters and paging', async () => {
    await openLog();
    await expect.element(page.getByRole('option', { name: 'API key “CI”' })).toBeInTheDocument();
    expect(await violations()).toEqual([]);
  });
});

describe('audit details in words', () => {
  it('reads changes as from → to, lists with commas, nested facts in parentheses', () => {
    expect(detailText({ changes: { enabled: { from: true, to: false }, eventTypes: { from: ['*'], to: ['a', 'b'] } } })).toBe(
      'changes (enabled: true → false; eventTypes: * → a, b)',
    );
    expect(detailText({ role: 'owner', newAccount: true, expiresAt: null, labels: [] })).toBe('role: owner; newAccount: true; expiresAt: —; labels: —');
    expect(detailText({})).toBe('');
  });
});
