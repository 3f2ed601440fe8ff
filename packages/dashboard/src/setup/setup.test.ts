import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { violations } from '../test-support/axe.js';
import { startWorker } from '../test-support/fake-api.js';
import { FakeFirstRun, SETUP_CODE } from '../test-support/fake-first-run.js';
import { deep, mountApp, unmountApp } from '../test-support/mount.js';

let api: FakeFirstRun;

beforeAll(() => startWorker());
beforeEach(() => {
  api = new FakeFirstRun();
  api.pending = true;
  api.install();
});
afterEach(unmountApp);

const ADA = { workspace: 'Acme', name: 'Ada Admin', email: 'ada@acme.example', password: 'a long admin password' };

async function fillSetup(code: string, values: Partial<typeof ADA> = ADA): Promise<void> {
  await page.getByLabelText('Setup code').fill(code);
  if (values.workspace) await page.getByLabelText('Workspace name').fill(values.workspace);
  if (values.name) await page.getByLabelText('Your name').fill(values.name);
  if (values.email) await page.getByLabelText('E-mail').fill(values.email);
  if (values.password) await page.getByLabelText('Password').fill(values.password);
}

const createWorkspace = () => page.getByRole('button', { name: 'Create workspace' }).click();

describe('the setup page', () => {
  it('is where the dashboard goes while no account exists, and is clean for axe', async () => {
    mountApp('/app/');
    await expect.element(page.getByRole('heading', { name: 'Set up Reelback' })).toBeVisible();
    expect(location.pathname).toBe('/app/setup');
    expect(document.title).toBe('Set up · Reelback');
    // Every field is labelled; the code's hint says where to find it.
    await expect.element(page.getByLabelText('Setup code')).toHaveAccessibleDescription(/start-up log/);
    await expect.element(page.getByLabelText('Password')).toHaveAccessibleDescription('At least 10 characters.');
    await expect.element(page.getByLabelText('Time zone')).toHaveValue(Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(await violations()).toEqual([]);
  });

  it('creates the workspace and its admin with the code and lands in the app', async () => {
    mountApp('/app/setup');
    await fillSetup(` ${SETUP_CODE.toLowerCase()} `);
    await createWorkspace();
    await expect.element(page.getByRole('heading', { name: 'Answers' })).toBeVisible();
    expect(location.pathname).toBe('/app/');
    await expect.element(page.getByText('Ada Admin · Acme')).toBeVisible();
    const [call] = api.sent('POST', '/setup');
    expect(call!.body).toEqual({
      code: SETUP_CODE.toLowerCase(),
      workspaceName: 'Acme',
      name: 'Ada Admin',
      email: 'ada@acme.example',
      password: 'a long admin password',
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    });
    // Never in a URL.
    expect(location.href).not.toContain('admin%20password');
  });

  it('says a wrong code is wrong, on the code field, and moves focus there', async () => {
    mountApp('/app/setup');
    await fillSetup('WXYZ-WXYZ-WXYZ-WXYZ');
    await createWorkspace();
    await expect.element(page.getByRole('alert')).toHaveTextContent('The setup code is not right.');
    const code = page.getByLabelText('Setup code');
    await expect.element(code).toHaveAttribute('aria-invalid', 'true');
    await expect.element(code).toHaveAccessibleDescription(/This is not the setup code/);
    const setup = deep(document.querySelector('rb-app')!, 'rb-setup')!;
    expect(setup.shadowRoot!.activeElement?.id).toBe('field-code');
    expect(location.pathname).toBe('/app/setup');
    expect(await violations()).toEqual([]);
  });

  it('checks the fields before sending anything', async () => {
    mountApp('/app/setup');
    await fillSetup(SETUP_CODE, { workspace: 'Acme', name: '', email: 'not-an-email', password: 'short' });
    await createWorkspace();
    await expect.element(page.getByRole('alert')).toHaveTextContent('Please correct the fields marked below.');
    await expect.element(page.getByLabelText('Your name')).toHaveAccessibleDescription('Please enter your name.');
    await expect.element(page.getByLabelText('E-mail')).toHaveAccessibleDescription(/name@example.com/);
    await expect.element(page.getByLabelText('Password')).toHaveAccessibleDescription(/at least 10 characters/);
    expect(api.sent('POST', '/setup')).toEqual([]);
  });

  it('puts the server\'s field problems on their fields', async () => {
    mountApp('/app/setup');
    await fillSetup(SETUP_CODE);
    await page.getByLabelText('Time zone').fill('Mars/Olympus');
    await createWorkspace();
    await expect.element(page.getByLabelText('Time zone')).toHaveAccessibleDescription(/Time zone: unknown time zone/);
    await expect.element(page.getByRole('alert')).toHaveTextContent('Reelback could not be set up');
  });

  it('says so when someone set the server up meanwhile, and links the login page', async () => {
    mountApp('/app/setup');
    await expect.element(page.getByRole('heading', { name: 'Set up Reelback' })).toBeVisible();
    api.pending = false;
    await fillSetup(SETUP_CODE);
    await userEvent.keyboard('{Enter}');
    await expect.element(page.getByRole('heading', { name: 'Reelback is set up already' })).toBeVisible();
    await page.getByRole('link', { name: 'Log in' }).click();
    await expect.element(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
    expect(location.pathname).toBe('/app/login');
  });

  it('is not offered once the server is set up: the address goes to the login page', async () => {
    api.pending = false;
    mountApp('/app/setup');
    await expect.element(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
    expect(location.pathname).toBe('/app/login');
    await expect.element(page.getByLabelText('E-mail')).toBeVisible();
  });
});

describe('the login page while setup is pending', () => {
  it('says no account exists yet and links the setup page instead of asking for a password', async () => {
    mountApp('/app/login');
    await expect.element(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
    await expect.element(page.getByRole('status')).toHaveTextContent('No account exists yet');
    expect(page.getByLabelText('Password').elements()).toEqual([]);
    expect(await violations()).toEqual([]);
    await page.getByRole('link', { name: 'Set up Reelback' }).click();
    await expect.element(page.getByRole('heading', { name: 'Set up Reelback' })).toBeVisible();
    expect(location.pathname).toBe('/app/setup');
  });
});
