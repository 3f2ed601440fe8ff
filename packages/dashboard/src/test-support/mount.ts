// Puts <rb-app> on the test page at a dashboard address, and takes it away again.
import { defineRbApp, type RbApp } from '../app/app.component.js';

defineRbApp();

const testPageUrl = location.href;

export function mountApp(path: string): RbApp {
  history.replaceState(null, '', path);
  document.documentElement.lang = 'en';
  const app = document.createElement('rb-app');
  document.body.append(app);
  return app;
}

export function unmountApp(): void {
  document.body.replaceChildren();
  history.replaceState(null, '', testPageUrl);
}

/** The first element matching `selectors` in turn, each inside the previous one's shadow root. */
export function deep<E extends Element = HTMLElement>(root: Element, ...selectors: string[]): E | null {
  let current: Element | null = root;
  for (const selector of selectors) {
    const scope: ParentNode | null | undefined = current?.shadowRoot ?? current;
    current = scope?.querySelector(selector) ?? null;
    if (!current) return null;
  }
  return current as E | null;
}

export function deepAll<E extends Element = HTMLElement>(root: Element, path: string[], selector: string): E[] {
  const host = path.length ? deep(root, ...path) : root;
  return [...(host?.shadowRoot?.querySelectorAll<E>(selector) ?? [])];
}
