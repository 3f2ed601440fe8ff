import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { page } from 'vitest/browser';
import { violations } from '../test-support/axe.js';
import { startWorker } from '../test-support/fake-api.js';
import { FakeSettings } from '../test-support/fake-settings.js';
import { AT, delivery, FakeWebhooks, webhook } from '../test-support/fake-webhooks.js';
import { deep, mountApp, unmountApp } from '../test-support/mount.js';

let settings: FakeSettings;
let api: FakeWebhooks;

beforeAll(() => startWorker());
beforeEach(() => {
  settings = new FakeSettings().install();
  api = new FakeWebhooks().install();
  api.hooks = [
    webhook(),
    webhook({
      id: 'whk_2',
      url: 'https://old.example.com/gone',
      eventTypes: ['reelback.answer.submitted', 'reelback.clip.processed'],
      description: '',
      enabled: false,
      disabledReason: 'The receiver answered 410 Gone',
      disabledAt: AT,
    }),
  ];
});
afterEach(() => {
  vi.restoreAllMocks();
  unmountApp();
});

const root = (app: Element) => deep(app, 'rb-settings', 'rb-webhooks-settings')!.shadowRoot!;
const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
/** The secret shown once, or null when none is shown. */
const shownSecret = (app: Element) => root(app).querySelector('rb-shown-once')?.value ?? null;
const hookItem = (app: Element, id: string) => root(app).querySelector(`.hook[data-id="${id}"]`);

async function openWebhooks() {
  const app = mountApp('/app/settings');
  await expect.element(page.getByRole('heading', { name: 'Webhooks', level: 2 })).toBeVisible();
  await expect.poll(() => deep(app, 'rb-settings', 'rb-webhooks-settings')?.shadowRoot?.querySelectorAll('.hook').length ?? 0).toBe(api.hooks.length);
  return app;
}

describe('settings: webhooks (admins)', () => {
  it('is not there for owners and managers, and asks nothing of the webhooks API', async () => {
    for (const role of ['owner', 'manager'] as const) {
      settings.role = role;
      const app = mountApp('/app/settings');
      await expect.element(page.getByRole('heading', { name: 'Backlog tracker' })).toBeVisible();
      await expect.element(page.getByText(/Only admins can set up/)).toBeVisible();
      expect(deep(app, 'rb-settings', 'rb-webhooks-settings')).toBeNull();
      expect(page.getByRole('heading', { name: 'Webhooks' }).elements()).toHaveLength(0);
      unmountApp();
    }
    expect(api.requests).toEqual([]);
  });

  it('lists the endpoints with their event types, and why the server disabled one', async () => {
    const app = await openWebhooks();
    expect(text(hookItem(app, 'whk_1'))).toContain('https://hooks.example.com/reelback CRM sync Enabled Events: All events');
    const gone = hookItem(app, 'whk_2')!;
    expect(text(gone)).toContain('Disabled Events: reelback.answer.submitted, reelback.clip.processed');
    expect(text(gone.querySelector('.reason'))).toMatch(/^Disabled by Reelback on .+: The receiver answered 410 Gone$/);
  });

  it('adds a webhook for chosen event types and shows its secret once, with a copy button', async () => {
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
    const app = await openWebhooks();
    await page.getByRole('textbox', { name: 'Receiver address' }).fill('https://crm.example.com/in');
    await page.getByRole('textbox', { name: 'Description (optional)' }).fill('  Answers to the CRM ');
    await page.getByRole('checkbox', { name: 'All events' }).click();
    await page.getByRole('checkbox', { name: 'reelback.answer.submitted' }).click();
    await page.getByRole('checkbox', { name: 'reelback.transcript.ready' }).click();
    await page.getByRole('button', { name: 'Add webhook' }).click();

    await expect.element(page.getByRole('heading', { name: 'Signing secret for https://crm.example.com/in' })).toBeVisible();
    expect(api.sent('POST').map((r) => [r.path, r.body, r.csrf])).toEqual([
      ['/api/v1/workspace/webhooks', { url: 'https://crm.example.com/in', eventTypes: ['reelback.answer.submitted', 'reelback.transcript.ready'], description: 'Answers to the CRM' }, 'csrf-wsp_1'],
    ]);
    const secret = shownSecret(app)!;
    expect(secret).toMatch(/^whsec_/);
    await expect.element(page.getByRole('textbox', { name: 'Signing secret for https://crm.example.com/in' })).toHaveValue(secret);
    expect(text(hookItem(app, 'whk_3'))).toContain('Events: reelback.answer.submitted, reelback.transcript.ready');
    // The form is empty again, "All events" ticked.
    await expect.element(page.getByRole('textbox', { name: 'Receiver address' })).toHaveValue('');
    await expect.element(page.getByRole('checkbox', { name: 'All events' })).toBeChecked();

    await page.getByRole('button', { name: 'Copy secret' }).click();
    expect(writeText).toHaveBeenCalledWith(secret);
    await expect.element(page.getByText('Copied.')).toBeVisible();
    await page.getByRole('button', { name: 'I have copied it' }).click();
    await expect.poll(() => shownSecret(app)).toBeNull();
    expect(root(app).textContent).not.toContain(secret);

    // Never again: the list does not carry it.
    unmountApp();
    const again = await openWebhooks();
    expect(shownSecret(again)).toBeNull();
    expect(root(again).textContent).not.toContain('whsec_');
  });

  it("shows the server's 400 when the URL is refused, and asks for an event type when none is chosen", async () => {
    await openWebhooks();
    await page.getByRole('checkbox', { name: 'All events' }).click();
    await page.getByRole('textbox', { name: 'Receiver address' }).fill('https://crm.example.com/in');
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await expect.element(page.getByRole('alert').filter({ hasText: 'Choose at least one event type, or all events.' })).toBeVisible();
    expect(api.sent('POST')).toEqual([]);

    await page.getByRole('checkbox', { name: 'All events' }).click();
    await page.getByRole('textbox', { name: 'Receiver address' }).fill('ftp://crm.example.com/in');
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await expect
      .element(page.getByRole('alert').filter({ hasText: 'The webhook was not added: Invalid request body — url: the url must be an absolute http:// or https:// URL' }))
      .toBeVisible();
  });

  it('disables and enables again (the reason goes), rotates the secret (shown once) and deletes after confirming', async () => {
    const app = await openWebhooks();
    await page.getByRole('button', { name: 'Disable https://hooks.example.com/reelback' }).click();
    await expect.element(page.getByRole('button', { name: 'Enable https://hooks.example.com/reelback' })).toBeVisible();
    await page.getByRole('button', { name: 'Enable https://old.example.com/gone' }).click();
    await expect.poll(() => hookItem(app, 'whk_2')?.querySelector('.reason') ?? null).toBeNull();
    expect(api.sent('PATCH').map((r) => [r.path, r.body, r.csrf])).toEqual([
      ['/api/v1/workspace/webhooks/whk_1', { enabled: false }, 'csrf-wsp_1'],
      ['/api/v1/workspace/webhooks/whk_2', { enabled: true }, 'csrf-wsp_1'],
    ]);

    await page.getByRole('button', { name: 'Rotate secret of https://old.example.com/gone' }).click();
    await expect.element(page.getByRole('heading', { name: 'New signing secret for https://old.example.com/gone' })).toBeVisible();
    expect(shownSecret(app)).toMatch(/^whsec_/);
    // Focus moves to the new secret's heading, so a keyboard user lands on it.
    await expect.poll(() => root(app).querySelector('rb-shown-once')?.shadowRoot?.activeElement?.textContent).toBe('New signing secret for https://old.example.com/gone');
    expect(api.sent('PATCH').at(-1)!.body).toEqual({ rotateSecret: true });

    await page.getByRole('button', { name: 'Delete https://old.example.com/gone' }).click();
    await page.getByRole('button', { name: 'Keep it' }).click();
    expect(api.sent('DELETE')).toEqual([]);
    await page.getByRole('button', { name: 'Delete https://old.example.com/gone' }).click();
    await expect.element(page.getByRole('group', { name: 'Confirm deletion' })).toHaveTextContent(/Delete the webhook to https:\/\/old\.example\.com\/gone\?/);
    await page.getByRole('button', { name: 'Yes, delete' }).click();
    await expect.poll(() => hookItem(app, 'whk_2')).toBeNull();
    expect(api.sent('DELETE').map((r) => [r.path, r.csrf])).toEqual([['/api/v1/workspace/webhooks/whk_2', 'csrf-wsp_1']]);
    await expect.element(page.getByText('Deleted the webhook to https://old.example.com/gone.')).toBeVisible();
  });

  it('shows the delivery log with every attempt, pages older ones, replays, and sends a test ping', async () => {
    api.deliveries.set('whk_1', [
      delivery({
        id: 'dlv_3',
        status: 'failed',
        deliveredAt: null,
        lastError: 'HTTP 500 from the receiver',
        attempts: [
          { attempt: 1, at: AT, statusCode: 500, error: 'HTTP 500 from the receiver', durationMs: 120, nextRetryAt: '2026-04-01T12:00:05.000Z' },
          { attempt: 2, at: '2026-04-01T12:00:05.000Z', statusCode: null, error: 'timed out after 10 s', durationMs: 10000, nextRetryAt: null },
        ],
      }),
      delivery({ id: 'dlv_2', eventType: 'reelback.answer.submitted', status: 'pending', deliveredAt: null, nextAttemptAt: '2026-04-01T12:05:00.000Z', attempts: [] }),
      delivery({ id: 'dlv_1' }),
    ]);
    const app = await openWebhooks();
    await page.getByRole('button', { name: 'Deliveries to https://hooks.example.com/reelback' }).click();
    const log = () => [...root(app).querySelectorAll('.delivery')];
    await expect.poll(() => log().length).toBe(2);
    const failed = log()[0]!;
    expect(text(failed.querySelector('p'))).toMatch(/^reelback\.session\.completed failed /);
    expect(text(failed.querySelector('.last-error'))).toBe('Last error: HTTP 500 from the receiver');
    const rows = [...failed.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => text(c)));
    expect(rows.map((r) => [r[0], r[2], r[3]])).toEqual([
      ['1', 'HTTP 500: HTTP 500 from the receiver', '120 ms'],
      ['2', 'no response: timed out after 10 s', '10000 ms'],
    ]);
    expect(rows[0]![4]).not.toBe('—');
    expect(rows[1]![4]).toBe('—');
    // Pending: when the next try is due, not replayable.
    expect(text(log()[1])).toContain('Next try');
    expect(log()[1]!.querySelector('button')).toBeNull();

    await page.getByRole('button', { name: 'Older deliveries' }).click();
    await expect.poll(() => log().map((d) => d.getAttribute('data-id'))).toEqual(['dlv_3', 'dlv_2', 'dlv_1']);
    expect(api.sent('GET', '/whk_1/deliveries').map((r) => r.search)).toEqual(['?limit=20', '?limit=20&before=dlv_2']);

    await page.getByRole('button', { name: `Replay reelback.session.completed ${delivery().eventId}` }).first().click();
    await expect.poll(() => text(log()[0]!.querySelector('.badge'))).toBe('pending');
    expect(api.sent('POST', '/whk_1/deliveries').map((r) => [r.path, r.csrf])).toEqual([['/api/v1/workspace/webhooks/whk_1/deliveries/dlv_3/replay', 'csrf-wsp_1']]);
    await expect.element(page.getByText('Replay of reelback.session.completed queued.')).toBeVisible();

    await page.getByRole('button', { name: 'Send test to https://hooks.example.com/reelback' }).click();
    await expect.poll(() => text(log()[0]!.querySelector('strong'))).toBe('reelback.webhook.test');
    expect(api.sent('POST', '/whk_1/test')).toHaveLength(1);
  });

  it('says why a replay was refused (409)', async () => {
    api.deliveries.set('whk_2', [delivery({ id: 'dlv_9', status: 'failed' })]);
    await openWebhooks();
    await page.getByRole('button', { name: 'Deliveries to https://old.example.com/gone' }).click();
    // Replay is offered only while the endpoint is on; enable it, then someone else disables it: the server refuses.
    await expect.element(page.getByRole('button', { name: /^Replay/ })).toBeDisabled();
    await page.getByRole('button', { name: 'Enable https://old.example.com/gone' }).click();
    await expect.element(page.getByRole('button', { name: 'Disable https://old.example.com/gone' })).toBeVisible();
    api.hooks.find((h) => h.id === 'whk_2')!.enabled = false;
    await page.getByRole('button', { name: /^Replay/ }).click();
    await expect.element(page.getByRole('alert').filter({ hasText: 'https://old.example.com/gone: The webhook is disabled: enable it first.' })).toBeVisible();
  });

  it('passes axe with the list, a secret shown, the form and a delivery log open', async () => {
    api.deliveries.set('whk_1', [delivery({ id: 'dlv_1' })]);
    await openWebhooks();
    await page.getByRole('button', { name: 'Rotate secret of https://hooks.example.com/reelback' }).click();
    await expect.element(page.getByRole('heading', { name: /New signing secret/ })).toBeVisible();
    await page.getByRole('button', { name: 'Deliveries to https://hooks.example.com/reelback' }).click();
    await expect.element(page.getByRole('table', { name: /^Attempts of/ })).toBeVisible();
    await page.getByRole('button', { name: 'Delete https://old.example.com/gone' }).click();
    expect(await violations()).toEqual([]);
  });
});
