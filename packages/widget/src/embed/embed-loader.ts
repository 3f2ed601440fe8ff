/**
 * The one-line embed, as a classic script (no `type="module"` needed):
 *
 *   <script src="https://reelback.example/embed.js" data-flow="FLOW_ID" async></script>
 *   <script async src="…/embed.js" data-flow="FLOW_ID" data-mode="bubble"></script>
 *   <script async src="…/embed.js" data-flow="FLOW_ID" data-target="#feedback"></script>
 *
 * Attributes: `data-flow` (required), `data-mode` (`inline`, the default, or `bubble`),
 * `data-target` (a CSS selector: the inline player goes inside it instead of right after the script),
 * `data-endpoint` (the API, default: where embed.js came from), `data-var-NAME` (a flow variable, e.g.
 * `data-var-plan="pro"`; passed to the player's `vars`).
 * It inserts the element, then imports its module from `<base>widget/` where `<base>` is the script's
 * URL minus `embed.js` (`https://host/embed.js` → `https://host/widget/reelback-flow.js`).
 */
export type ModuleImporter = (url: string) => Promise<unknown>;

const importModule: ModuleImporter = (url) => import(/* @vite-ignore */ url);

export function embed(script: HTMLScriptElement | null, importer: ModuleImporter = importModule): HTMLElement | null {
  if (!script || !script.src) return null;
  const data = script.dataset;
  if (!data.flow) {
    console.warn('[reelback] embed.js needs a data-flow attribute');
    return null;
  }
  const base = script.src.replace(/[?#].*$/, '').replace(/[^/]*$/, '');
  const bubble = data.mode === 'bubble';
  const tag = bubble ? 'reelback-bubble' : 'reelback-flow';
  const element = document.createElement(tag);
  element.setAttribute('flow', data.flow);
  element.setAttribute('endpoint', data.endpoint || base.replace(/\/$/, ''));
  if (!bubble) element.setAttribute('embed-mode', 'script');
  // data-var-plan="pro" → vars {"plan":"pro"} (names come lower-cased from HTML; the player matches them ignoring case).
  const vars: Record<string, string> = {};
  for (const { name, value } of script.attributes) if (name.startsWith('data-var-')) vars[name.slice(9)] = value;
  if (Object.keys(vars).length) element.setAttribute('vars', JSON.stringify(vars));

  const place = () => {
    const target = data.target ? document.querySelector(data.target) : null;
    if (target) target.append(element);
    else if (bubble || !script.parentNode || script.parentNode === document.head) document.body.append(element);
    else script.after(element);
  };
  // A target further down the page (or a script in <head>) waits for the document to be parsed.
  if (document.readyState === 'loading' && (data.target || bubble || script.parentNode === document.head)) {
    document.addEventListener('DOMContentLoaded', place, { once: true });
  } else {
    place();
  }
  importer(`${base}widget/${tag}.js`).catch(() => console.warn(`[reelback] could not load ${base}widget/${tag}.js`));
  return element;
}
