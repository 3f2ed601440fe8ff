import { startTestOidcProvider, type TestOidcProvider } from '@reelback/server/test-oidc-provider';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { launchChromium } from './support/chromium.js';
import { freePort, startReelbackServer, type RunningServer } from './support/reelback-server.js';

const USERS = {
  alice: { email: 'alice@example.com', emailVerified: true, name: 'Alice Example' },
  eve: { email: 'eve@example.com', emailVerified: false, name: 'Eve Unverified' },
};

describe('single sign-on against the real server and a real OpenID Connect provider, in Chromium', () => {
  let provider: TestOidcProvider;
  let server: RunningServer;
  let browser: BrowserContext;

  beforeAll(async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    provider = await startTestOidcProvider({ redirectUris: [`${url}/api/v1/auth/oidc/callback`], users: USERS });
    server = await startReelbackServer(
      {
        REELBACK_PUBLIC_URL: url,
        REELBACK_OIDC_ISSUER: provider.issuer,
        REELBACK_OIDC_CLIENT_ID: provider.clientId,
        REELBACK_OIDC_CLIENT_SECRET: provider.clientSecret,
        REELBACK_OIDC_DOMAINS: 'example.com=manager',
        REELBACK_OIDC_ALLOW_PRIVATE: '1',
      },
      undefined,
      port,
    );
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await provider?.close();
  });

  it('a new person signs in with SSO from the login page, and an unverified e-mail is refused there', async () => {
    onTestFailed(() => console.error(`--- server log ---\n${server.output()}`));
    const bootstrap = await fetch(`${server.url}/api/v1/auth/bootstrap`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ workspaceName: 'Acme', email: 'ada@acme.example', name: 'Ada Admin', password: 'a long admin password' }),
    });
    expect(bootstrap.status).toBe(201);

    const page = await browser.newPage();
    provider.loginAs = 'alice';
    await page.goto(`${server.url}/app/login`);
    await page.getByRole('link', { name: 'Sign in with SSO' }).click();
    await page.getByRole('heading', { name: 'Answers' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/app/');
    await page.getByText('Alice Example').first().waitFor();

    await browser.clearCookies();
    provider.loginAs = 'eve';
    await page.goto(`${server.url}/app/login`);
    await page.getByRole('link', { name: 'Sign in with SSO' }).click();
    await page.waitForURL(/\/app\/login\?sso_error=email-unverified$/);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Your provider has not verified your e-mail address');
    const users = await fetch(`${server.url}/api/v1/workspace/members`, { headers: { authorization: `Bearer ${server.adminKey}` } });
    expect(JSON.stringify(await users.json())).not.toContain('eve@example.com');
    await page.close();
  });
});
