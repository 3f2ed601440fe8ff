import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { page } from 'vitest/browser';
import { violations } from '../test-support/axe.js';
import { startWorker } from '../test-support/fake-api.js';
import { FakeSettings, GITHUB_TOKEN } from '../test-support/fake-settings.js';
import { deep, deepAll, mountApp, unmountApp } from '../test-support/mount.js';
import { trackerBody } from './tracker-form.js';
import { appNavigation } from './workspaces-api.js';

let api: FakeSettings;
let reload: ReturnType<typeof vi.spyOn>;

beforeAll(() => startWorker());
beforeEach(() => {
  api = new FakeSettings().install();
  reload = vi.spyOn(appNavigation, 'reload').mockImplementation(() => undefined);
});
afterEach(() => {
  vi.restoreAllMocks();
  unmountApp();
});

async function openSettings() {
  const app = mountApp('/app/settings');
  await expect.element(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await expect.poll(() => deepAll(app, ['rb-settings'], '.workspaces li').length).toBe(api.workspaces.length);
  return app;
}

const tracker = (app: Element) => deep(app, 'rb-settings', 'rb-tracker-settings')!;
const field = (app: Element, name: string) => tracker(app).shadowRoot!.querySelector<HTMLInputElement>(`#tracker-${name}`)!;

describe('settings: workspaces', () => {
  it('lists the workspaces (names as text, the current one marked) and switches with a POST, then starts over', async () => {
    api.role = 'owner';
    const app = await openSettings();
    const rows = deepAll(app, ['rb-settings'], '.workspaces li');
    expect(rows.map((r) => r.textContent!.replace(/\s+/g, ' ').trim())).toEqual([
      'Acme Boards Owner Current workspace',
      'Acme Labs Admin Switch to Acme Labs',
      '<img src=x onerror=alert(1)> Manager Switch to <img src=x onerror=alert(1)>',
    ]);
    expect(rows.map((r) => r.getAttribute('aria-current'))).toEqual(['true', null, null]);
    expect(deep(app, 'rb-settings')!.shadowRoot!.querySelectorAll('img')).toHaveLength(0);

    await page.getByRole('button', { name: 'Switch to Acme Labs' }).click();
    await expect.poll(() => reload.mock.calls.length).toBe(1);
    expect(api.sent('POST', '/auth/workspace').map((r) => [r.body, r.csrf])).toEqual([[{ workspaceId: 'wsp_2' }, 'csrf-wsp_1']]);
  });

  it('says why a switch failed and stays', async () => {
    api.role = 'owner';
    await openSettings();
    api.workspaces = api.workspaces.filter((w) => w.id !== 'wsp_2'); // removed from it meanwhile: 404
    await page.getByRole('button', { name: 'Switch to Acme Labs' }).click();
    await expect.element(page.getByRole('alert').filter({ hasText: 'Could not switch workspace: You are not a member of that workspace.' })).toBeVisible();
    expect(reload).not.toHaveBeenCalled();
  });

  it('puts a workspace switcher in the top bar for people in more than one workspace', async () => {
    const app = await openSettings();
    const select = page.getByRole('combobox', { name: 'Switch workspace' });
    await expect.element(select).toHaveValue('wsp_1');
    const header = deep(app, 'rb-workspace-switcher')!;
    expect([...header.shadowRoot!.querySelectorAll('option')].map((o) => o.textContent)).toEqual(['Acme Boards', 'Acme Labs', '<img src=x onerror=alert(1)>']);
    await select.selectOptions('wsp_2');
    await expect.poll(() => reload.mock.calls.length).toBe(1);
    expect(api.sent('POST', '/auth/workspace').map((r) => r.body)).toEqual([{ workspaceId: 'wsp_2' }]);
  });

  it('shows no switcher with only one workspace', async () => {
    api.workspaces = api.workspaces.slice(0, 1);
    const app = mountApp('/app/settings');
    await expect.element(page.getByText('Current workspace')).toBeVisible();
    await expect.poll(() => api.sent('GET', '/auth/workspaces').length).toBeGreaterThanOrEqual(2);
    expect(deep(app, 'rb-workspace-switcher')!.shadowRoot!.querySelector('select')).toBeNull();
  });
});

describe('settings: backlog tracker (admins)', () => {
  it('saves a GitHub tracker, shows the secret redacted and keeps it when left empty', async () => {
    const app = await openSettings();
    await expect.element(page.getByText('No tracker is set up', { exact: false })).toBeVisible();
    await expect.element(page.getByRole('button', { name: 'Test connection' })).toBeDisabled();
    await page.getByRole('textbox', { name: 'Owner (user or organisation)' }).fill('acme');
    await page.getByRole('textbox', { name: 'Repository' }).fill('feedback');
    await page.getByLabelText('Token').fill(GITHUB_TOKEN);
    await page.getByRole('textbox', { name: 'Labels' }).fill('feedback, from-reelback ,');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.element(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
    expect(api.sent('PUT', '/workspace/tracker').map((r) => [r.body, r.csrf])).toEqual([
      [{ kind: 'github', owner: 'acme', repo: 'feedback', token: GITHUB_TOKEN, labels: ['feedback', 'from-reelback'] }, 'csrf-wsp_1'],
    ]);
    await expect.element(page.getByText('Answers are sent to GitHub Issues.')).toBeVisible();
    await expect.element(page.getByText('Saved: ghp_…9x. Leave empty to keep it, or type a new one.')).toBeVisible();
    expect(field(app, 'token').value).toBe('');
    expect(field(app, 'token').type).toBe('password');

    // Another repository; the token is not sent again, settings the form does not show are kept.
    api.tracker = { ...api.tracker!, apiBase: 'https://github.example.com/api/v3' };
    unmountApp();
    const again = await openSettings();
    await expect.poll(() => field(again, 'repo')?.value).toBe('feedback');
    await page.getByRole('textbox', { name: 'Repository' }).fill('roadmap');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => api.sent('PUT', '/workspace/tracker').length).toBe(2);
    expect(api.sent('PUT', '/workspace/tracker')[1]!.body).toEqual({
      kind: 'github',
      owner: 'acme',
      repo: 'roadmap',
      labels: ['feedback', 'from-reelback'],
      apiBase: 'https://github.example.com/api/v3',
    });
    await expect.poll(() => api.tracker).toMatchObject({ repo: 'roadmap', token: GITHUB_TOKEN });
  });

  it('shows the field errors of a 400 next to the fields', async () => {
    const app = await openSettings();
    api.putIssues = [
      { path: ['owner'], message: 'is not a GitHub user or organisation name' },
      { path: ['token'], message: 'is required' },
    ];
    await page.getByRole('textbox', { name: 'Owner (user or organisation)' }).fill('-acme');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.element(page.getByRole('alert').filter({ hasText: 'The settings were not saved: owner: is not a GitHub user or organisation name' })).toBeVisible();
    const owner = field(app, 'owner');
    expect(owner.getAttribute('aria-invalid')).toBe('true');
    const described = owner.getAttribute('aria-describedby')!.split(' ').map((id) => tracker(app).shadowRoot!.getElementById(id)!.textContent);
    expect(described).toContain('Owner (user or organisation): is not a GitHub user or organisation name');
    expect(field(app, 'token').getAttribute('aria-invalid')).toBe('true');
    expect(field(app, 'repo').getAttribute('aria-invalid')).toBe('false');
    expect(tracker(app).shadowRoot!.activeElement).toBe(owner);
  });

  it('sends the fields of each kind (Jira, Linear, webhook)', async () => {
    await openSettings();
    await page.getByRole('combobox', { name: 'Tracker' }).selectOptions('jira');
    await page.getByRole('textbox', { name: 'Site URL' }).fill('https://acme.atlassian.net');
    await page.getByRole('textbox', { name: 'Account e-mail' }).fill('ann@example.com');
    await page.getByLabelText('API token').fill('jira-token-1234567890');
    await page.getByRole('textbox', { name: 'Project key' }).fill('FEED');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.element(page.getByText('Answers are sent to Jira.')).toBeVisible();
    await page.getByRole('combobox', { name: 'Tracker' }).selectOptions('linear');
    await page.getByLabelText('API key').fill('lin_api_abcdefghijkl');
    await page.getByRole('textbox', { name: 'Team id' }).fill('team-1');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.element(page.getByText('Answers are sent to Linear.')).toBeVisible();
    await page.getByRole('combobox', { name: 'Tracker' }).selectOptions('webhook');
    await page.getByRole('textbox', { name: 'URL' }).fill('https://hooks.example.com/reelback');
    await page.getByLabelText('Signing secret').fill('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.element(page.getByText('Answers are sent to Webhook.')).toBeVisible();
    expect(api.sent('PUT', '/workspace/tracker').map((r) => r.body)).toEqual([
      { kind: 'jira', baseUrl: 'https://acme.atlassian.net', email: 'ann@example.com', apiToken: 'jira-token-1234567890', projectKey: 'FEED' },
      { kind: 'linear', apiKey: 'lin_api_abcdefghijkl', teamId: 'team-1' },
      { kind: 'webhook', url: 'https://hooks.example.com/reelback', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
    ]);
  });

  it('tests the connection and shows ok or the reason', async () => {
    api.tracker = { kind: 'github', owner: 'acme', repo: 'feedback', token: GITHUB_TOKEN, apiBase: 'https://api.github.com' };
    await openSettings();
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect.element(page.getByRole('status').filter({ hasText: 'Connection works' })).toBeVisible();
    api.checkResult = { ok: false, reason: 'GitHub refused the token (401): Bad credentials', retryable: false };
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect
      .element(page.getByRole('status').filter({ hasText: 'The tracker did not accept the connection: GitHub refused the token (401): Bad credentials' }))
      .toBeVisible();
    expect(api.sent('POST', '/workspace/tracker/check').map((r) => [r.body, r.csrf])).toEqual([
      [undefined, 'csrf-wsp_1'],
      [undefined, 'csrf-wsp_1'],
    ]);
  });

  it('removes the tracker after a confirmation', async () => {
    api.tracker = { kind: 'linear', apiKey: 'lin_api_abcdefghijkl', teamId: 'team-1' };
    await openSettings();
    await page.getByRole('button', { name: 'Remove', exact: true }).click();
    await expect.element(page.getByText('Remove the Linear tracker?', { exact: false })).toBeVisible();
    await page.getByRole('button', { name: 'Keep it' }).click();
    expect(api.sent('DELETE', '/workspace/tracker')).toEqual([]);
    await page.getByRole('button', { name: 'Remove', exact: true }).click();
    await page.getByRole('button', { name: 'Yes, remove it' }).click();
    await expect.element(page.getByText('No tracker is set up', { exact: false })).toBeVisible();
    expect(api.sent('DELETE', '/workspace/tracker').map((r) => r.csrf)).toEqual(['csrf-wsp_1']);
    expect(api.tracker).toBeNull();
  });
});

describe('settings: owners and managers', () => {
  it('shows who to ask instead of the tracker form', async () => {
    api.role = 'owner';
    const app = await openSettings();
    await expect.element(page.getByText('Only admins can set up the backlog tracker', { exact: false })).toBeVisible();
    await expect.element(page.getByText('Ask an admin of Acme Boards:')).toBeVisible();
    await expect.element(page.getByRole('link', { name: 'ann@example.com' })).toHaveAttribute('href', 'mailto:ann@example.com');
    expect(deep(app, 'rb-settings', 'rb-tracker-settings')).toBeNull();
    expect(api.sent('GET', '/workspace/tracker')).toEqual([]);
  });
});

describe('settings: accessibility', () => {
  it('has no axe violations for an admin with a tracker, with field errors', async () => {
    api.tracker = { kind: 'github', owner: 'acme', repo: 'feedback', token: GITHUB_TOKEN, apiBase: 'https://api.github.com' };
    await openSettings();
    await expect.element(page.getByText('Answers are sent to GitHub Issues.')).toBeVisible();
    expect(await violations()).toEqual([]);
    api.putIssues = [{ path: ['repo'], message: 'is not a GitHub repository name' }];
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.element(page.getByRole('alert').filter({ hasText: 'The settings were not saved' })).toBeVisible();
    await page.getByRole('button', { name: 'Remove', exact: true }).click();
    expect(await violations()).toEqual([]);
  });

  it('has no axe violations for an owner', async () => {
    api.role = 'owner';
    await openSettings();
    await expect.element(page.getByText('Ask an admin of Acme Boards:')).toBeVisible();
    expect(await violations()).toEqual([]);
  });
});

describe('trackerBody', () => {
  it('keeps the stored secret unless a new one is typed, and drops empty optional fields', () => {
    const stored = { kind: 'jira' as const, baseUrl: 'https://a.atlassian.net', email: 'a@b.c', apiToken: 'abcd…yz', projectKey: 'FEED', issueType: 'Bug', timeoutMs: 5000 };
    expect(trackerBody('jira', { baseUrl: 'https://a.atlassian.net', email: 'a@b.c', apiToken: '', projectKey: 'OPS', issueType: ' ' }, stored)).toEqual({
      kind: 'jira',
      baseUrl: 'https://a.atlassian.net',
      email: 'a@b.c',
      projectKey: 'OPS',
      timeoutMs: 5000,
    });
    // Another kind starts afresh: nothing of the stored Jira settings goes along.
    expect(trackerBody('linear', { apiKey: '', teamId: '' }, stored)).toEqual({ kind: 'linear', teamId: '' });
  });
});
