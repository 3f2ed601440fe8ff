// The small driver abstraction of the cross-engine tests: one page API over three very different drivers
// (Playwright for Chromium, puppeteer-core's WebDriver BiDi for Firefox, classic WebDriver for WebKitGTK).
// Everything a test does in the page goes through `run` (a script body, awaited in the page), so the three
// drivers only have to load pages, run scripts and close: what they all do the same way.

export type EngineName = 'chromium' | 'firefox' | 'webkit';

export interface EnginePage {
  goto(url: string): Promise<void>;
  reload(): Promise<void>;
  /**
   * Runs `body` as an async function's body in the page and returns its (JSON) result. `args` are JSON-encoded
   * and given to it as `args`.
   */
  run<T>(body: string, args?: unknown): Promise<T>;
  close(): Promise<void>;
}

export interface EngineBrowser {
  name: EngineName;
  newPage(): Promise<EnginePage>;
  close(): Promise<void>;
}

/** The body wrapped into an expression every driver evaluates and awaits. */
export function pageScript(body: string, args: unknown): string {
  return `(async (args) => { ${body} })(${JSON.stringify(args ?? null)})`;
}
