// The first hour against the real server, one step per function, so a longer story can chain them: read the setup
// code from the server's log, set up in the browser, invite someone with the admin's own session, accept the
// invite logged out.
import type { Page } from 'playwright-core';
import type { RunningServer } from './reelback-server.js';

export interface Person {
  name: string;
  email: string;
  password: string;
}

/** The setup code the server printed at start (`Setup code: ABCD-EFGH-JKMN-PQRS`), waiting for the line to arrive. */
export async function setupCodeFrom(server: RunningServer, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const code = /^ {2}Setup code: ([0-9A-Z-]+)$/m.exec(server.output())?.[1];
    if (code) return code;
    if (Date.now() > deadline) throw new Error(`no "Setup code:" line in the server's log after ${timeoutMs} ms:\n${server.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Fills the setup page (where a fresh server sends `/app/`) and waits for the inbox of the new workspace. */
export async function setUpInBrowser(page: Page, code: string, workspaceName: string, admin: Person): Promise<void> {
  await page.getByRole('heading', { name: 'Set up Reelback' }).waitFor();
  await page.getByLabel('Setup code').fill(code);
  await page.getByLabel('Workspace name').fill(workspaceName);
  await page.getByLabel('Your name').fill(admin.name);
  await page.getByLabel('E-mail').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await page.getByRole('heading', { name: 'Answers' }).waitFor();
}

/**
 * An invite made with the logged-in admin's own cookie session and CSRF token, as the dashboard would make it:
 * the link the server gives (`/app/invite#token=…`).
 */
export async function inviteFromBrowser(page: Page, role: 'manager' | 'owner' | 'admin', email: string): Promise<string> {
  return page.evaluate(
    async ({ role, email }) => {
      const me = (await (await fetch('/api/v1/auth/me')).json()) as { csrfToken: string };
      const res = await fetch('/api/v1/workspace/invites', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: JSON.stringify({ role, email }),
      });
      if (res.status !== 201) throw new Error(`inviting ${email}: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { url: string }).url;
    },
    { role, email },
  );
}

/** A logged-out person opens the invite link, makes their account with the invited e-mail, and lands in the app. */
export async function acceptInviteLoggedOut(page: Page, inviteUrl: string, person: Pick<Person, 'name' | 'password'>): Promise<void> {
  await page.goto(inviteUrl);
  await page.getByRole('heading', { name: /^Join / }).waitFor();
  await page.getByLabel('Your name').fill(person.name);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Create account and join' }).click();
  await page.getByRole('heading', { name: 'Answers' }).waitFor();
}
