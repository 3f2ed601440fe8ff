import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Page } from 'puppeteer-core';
import { pageScript, type EngineBrowser, type EnginePage } from './engine.js';

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

class FirefoxPage implements EnginePage {
  constructor(private readonly page: Page) {}
  async goto(url: string): Promise<void> {
    await this.page.goto(url);
  }
  async reload(): Promise<void> {
    await this.page.reload();
  }
  run<T>(body: string, args?: unknown): Promise<T> {
    return this.page.evaluate(pageScript(body, args)) as Promise<T>;
  }
  close(): Promise<void> {
    return this.page.close();
  }
}

/**
 * Debian's Firefox ESR, headless, through puppeteer-core 24's WebDriver BiDi (Debian has no geckodriver; see
 * DESIGN.md). Fake devices come from Firefox's own prefs: a moving test pattern and a tone, no permission prompt.
 */
export async function launchFirefoxEngine(): Promise<EngineBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'reelback-firefox-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    userDataDir: profile,
    extraPrefsFirefox: {
      'media.navigator.streams.fake': true,
      'media.navigator.permission.disabled': true,
      'media.autoplay.default': 0,
      'media.autoplay.blocking_policy': 0,
      // Nothing dials out of this closed network.
      'network.captive-portal-service.enabled': false,
      'app.update.enabled': false,
      'browser.safebrowsing.downloads.remote.enabled': false,
    },
  });
  return {
    name: 'firefox',
    newPage: async () => new FirefoxPage(await browser.newPage()),
    close: async () => {
      await browser.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
