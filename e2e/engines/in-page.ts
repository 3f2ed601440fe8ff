// What the cross-engine tests do inside the page, written once as plain browser JavaScript (no driver's
// locators: the three drivers share none). It reaches into open shadow roots, finds controls by their accessible
// name as a viewer's eyes and a screen reader would, and acts through the DOM.
import type { EnginePage } from './engine.js';

/** Defines `window.__rb` (idempotent). */
const HELPERS = String.raw`
if (!window.__rb) {
  const walk = (root, out) => {
    for (const el of root.querySelectorAll('*')) {
      out.push(el);
      if (el.shadowRoot) walk(el.shadowRoot, out);
    }
    return out;
  };
  const scopeOf = (selector) => {
    const host = selector ? document.querySelector(selector) : document.documentElement;
    if (!host) return [];
    const out = [host];
    if (host.shadowRoot) walk(host.shadowRoot, out);
    return walk(host, out);
  };
  const name = (el) => (el.getAttribute('aria-label') || el.textContent || '').replace(/\s+/g, ' ').trim();
  const shown = (el) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden';
  };
  const controls = (selector, label) =>
    scopeOf(selector).filter((el) => el.matches('button, a[href], [role=button], [role=radio]') && name(el) === label && shown(el));
  window.__rb = {
    has: (selector, label) => controls(selector, label).length > 0,
    enabled: (selector, label) => controls(selector, label).some((el) => !el.disabled && el.getAttribute('aria-disabled') !== 'true'),
    click: (selector, label) => {
      const el = controls(selector, label).find((c) => !c.disabled);
      if (!el) return false;
      el.scrollIntoView({ block: 'center' });
      el.click();
      return true;
    },
    heading: (selector) => scopeOf(selector).filter((el) => el.matches('h1, h2, h3, [role=heading]') && shown(el)).map(name),
    text: (selector) => scopeOf(selector).filter((el) => el.matches('p, [role=alert], [role=status]') && shown(el)).map(name).filter(Boolean),
    fill: (selector, label, value) => {
      const field = scopeOf(selector).find(
        (el) =>
          el.matches('input, textarea') &&
          (el.getAttribute('aria-label') === label || (el.labels && [...el.labels].some((l) => name(l).startsWith(label)))),
      );
      if (!field) return false;
      if (field.type === 'checkbox' || field.type === 'radio') field.checked = value === true;
      else field.value = value;
      field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      field.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
      return true;
    },
  };
}
`;

/** Runs `body` with the helpers defined (`rb`). */
export function inPage<T>(page: EnginePage, body: string, args?: unknown): Promise<T> {
  return page.run<T>(`${HELPERS}\nconst rb = window.__rb;\n${body}`, args);
}

/** Polls `read` until `done`; the error names what it waited for and what it last saw. */
export async function waitUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last saw ${JSON.stringify(value).slice(0, 1500)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A widget on the page (`selector`: its element), driven by what a viewer sees. */
export function widgetOn(page: EnginePage, selector: string) {
  // A viewer scrolls to the widget: an inline player starts only as it nears the viewport (docs/host-page.md).
  const shown = "document.querySelector(args.s)?.scrollIntoView({ block: 'nearest' });";
  const headings = () => inPage<string[]>(page, `${shown} return rb.heading(args.s);`, { s: selector });
  const texts = () => inPage<string[]>(page, 'return rb.text(args.s);', { s: selector });
  return {
    headings,
    texts,
    /** Waits for a heading with exactly this text. */
    seeHeading: (title: string, timeoutMs?: number) => waitUntil(headings, (list) => list.includes(title), `the heading "${title}"`, timeoutMs),
    /** Waits for some paragraph or alert containing `part`. */
    seeText: (part: string, timeoutMs?: number) => waitUntil(texts, (list) => list.some((t) => t.includes(part)), `a text with "${part}"`, timeoutMs),
    /** Waits for an enabled control with this name. */
    waitFor: (label: string, timeoutMs?: number) =>
      waitUntil(() => inPage<boolean>(page, `${shown} return rb.enabled(args.s, args.l);`, { s: selector, l: label }), Boolean, `an enabled "${label}"`, timeoutMs),
    /** Waits for an enabled control with this name and clicks it. */
    click: async (label: string, timeoutMs?: number) => {
      await waitUntil(() => inPage<boolean>(page, `${shown} return rb.enabled(args.s, args.l);`, { s: selector, l: label }), Boolean, `an enabled "${label}"`, timeoutMs);
      if (!(await inPage<boolean>(page, 'return rb.click(args.s, args.l);', { s: selector, l: label }))) throw new Error(`could not click "${label}"`);
    },
    has: (label: string) => inPage<boolean>(page, 'return rb.has(args.s, args.l);', { s: selector, l: label }),
    fill: async (label: string, value: string | boolean) => {
      if (!(await inPage<boolean>(page, 'return rb.fill(args.s, args.l, args.v);', { s: selector, l: label, v: value }))) throw new Error(`no field "${label}"`);
    },
  };
}

export type Widget = ReturnType<typeof widgetOn>;
