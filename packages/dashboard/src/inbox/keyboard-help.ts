import { html } from 'lit';

/** The `?` dialog listing the inbox's shortcuts; for managers the writing ones say they are read-only. */
export function renderKeyboardHelp(canWrite: boolean) {
  const keys: [string, string][] = [
    ['j / ↓', 'Next answer'],
    ['k / ↑', 'Previous answer'],
    ['Enter', 'Open the answer'],
    ['r', canWrite ? 'Mark reviewed (again: new)' : 'Mark reviewed (read-only for managers)'],
    ['s', canWrite ? 'Star or unstar' : 'Star (read-only for managers)'],
    ['t', canWrite ? 'Add a tag' : 'Tag (read-only for managers)'],
    ['x', 'Select for a highlight reel'],
    ['/', 'Search'],
    ['?', 'This list'],
  ];
  return html`<dialog id="keys" aria-labelledby="keys-title">
    <h2 id="keys-title">Keyboard shortcuts</h2>
    <dl>${keys.map(([k, d]) => html`<dt><kbd>${k}</kbd></dt><dd>${d}</dd>`)}</dl>
    <form method="dialog"><button class="button" type="submit" autofocus>Close</button></form>
  </dialog>`;
}
