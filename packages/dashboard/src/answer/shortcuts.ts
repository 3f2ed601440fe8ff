// The answer page's single-key shortcuts, and when a key belongs to what the person is typing instead.

export type Shortcut = 'reviewed' | 'star' | 'tag' | 'edit' | 'play';

const KEYS: Record<string, Shortcut> = { r: 'reviewed', s: 'star', t: 'tag', e: 'edit', ' ': 'play' };

/** Elements where letters are text being typed. */
function isTextEntry(element: Element): boolean {
  if (element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement) return true;
  if (element instanceof HTMLInputElement) return !['radio', 'checkbox', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(element.type);
  return element instanceof HTMLElement && element.isContentEditable;
}

/** Elements that do something of their own with the space bar (press, toggle, play, scroll a list box). */
function usesSpace(element: Element): boolean {
  return (
    element instanceof HTMLButtonElement ||
    element instanceof HTMLAnchorElement ||
    element instanceof HTMLInputElement ||
    element instanceof HTMLMediaElement ||
    element.localName === 'summary' ||
    (element.getAttribute('role') ?? '') !== ''
  );
}

/** The shortcut a key press means, or null when it is typing, has modifiers, or is not one. */
export function shortcutOf(event: KeyboardEvent): Shortcut | null {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.shiftKey || event.isComposing || event.repeat) return null;
  const shortcut = KEYS[event.key];
  if (!shortcut) return null;
  const target = event.composedPath()[0];
  if (target instanceof Element) {
    if (isTextEntry(target)) return null;
    if (shortcut === 'play' && usesSpace(target)) return null;
  }
  return shortcut;
}
