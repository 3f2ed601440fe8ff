import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { violations } from '../test-support/axe.js';
import { startWorker } from '../test-support/fake-api.js';
import { anInvite, FakeFirstRun } from '../test-support/fake-first-run.js';
import { mountApp, unmountApp } from '../test-support/mount.js';

const TOKEN = 'tok_0123456789abcdefghijklmnopqrstuvwxyzABCDE';
const KEPT = 'reelback.invite-token';
const PASSWORD = 'a long enough password';
let api: FakeFirstRun;

beforeAll(() => startWorker());
beforeEach(() => {
  sessionStorage.clear();
  api = new FakeFirstRun();
  api.users.set('maya@example.com', { name: 'Maya Owner', password: PASSWORD });
});
afterEach(() => {
  unmountApp();
  sessionStorage.clear();
});

const openInvite = (invite = anInvite()) => {
  api.invites.set(TOKEN, invite);
  api.install();
  mountApp(`/app/invite#token=${TOKEN}`);
};

describe('an invite link, logged out', () => {
  it('shows the workspace, the role and who invited; a new person signs up with the invited e-mail and lands in the app', async () => {
    openInvite();
    await expect.element(page.getByRole('heading', { name: 'Join Acme Labs' })).toBeVisible();
    expect(document.title).toBe('Invite · Reelback');
    await expect.element(page.getByText(/Ada Admin invited you to join Acme Labs as a manager/)).toBeVisible();
    await expect.element(page.getByLabelText('E-mail')).toHaveValue('bo@example.com');
    await expect.element(page.getByLabelText('E-mail')).toHaveAttribute('readonly');
    expect(sessionStorage.getItem(KEPT)).toBe(TOKEN);
    expect(await violations()).toEqual([]);

    await page.getByLabelText('Your name').fill('Bo Manager');
    await page.getByLabelText('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account and join' }).click();
    await expect.element(page.getByRole('heading', { name: 'Answers' })).toBeVisible();
    expect(location.pathname + location.hash).toBe('/app/');
    await expect.element(page.getByText('Bo Manager · Acme Labs')).toBeVisible();
    expect(api.sent('POST', '/auth/invites/accept')[0]!.body).toEqual({ token: TOKEN, email: 'bo@example.com', name: 'Bo Manager', password: PASSWORD });
    // The token is only in the request body, and forgotten once used.
    expect(api.calls.every((c) => !c.path.includes(TOKEN))).toBe(true);
    expect(sessionStorage.getItem(KEPT)).toBeNull();
  });

  it('asks an existing account for its password only, and says when it is wrong', async () => {
    openInvite(anInvite({ email: 'maya@example.com', role: 'owner' }));
    await expect.element(page.getByRole('button', { name: 'Log in and join' })).toBeVisible();
    expect(page.getByLabelText('Your name').elements()).toEqual([]);
    await page.getByLabelText('Password').fill('not her password at all');
    await page.getByRole('button', { name: 'Log in and join' }).click();
    await expect.element(page.getByLabelText('Password')).toHaveAccessibleDescription(/This password is not right for this account/);
    await expect.element(page.getByRole('alert')).toHaveTextContent('The invite was not accepted.');
    expect(await violations()).toEqual([]);
    await page.getByLabelText('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in and join' }).click();
    await expect.element(page.getByText('Maya Owner · Acme Labs')).toBeVisible();
    expect(api.sent('POST', '/auth/invites/accept').at(-1)!.body).toEqual({ token: TOKEN, email: 'maya@example.com', password: PASSWORD });
  });

  it('lets whoever has an open invite choose between a new account and an existing one', async () => {
    openInvite(anInvite({ email: null }));
    const group = page.getByRole('group', { name: 'Do you have a Reelback account?' });
    await expect.element(group).toBeVisible();
    await expect.element(page.getByRole('radio', { name: 'No, I am new here' })).toBeChecked();
    await page.getByRole('radio', { name: 'Yes, I have an account' }).click();
    expect(page.getByLabelText('Your name').elements()).toEqual([]);
    await page.getByLabelText('E-mail').fill('maya@example.com');
    await page.getByLabelText('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in and join' }).click();
    await expect.element(page.getByText('Maya Owner · Acme Labs')).toBeVisible();
  });

  it('finds the token kept in this tab when the address lost its fragment', async () => {
    sessionStorage.setItem(KEPT, TOKEN);
    api.invites.set(TOKEN, anInvite());
    api.install();
    mountApp('/app/invite');
    await expect.element(page.getByRole('heading', { name: 'Join Acme Labs' })).toBeVisible();
  });

  it.each([
    ['used', 'This invite was used already', /ask an admin of Acme Labs for a new one/],
    ['expired', 'This invite has expired', /Invites last 7 days/],
  ] as const)('says plainly when it was %s, offering the login page', async (state, heading, text) => {
    openInvite(anInvite({ state }));
    await expect.element(page.getByRole('heading', { name: heading })).toBeVisible();
    await expect.element(page.getByText(text)).toBeVisible();
    await expect.element(page.getByRole('link', { name: 'Log in' })).toBeVisible();
    expect(page.getByRole('textbox').elements()).toEqual([]);
    expect(await violations()).toEqual([]);
  });

  it('says a link with an unknown or missing token does not work', async () => {
    api.install();
    mountApp('/app/invite#token=forged');
    await expect.element(page.getByRole('heading', { name: 'This invite link does not work' })).toBeVisible();
    expect(sessionStorage.getItem(KEPT)).toBeNull();
    expect(await violations()).toEqual([]);
    unmountApp();
    mountApp('/app/invite');
    await expect.element(page.getByRole('heading', { name: 'This invite link is incomplete' })).toBeVisible();
  });

  it('shows the state the invite reached when it was used meanwhile', async () => {
    openInvite();
    await expect.element(page.getByRole('heading', { name: 'Join Acme Labs' })).toBeVisible();
    api.invites.get(TOKEN)!.state = 'used';
    await page.getByLabelText('Your name').fill('Bo Manager');
    await page.getByLabelText('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account and join' }).click();
    await expect.element(page.getByRole('heading', { name: 'This invite was used already' })).toBeVisible();
  });
});

describe('an invite link, logged in', () => {
  it('as the invited e-mail: one button joins, with the CSRF token, and the app moves to the new workspace', async () => {
    api.signIn('maya@example.com');
    openInvite(anInvite({ email: 'maya@example.com' }));
    await expect.element(page.getByText(/You are signed in as maya@example.com/)).toBeVisible();
    expect(await violations()).toEqual([]);
    const csrf = api.me!.csrfToken;
    await page.getByRole('button', { name: 'Join Acme Labs' }).click();
    await expect.element(page.getByRole('heading', { name: 'Answers' })).toBeVisible();
    await expect.element(page.getByText('Maya Owner · Acme Labs')).toBeVisible();
    const [join] = api.sent('POST', '/auth/invites/join');
    expect([join!.body, join!.csrf]).toEqual([{ token: TOKEN }, csrf]);
  });

  it('as someone else: says so, and signs out to go on as the invited person with the token kept', async () => {
    api.signIn('maya@example.com');
    openInvite();
    await expect.element(page.getByText(/You are signed in as maya@example.com, but this invite is for bo@example.com/)).toBeVisible();
    expect(page.getByRole('button', { name: /^Join/ }).elements()).toEqual([]);
    expect(await violations()).toEqual([]);
    await page.getByRole('button', { name: 'Sign out and continue as bo@example.com' }).click();
    await expect.element(page.getByRole('button', { name: 'Create account and join' })).toBeVisible();
    expect(api.me).toBeNull();
    expect(api.sent('POST', '/auth/logout')).toHaveLength(1);
    expect(location.pathname + location.hash).toBe(`/app/invite#token=${TOKEN}`);
    expect(sessionStorage.getItem(KEPT)).toBe(TOKEN);
    await expect.element(page.getByLabelText('E-mail')).toHaveValue('bo@example.com');
  });

  it('says so when the person is a member already', async () => {
    api.signIn('maya@example.com', { id: 'wsp_labs', name: 'Acme Labs' });
    openInvite(anInvite({ email: null }));
    await page.getByRole('button', { name: 'Join Acme Labs' }).click();
    await expect.element(page.getByRole('alert')).toHaveTextContent('You are a member of Acme Labs already. Switch to it in Settings.');
  });
});
