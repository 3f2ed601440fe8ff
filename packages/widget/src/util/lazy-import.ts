// Loading a lazily split piece of the widget so that one failed fetch (a network blip, or a deploy that renamed the
// chunks under an open page) does not cost the viewer the rest of the page's life.

/**
 * The path prefix under which the server serves the widget's files again (`/widget/~r<n>/chunks/x.js` is
 * `/widget/chunks/x.js`): URLs no module map has seen, for the piece and for every chunk it imports.
 */
export const FRESH_PREFIX = '~r';

/**
 * Runs `load` (an `import()` of one chunk); when it fails, tries once more as it is (Chromium and WebKit fetch
 * again), then under fresh URLs: Firefox keeps a failed module (and any module it imports) failed for the page's
 * life, so only a URL it has not seen loads. The fresh URLs re-root the whole chunk folder below `FRESH_PREFIX`, so
 * the piece's own static imports are fetched anew too. `moduleUrl` is `import.meta.url` of the module whose code
 * holds `load` (its `import("./chunks/…")` is relative to it); `widgetRoot` the folder the widget is served from.
 * Rejects with the first error when all three fail.
 */
export async function importWithRetry<T>(load: () => Promise<T>, moduleUrl: string, widgetRoot = new URL('.', moduleUrl).href): Promise<T> {
  let first: unknown;
  try {
    return await load();
  } catch (error) {
    first = error;
  }
  try {
    return await load();
  } catch {
    // still failing here: a fresh URL
  }
  const fresh = freshUrl(load, moduleUrl, widgetRoot);
  if (!fresh) throw first;
  try {
    return (await import(/* @vite-ignore */ fresh)) as T;
  } catch {
    throw first;
  }
}

let attempts = 0;

/** The chunk `load` imports, under a fresh prefix of the widget's folder; null when it cannot be told. */
export function freshUrl(load: () => unknown, moduleUrl: string, widgetRoot: string): string | null {
  // The bundle keeps `import("./chunks/name-HASH.js")` as written: the one place that knows the chunk's hashed name.
  const specifier = /import\(\s*["'`]([^"'`]+)["'`]\s*\)/.exec(String(load))?.[1];
  if (!specifier) return null;
  try {
    const target = new URL(specifier, moduleUrl).href;
    if (!target.startsWith(widgetRoot)) return null;
    return `${widgetRoot}${FRESH_PREFIX}${Date.now().toString(36)}${++attempts}/${target.slice(widgetRoot.length)}`;
  } catch {
    return null;
  }
}
