import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** What the inbox's shortcuts do; the controller only decides which applies to a key press. */
export interface InboxKeyActions {
  focusSearch(): void;
  showKeys(): void;
  move(by: number): void;
  /** A dialog is open: shortcuts wait until it closes. */
  dialogOpen(): boolean;
  /** There is a current answer and the list is loaded: the shortcuts that act on it apply. */
  hasCurrent(): boolean;
  open(): void;
  toggleReviewed(): void;
  toggleStar(): void;
  editTags(): void;
  toggleSelected(): void;
}

/** Whether a key press is someone typing (text fields, selects), not a shortcut. Checkboxes are not typing. */
export function isTyping(target: EventTarget | undefined): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') return true;
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type);
}

/**
 * The inbox's keyboard, listened for on the window while the host is on the page: `j`/`k`/arrows move, Enter opens,
 * `r` reviewed, `s` star, `t` tag, `x` select, `/` search, `?` the list of keys. Not while typing, with a modifier
 * held, or with a dialog open; a key handled is not handled again by the page.
 */
export class InboxKeysController implements ReactiveController {
  constructor(
    host: ReactiveControllerHost,
    private readonly actions: InboxKeyActions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('keydown', this.onKeyDown);
  }

  hostDisconnected(): void {
    window.removeEventListener('keydown', this.onKeyDown);
  }

  private readonly onKeyDown = (event: KeyboardEvent): void => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.composedPath()[0];
    const a = this.actions;
    if (isTyping(target) || a.dialogOpen()) return;
    const act = (action: () => void) => {
      event.preventDefault();
      action();
    };
    switch (event.key) {
      case '/':
        return act(() => a.focusSearch());
      case '?':
        return act(() => a.showKeys());
      case 'j':
      case 'ArrowDown':
        return act(() => a.move(1));
      case 'k':
      case 'ArrowUp':
        return act(() => a.move(-1));
    }
    if (!a.hasCurrent()) return;
    switch (event.key) {
      case 'Enter':
        // A focused link or button does its own thing.
        if (target instanceof HTMLAnchorElement || target instanceof HTMLButtonElement) return;
        return act(() => a.open());
      case 'r':
        return act(() => a.toggleReviewed());
      case 's':
        return act(() => a.toggleStar());
      case 't':
        return act(() => a.editTags());
      case 'x':
        return act(() => a.toggleSelected());
    }
  };
}
