import { spawn, type ChildProcess } from 'node:child_process';
import { Builder, type WebDriver } from 'selenium-webdriver';
import { freePort } from '../support/reelback-server.js';
import { pageScript, type EngineBrowser, type EnginePage } from './engine.js';

export const MINIBROWSER_PATH = process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

class WebKitPage implements EnginePage {
  constructor(private readonly driver: WebDriver) {}
  async goto(url: string): Promise<void> {
    await this.driver.get(url);
  }
  async reload(): Promise<void> {
    await this.driver.navigate().refresh();
  }
  run<T>(body: string, args?: unknown): Promise<T> {
    // WebDriver awaits a promise the script returns.
    return this.driver.executeScript(`return ${pageScript(body, args)};`) as Promise<T>;
  }
  async close(): Promise<void> {
    await this.driver.get('about:blank');
  }
}

/** Ends a process group started with `detached` (xvfb-run, its Xvfb and the driver), once. */
function endGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(-child.pid, 'SIGTERM');
  const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 5000);
  return exited.finally(() => clearTimeout(timer));
}

/**
 * WebKitGTK's MiniBrowser through `WebKitWebDriver` (webkit2gtk-driver) and selenium-webdriver, under
 * `xvfb-run`: MiniBrowser has no headless mode, and without a display the session never starts (hence the
 * time limit). Mock capture devices stand in for the camera and microphone. One session (one window): `newPage`
 * hands out that same window, so a test uses one page at a time.
 */
export async function launchWebKitEngine(): Promise<EngineBrowser> {
  const port = await freePort();
  let log = '';
  const driverProcess = spawn('xvfb-run', ['-a', '-s', '-screen 0 1280x900x24', 'WebKitWebDriver', `--port=${port}`], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  driverProcess.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  driverProcess.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    const ready = await fetch(`${url}/status`).then((r) => r.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline || driverProcess.exitCode !== null) {
      await endGroup(driverProcess);
      throw new Error(`WebKitWebDriver did not start:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const session = new Builder()
    .usingServer(url)
    .withCapabilities({
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': {
        binary: MINIBROWSER_PATH,
        args: ['--automation', '--enable-media-stream=true', '--enable-mock-capture-devices=true'],
      },
    })
    .build();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const driver = await Promise.race([
    session,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no WebKit session after 30 s:\n${log}`)), 30_000))),
  ]).catch(async (error: unknown) => {
    await endGroup(driverProcess);
    throw error;
  });
  clearTimeout(timer);
  await driver.manage().setTimeouts({ script: 60_000, pageLoad: 30_000 });
  return {
    name: 'webkit',
    newPage: async () => new WebKitPage(driver),
    close: async () => {
      await driver.quit().catch(() => undefined);
      await endGroup(driverProcess);
    },
  };
}
