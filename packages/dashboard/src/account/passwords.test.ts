import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { violations } from '../test-support/axe.js';
import { PASSWORD, startWorker } from '../test-support/fake-api.js';
import { FakePasswords } from '../test-support/fake-passwords.js';
import { mountApp, unmountApp } from '../test-support/mount.js';
import { resetTokenFrom } from './reset-password.component.js';

let api: FakePasswords;

beforeAll(() => startWorker());
beforeEach(() => {
  api = new FakePasswords().install();
});
afterEach(unmountApp);

const NEW = 'a brand new passphrase';

async function fillNew(password: string, again = password) {
  await page.getByLabelText('New password', { exact: true }).fill(password);
  await page.getByLabelText('New password again').fill(again);
}

describe('your account: changing the password', () => {
  beforeEach(() => {
    api.base.signedIn = true;
  });

  it('is reached from the name in the header, and changes the password with the current one (axe clean)', async () => {
    mountApp('/app/');
    await page.getByRole('link', { name: 'Your account: signed in as Maya Owner' }).click();
    await expect.element(page.getByRole('heading', { name: 'Your account', level: 1 })).toBeVisible();
    expect(location.pathname).toBe('/app/account');
    expect(document.title).toBe('Your account · Reelback');
    await expect.element(page.getByText('maya@example.com')).toBeVisible();
    expect(await violations()).toEqual([]);

    await page.getByLabelText('Current password').fill(PASSWORD);
    await fillNew(NEW);
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect.element(page.getByRole('status').filter({ hasText: 'Your password is changed. You stay signed in here; your other sessions were signed out.' })).toBeVisible();
    expect(api.sent('POST', '/auth/password').map((r) => [r.body, r.csrf])).toEqual([[{ currentPassword: PASSWORD, newPassword: NEW }, 'csrf-token-123']]);
    await expect.element(page.getByLabelText('Current password')).toHaveValue('');
    expect(api.password).toBe(NEW);
  });

  it('says what is wrong next to the field, before sending when it can', async () => {
    mountApp('/app/account');
    await expect.element(page.getByRole('heading', { name: 'Your account' })).toBeVisible();
    await page.getByLabelText('Current password').fill(PASSWORD);
    await fillNew('short');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect.element(page.getByRole('alert').filter({ hasText: 'Use at least 10 characters.' })).toBeVisible();
    await expect.element(page.getByLabelText('New password', { exact: true })).toHaveAttribute('aria-invalid', 'true');
    await fillNew(NEW, 'a brand new passphrasf');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect.element(page.getByRole('alert').filter({ hasText: 'The two new passwords are not the same.' })).toBeVisible();
    expect(api.sent('POST', '/auth/password')).toHaveLength(0);

    await page.getByLabelText('Current password').fill('not my password');
    await fillNew(NEW);
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect.element(page.getByRole('alert').filter({ hasText: 'That is not your current password.' })).toBeVisible();
    await expect.element(page.getByLabelText('Current password')).toHaveAttribute('aria-invalid', 'true');
    await page.getByLabelText('Current password').fill(PASSWORD);
    await fillNew(PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect.element(page.getByRole('alert').filter({ hasText: 'That is your current password: choose a new one.' })).toBeVisible();
    expect(api.password).toBe(PASSWORD);
    expect(await violations()).toEqual([]);
  });
});

describe('forgot password', () => {
  it('is linked from the login page; asks for a link and says the same whatever the address (axe clean)', async () => {
    mountApp('/app/login');
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await expect.element(page.getByRole('heading', { name: 'Forgot your password?' })).toBeVisible();
    expect(location.pathname).toBe('/app/forgot');
    expect(document.title).toBe('Forgot password · Reelback');
    expect(await violations()).toEqual([]);
    await page.getByLabelText('E-mail').fill('someone@example.com');
    await page.getByRole('button', { name: 'Send me a link' }).click();
    await expect.element(page.getByRole('heading', { name: 'Check your e-mail' })).toBeVisible();
    await expect.element(page.getByText('If an account uses someone@example.com, a link to set a new password is on its way.', { exact: false })).toBeVisible();
    await expect.element(page.getByText('ask an admin of your workspace: they can make a reset link for you in Settings → Members', { exact: false })).toBeVisible();
    expect(api.sent('POST', '/auth/password-reset').map((r) => r.body)).toEqual([{ email: 'someone@example.com' }]);
    expect(await violations()).toEqual([]);
    await page.getByRole('link', { name: 'Back to log in' }).click();
    await expect.element(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
  });

  it('says how long to wait when asked too often', async () => {
    api.rateLimitSeconds = 300;
    mountApp('/app/forgot');
    await page.getByLabelText('E-mail').fill('someone@example.com');
    await page.getByRole('button', { name: 'Send me a link' }).click();
    await expect.element(page.getByRole('alert')).toHaveTextContent('Too many attempts. Please wait 5 minutes before trying again.');
  });
});

describe('setting a new password with a reset link', () => {
  it('reads the token from the fragment, takes it out of the address bar, and sets the password once (axe clean)', async () => {
    mountApp('/app/reset#token=good-token');
    await expect.element(page.getByRole('heading', { name: 'Set a new password' })).toBeVisible();
    await expect.element(page.getByText('maya@example.com')).toBeVisible();
    expect(location.hash).toBe('');
    expect(location.pathname, 'no session needed: no trip to the login page').toBe('/app/reset');
    expect(api.sent('POST', '/auth/password-reset/check').map((r) => r.body)).toEqual([{ token: 'good-token' }]);
    expect(await violations()).toEqual([]);

    await fillNew(NEW, 'something else entirely');
    await page.getByRole('button', { name: 'Set password' }).click();
    await expect.element(page.getByRole('alert').filter({ hasText: 'The two new passwords are not the same.' })).toBeVisible();
    await fillNew(NEW);
    await page.getByRole('button', { name: 'Set password' }).click();
    await expect.element(page.getByRole('heading', { name: 'Your password is set' })).toBeVisible();
    await expect.element(page.getByText('Log in as maya@example.com with your new password.', { exact: false })).toBeVisible();
    expect(api.sent('POST', '/auth/password-reset/confirm').map((r) => r.body)).toEqual([{ token: 'good-token', newPassword: NEW }]);
    expect(await violations()).toEqual([]);
    await page.getByRole('link', { name: 'Log in' }).click();
    await expect.element(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
  });

  it('says clearly when the link was used, has expired, is not a link at all, or is missing', async () => {
    for (const [token, title] of [
      ['used-token', 'This link was used already'],
      ['old-token', 'This link has expired'],
      ['forged', 'This link does not work'],
    ]) {
      mountApp(`/app/reset#token=${token}`);
      await expect.element(page.getByRole('heading', { name: title })).toBeVisible();
      await expect.element(page.getByRole('link', { name: 'Ask for a new link' })).toHaveAttribute('href', '/app/forgot');
      expect(await violations()).toEqual([]);
      unmountApp();
    }
    mountApp('/app/reset');
    await expect.element(page.getByRole('heading', { name: 'This link does not work' })).toBeVisible();
    expect(api.sent('POST', '/auth/password-reset/check').map((r) => r.body)).toEqual([{ token: 'used-token' }, { token: 'old-token' }, { token: 'forged' }]);
  });

  it('reads a token only from `token=` in the fragment', () => {
    expect(resetTokenFrom('#token=abc_DEF-1')).toBe('abc_DEF-1');
    expect(resetTokenFrom('#other=1&token=x')).toBe('x');
    expect(resetTokenFrom('')).toBe('');
    expect(resetTokenFrom('#tokenx=1')).toBe('');
  });
});
