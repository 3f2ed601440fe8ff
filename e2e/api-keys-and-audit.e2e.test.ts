import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { uuidv7 } from '@reelback/shared';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from './support/server-and-browser.js';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const e2e = useServerAndBrowser();
const ADMIN = { email: 'ada@acme.example', name: 'Ada Admin', password: 'a long admin password' };

async function violations(page: Page): Promise<string[]> {
  await page.evaluate(await readFile(axePath, 'utf8'));
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  });
}

/** `npm run reelback -- export …` as a person runs it: the CLI from source, its own process, against the server. */
function exportCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'packages/server/src/cli/reelback.ts', 'export', '--url', e2e.server.url, ...args],
      { cwd: repoRoot, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('Settings → API keys and the audit log against the real server', () => {
  it('an admin makes a read key in Settings, the export command uses it, revoking it stops it, and the audit log shows both', async () => {
    const bootstrap = await fetch(`${e2e.server.url}/api/v1/auth/bootstrap`, {
      method: 'POST',
      headers: { authorization: `Bearer ${e2e.server.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ workspaceName: 'Acme', ...ADMIN }),
    });
    expect(bootstrap.status).toBe(201);
    // One viewer session on the demo flow, for the export to carry.
    const sessionId = uuidv7();
    const started = await fetch(`${e2e.server.url}/api/v1/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ flowId: 'demo', sessionId, context: { embedMode: 'inline' } }),
    });
    expect(started.status).toBe(201);

    // Without a key, the command says where to make one.
    const keyless = await exportCli(['--what', 'sessions']);
    expect(keyless.code).toBe(2);
    expect(keyless.stderr).toContain(`Settings → API keys (${e2e.server.url}/app/settings/api-keys)`);

    const page = await e2e.browser.newPage();
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(`${e2e.server.url}/app/login`);
    await page.getByLabel('E-mail').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Answers' }).waitFor();
    await page.getByRole('link', { name: 'Settings' }).first().click();
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.waitForURL('**/app/settings/api-keys');
    await page.getByRole('heading', { name: 'Make an API key' }).waitFor();

    await page.getByLabel('Name').fill('Nightly export');
    await page.getByRole('radio', { name: /^Read:/ }).check();
    await page.getByLabel('Expires').selectOption({ label: '30 days' });
    await page.getByRole('button', { name: 'Make key' }).click();
    await page.getByRole('heading', { name: 'New API key “Nightly export”' }).waitFor();
    const key = await page.getByRole('textbox', { name: 'New API key “Nightly export”' }).inputValue();
    expect(key).toMatch(/^rb_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(await violations(page)).toEqual([]);

    const exported = await exportCli(['--what', 'sessions', '--format', 'ndjson'], { REELBACK_API_KEY: key });
    expect(exported.stderr, exported.stderr).not.toContain('answered');
    expect(exported.code).toBe(0);
    expect(exported.stdout.trim().split('\n').map((line) => (JSON.parse(line) as { id: string }).id)).toEqual([sessionId]);

    // The list shows its last use (recorded by the export) and who made it.
    await page.reload();
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /Nightly export/ }) });
    await expect.poll(async () => (await row.getByRole('cell').allTextContents()).map((t) => t.trim())).toEqual([
      'Read',
      ADMIN.name,
      expect.stringMatching(/\d/),
      expect.stringMatching(/\d/),
      expect.stringMatching(/\d/),
      'Active',
      'Revoke Nightly export',
    ]);

    await page.getByRole('button', { name: 'Revoke Nightly export' }).click();
    await page.getByRole('button', { name: 'Yes, revoke' }).click();
    await page.getByText('Revoked “Nightly export”: it no longer works.').waitFor();
    const refused = await exportCli(['--what', 'sessions'], { REELBACK_API_KEY: key });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/the server answered 401: this API key \("Nightly export"\) was revoked at /);

    await page.getByRole('link', { name: 'Settings', exact: true }).first().click();
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.waitForURL('**/app/settings/audit-log');
    const entries = page.locator('tbody tr');
    await expect.poll(() => entries.count()).toBe(2);
    const words = async (i: number) => (await entries.nth(i).locator('td, th').allTextContents()).map((t) => t.trim()).slice(1, 4);
    expect(await words(0)).toEqual([ADMIN.name, 'Revoked an API key', 'API key: Nightly export']);
    expect(await words(1)).toEqual([ADMIN.name, 'Made an API key', 'API key: Nightly export']);
    expect(await violations(page)).toEqual([]);

    // Its CSV export, fetched as the logged-in admin (the link's own request).
    const href = (await page.getByRole('link', { name: 'CSV' }).getAttribute('href'))!;
    const csv = await page.context().request.get(`${e2e.server.url}${href}`);
    expect(csv.status()).toBe(200);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('id,at,action,actorKind,actorId,actorLabel,targetType,targetId,targetLabel,detail');
    expect(lines.slice(1).map((l) => l.split(',')[2])).toEqual(['api-key.revoked', 'api-key.created']);
    // The secret follows `rb_<prefix>_` and is base64url: it may hold '_' itself.
    expect(await csv.text()).not.toContain(key.replace(/^rb_[0-9a-f]{12}_/, ''));
    await page.close();
  });
});
