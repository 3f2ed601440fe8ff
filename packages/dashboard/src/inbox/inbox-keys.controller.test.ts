import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { afterEach, describe, expect, it } from 'vitest';
import { type InboxKeyActions, InboxKeysController } from './inbox-keys.controller.js';

/** A host that records the controller, as a LitElement would, so the test drives its connection. */
function keyboard(state: { current: boolean; dialog: boolean } = { current: true, dialog: false }) {
  const done: string[] = [];
  let controller: ReactiveController | undefined;
  const host: ReactiveControllerHost = {
    addController: (c) => void (controller = c),
    removeController: () => undefined,
    requestUpdate: () => undefined,
    updateComplete: Promise.resolve(true),
  };
  const record = (name: string) => () => void done.push(name);
  const actions: InboxKeyActions = {
    focusSearch: record('search'),
    showKeys: record('keys'),
    move: (by) => void done.push(`move ${by}`),
    dialogOpen: () => state.dialog,
    hasCurrent: () => state.current,
    open: record('open'),
    toggleReviewed: record('reviewed'),
    toggleStar: record('star'),
    editTags: record('tags'),
    toggleSelected: record('select'),
  };
  new InboxKeysController(host, actions);
  controller!.hostConnected!();
  return { done, state, disconnect: () => controller!.hostDisconnected!() };
}

const made: HTMLElement[] = [];
afterEach(() => made.splice(0).forEach((el) => el.remove()));

/** Presses `key` on `target` (the window by default); returns whether the press was taken as a shortcut. */
function press(key: string, target: EventTarget = window, init: KeyboardEventInit = {}): boolean {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, composed: true, ...init });
  target.dispatchEvent(event);
  return event.defaultPrevented;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, setup: (el: HTMLElementTagNameMap[K]) => void = () => undefined) {
  const el = document.createElement(tag);
  setup(el);
  document.body.append(el);
  made.push(el);
  return el;
}

describe('InboxKeysController', () => {
  it('maps each key to its action, and takes the key from the page', () => {
    const { done, disconnect } = keyboard();
    for (const key of ['j', 'ArrowDown', 'k', 'ArrowUp', '/', '?', 'Enter', 'r', 's', 't', 'x']) expect(press(key), key).toBe(true);
    expect(press('q'), 'an unmapped key').toBe(false);
    disconnect();
    expect(done).toEqual(['move 1', 'move 1', 'move -1', 'move -1', 'search', 'keys', 'open', 'reviewed', 'star', 'tags', 'select']);
  });

  it('leaves typing, modified keys and open dialogs alone; checkboxes are not typing', () => {
    const { done, state, disconnect } = keyboard();
    const input = element('input');
    const select = element('select');
    const textarea = element('textarea');
    const checkbox = element('input', (el) => (el.type = 'checkbox'));
    expect(press('j', input)).toBe(false);
    expect(press('r', select)).toBe(false);
    expect(press('s', textarea)).toBe(false);
    expect(press('j', window, { ctrlKey: true })).toBe(false);
    expect(press('j', window, { metaKey: true })).toBe(false);
    expect(press('j', window, { altKey: true })).toBe(false);
    state.dialog = true;
    expect(press('j')).toBe(false);
    state.dialog = false;
    expect(press('x', checkbox)).toBe(true);
    disconnect();
    expect(done).toEqual(['select']);
  });

  it('acts on the current answer only when there is one, lets a focused link or button handle Enter, and stops listening when the host leaves', () => {
    const { done, state, disconnect } = keyboard({ current: false, dialog: false });
    expect(press('r')).toBe(false);
    expect(press('j'), 'moving needs no current answer').toBe(true);
    state.current = true;
    expect(press('Enter', element('a', (a) => (a.href = '#')))).toBe(false);
    expect(press('Enter', element('button'))).toBe(false);
    disconnect();
    expect(press('r')).toBe(false);
    expect(done).toEqual(['move 1']);
  });
});
