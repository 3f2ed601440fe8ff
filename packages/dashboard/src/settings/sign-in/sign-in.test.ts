import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { violations } from '../../test-support/axe.js';
import { FakeApi, startWorker } from '../../test-support/fake-api.js';
import { FakeSettings } from '../../test-support/fake-settings.js';
import { FakeSignIn } from '../../test-support/fake-sign-in.js';
import { deep, mountApp, unmountApp } from '../../test-support/mount.js';

beforeAll(() => startWorker());
afterEach(unmountApp);

const loginRoot = (app: Element) => deep(app, 'rb-login')!.shadowRoot!;

describe('the login page with single sign-on', () => {
  it('shows "Sign in with SSO" only when the server has SSO, linking to its start; axe clean', async () => {
    const api = new FakeApi().install();
    let app = mountApp('/app/login');
    await expect.element(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
    await expect.poll(() => api.requests.some((r) => r.url.endsWith('/api/v1/auth/sign-in-options'))).toBe(true);
    expect(loginRoot(app).querySelector('.sso')).toBeNull();
    unmountApp();

    api.signInOptions = { sso: { startUrl: '/api/v1/auth/oidc/start' }, passwords: false };
    app = mountApp('/app/login');
    const button = page.getByRole('link', { name: 'Sign in with SSO' });
    await expect.element(button).toBeVisible();
    expect(button.element().getAttribute('href')).toBe('/api/v1/auth/oidc/start');
    await expect.element(page.getByText('This workspace signs in with single sign-on.')).toBeVisible();
    // The password form stays: members of other workspaces may still use theirs.
    await expect.element(page.getByLabelText('Password')).toBeVisible();
    expect(await violations()).toEqual([]);
    void app;
  });

  it('says why a single sign-on was refused, in its own words, and never echoes the address', async () => {
    const api = new FakeApi().install();
    api.signInOptions = { sso: { startUrl: '/api/v1/auth/oidc/start' }, passwords: true };
    mountApp('/app/login?sso_error=domain-not-allowed');
    await expect.element(page.getByRole('alert')).toHaveTextContent('Your e-mail address is not from a domain that may sign in here. Ask your admin.');
    unmountApp();
    mountApp('/app/login?sso_error=email-unverified');
    await expect.element(page.getByRole('alert')).toHaveTextContent('Your provider has not verified your e-mail address');
    unmountApp();
    mountApp('/app/login?sso_error=%3Cimg%20src%3Dx%3E');
    await expect.element(page.getByRole('alert')).toHaveTextContent('The single sign-on did not work. Please try again.');
    expect(await violations()).toEqual([]);
  });
});

describe('Settings → Sign-in', () => {
  it('is reached from Settings; an admin turns passwords off and on again; axe clean', async () => {
    new FakeSettings().install();
    const fake = new FakeSignIn().install();
    mountApp('/app/settings');
    await page.getByRole('link', { name: 'Sign-in', exact: true }).click();
    await expect.element(page.getByRole('heading', { name: 'Sign-in', level: 1 })).toBeVisible();
    expect(location.pathname).toBe('/app/settings/sign-in');
    expect(document.title).toBe('Sign-in · Settings · Reelback');
    const box = page.getByRole('checkbox', { name: 'Members may sign in with a password' });
    await expect.element(box).toBeChecked();
    await expect.element(page.getByText('Single sign-on is on: people from the allowed e-mail domains')).toBeVisible();
    expect(await violations()).toEqual([]);

    await box.click();
    await expect.element(page.getByRole('status').filter({ hasText: 'Passwords are off' })).toBeVisible();
    await expect.element(box).not.toBeChecked();
    const put = fake.requests.filter((r) => r.method === 'PUT');
    expect(put.map((r) => r.body)).toEqual([{ passwordsEnabled: false }]);
    expect(put[0]!.csrf).toBe('csrf-wsp_1');

    await box.click();
    await expect.element(page.getByRole('status').filter({ hasText: 'Passwords work again' })).toBeVisible();
    await expect.element(box).toBeChecked();
    expect(await violations()).toEqual([]);
  });

  it('offers no switch while SSO is not configured, and tells non-admins who may', async () => {
    const settings = new FakeSettings().install();
    const fake = new FakeSignIn().install();
    fake.settings = { ...fake.settings, ssoConfigured: false, ssoWorkspace: false };
    mountApp('/app/settings/sign-in');
    await expect.element(page.getByText('Single sign-on is not configured on this server')).toBeVisible();
    await expect.element(page.getByRole('checkbox', { name: 'Members may sign in with a password' })).toBeDisabled();
    await expect.element(page.getByText('Passwords can only be turned off while single sign-on signs people in to this workspace')).toBeVisible();
    expect(await violations()).toEqual([]);
    unmountApp();

    settings.role = 'owner';
    mountApp('/app/settings/sign-in');
    await expect.element(page.getByText('Only admins of Acme Boards can change how members sign in.')).toBeVisible();
    expect(fake.requests.filter((r) => r.method === 'GET')).toHaveLength(1);
  });
});
