import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { ApiProblem } from '../api/api-client.js';
import { violations } from '../test-support/axe.js';
import { FakeApi, OWNER, PASSWORD, startWorker } from '../test-support/fake-api.js';
import { inboxData } from '../test-support/fixtures.js';
import { mountApp, unmountApp } from '../test-support/mount.js';
import { loginProblemMessage } from './login.component.js';

let api: FakeApi;

beforeAll(() => startWorker());
beforeEach(() => {
  api = new FakeApi().install();
  const data = inboxData();
  api.sessions = data.sessions;
  for (const c of data.clips) api.clips.set(c.id, c);
});
afterEach(unmountApp);

async function logIn(email: string, password: string): Promise<void> {
  await page.getByLabelText('E-mail').fill(email);
  await page.getByLabelText('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

describe('login', () => {
  it('logs in with labelled fields, sends JSON with the cookie, and goes to the answers', async () => {
    mountApp('/app/login');
    await expect.element(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
    expect(document.title).toBe('Log in · Reelback');
    await logIn(OWNER.user.email, PASSWORD);

    await expect.element(page.getByRole('heading', { name: 'Answers' })).toBeVisible();
    expect(location.pathname).toBe('/app/');
    await expect.element(page.getByText('Maya Owner · Acme Boards')).toBeVisible();
    const login = api.requests.find((r) => r.url.endsWith('/api/v1/auth/login'))!;
    expect(login.credentials).toBe('same-origin');
    expect(JSON.parse(login.body)).toEqual({ email: OWNER.user.email, password: PASSWORD });
    // The password is in no URL: not the page's, not a request's.
    expect(location.href).not.toContain('horse');
    expect(api.requests.every((r) => !r.url.includes('horse'))).toBe(true);
    expect(api.requests.filter((r) => r.method === 'GET').every((r) => r.credentials === 'same-origin')).toBe(true);
  });

  it('announces a wrong password in an alert and empties the password field', async () => {
    mountApp('/app/login');
    await logIn(OWNER.user.email, 'wrong');
    await expect.element(page.getByRole('alert')).toHaveTextContent('The e-mail address or password is not right.');
    await expect.element(page.getByLabelText('Password')).toHaveValue('');
    expect(location.pathname).toBe('/app/login');
  });

  it('says how long to wait when logins are rate-limited (429 Retry-After)', async () => {
    api.rateLimitSeconds = 42;
    mountApp('/app/login');
    await logIn(OWNER.user.email, PASSWORD);
    await expect.element(page.getByRole('alert')).toHaveTextContent('Too many attempts. Please wait 42 seconds before trying again.');
    api.rateLimitSeconds = 600;
    await logIn(OWNER.user.email, PASSWORD);
    await expect.element(page.getByRole('alert')).toHaveTextContent('Please wait 10 minutes');
  });

  it('sends a visitor without a session to the login page and back where they were afterwards', async () => {
    mountApp('/app/flows?from=mail');
    await expect.element(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
    expect(location.pathname + location.search).toBe(`/app/login?next=${encodeURIComponent('/app/flows?from=mail')}`);
    await logIn(OWNER.user.email, PASSWORD);
    await expect.element(page.getByRole('heading', { name: 'Flows' })).toBeVisible();
    expect(location.pathname + location.search).toBe('/app/flows?from=mail');
  });

  it('never follows a `next` that leaves the dashboard', async () => {
    mountApp(`/app/login?next=${encodeURIComponent('//evil.example/app/')}`);
    await logIn(OWNER.user.email, PASSWORD);
    await expect.element(page.getByRole('heading', { name: 'Answers' })).toBeVisible();
    expect(location.pathname).toBe('/app/');
  });

  it('logs out with the CSRF token and returns to the login page', async () => {
    api.signedIn = true;
    mountApp('/app/');
    await page.getByRole('button', { name: 'Log out' }).click();
    await expect.element(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
    const logout = api.requests.find((r) => r.url.endsWith('/api/v1/auth/logout'))!;
    expect([logout.method, logout.csrf, logout.credentials]).toEqual(['POST', OWNER.csrfToken, 'same-origin']);
    expect(api.signedIn).toBe(false);
  });

  it('has no axe violations, with and without an error', async () => {
    mountApp('/app/login');
    await expect.element(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
    expect(await violations()).toEqual([]);
    await logIn(OWNER.user.email, 'wrong');
    await expect.element(page.getByRole('alert')).toHaveTextContent('not right');
    expect(await violations()).toEqual([]);
  });

  it('says so when the session cannot be checked, instead of asking to log in again', async () => {
    api.meFailure = 503;
    mountApp('/app/');
    await expect.element(page.getByRole('alert')).toHaveTextContent('Reelback cannot check your session right now');
    expect(location.pathname).toBe('/app/');
    api.meFailure = null;
    api.signedIn = true;
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect.element(page.getByRole('heading', { name: 'Answers' })).toBeVisible();
  });

  it('submits with Enter from the password field', async () => {
    mountApp('/app/login');
    await page.getByLabelText('E-mail').fill(OWNER.user.email);
    await page.getByLabelText('Password').fill(PASSWORD);
    await userEvent.keyboard('{Enter}');
    await expect.element(page.getByRole('heading', { name: 'Answers' })).toBeVisible();
  });
});

describe('loginProblemMessage', () => {
  it.each([
    [new ApiProblem(401, 'the e-mail or password is wrong'), 'The e-mail or password is wrong.'],
    [new ApiProblem(429, 'too many', 1), 'Too many attempts. Please wait 1 second before trying again.'],
    [new ApiProblem(429, 'too many', 900), 'Too many attempts. Please wait 15 minutes before trying again.'],
    [new ApiProblem(429, 'too many'), 'Too many attempts. Please wait a little before trying again.'],
    [new ApiProblem(0, 'The server cannot be reached. Check your connection and try again.'), 'The server cannot be reached. Check your connection and try again.'],
    [new Error('x'), 'Something went wrong. Please try again.'],
  ])('%s → %s', (error, message) => {
    expect(loginProblemMessage(error)).toBe(message);
  });
});
