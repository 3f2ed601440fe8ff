import type { ReelbackFlow } from '../flow/flow.component.js';
import { enBubble } from '../../util/i18n/en-bubble.js';
import { directionOf, LOADERS, resolveLocale } from '../../util/i18n/locales.js';
import { mediaUrl } from '../../util/urls.js';
import { bubbleStyles } from './bubble.styles.js';
import { importWithRetry } from '../../util/lazy-import.js';

const template = `<style>${bubbleStyles}</style>
<div class="panel" part="panel" id="panel" role="dialog" aria-label="${enBubble.bubbleLabel}" hidden>
  <button class="close" part="close" type="button" aria-label="${enBubble.close}">&times;</button>
  <div part="body"></div>
</div>
<button class="launcher" part="launcher" type="button" aria-haspopup="dialog" aria-expanded="false" aria-controls="panel">
  <slot name="icon"><svg viewBox="0 0 24 24" fill="currentColor" aria-hidden="true" focusable="false"><path d="M4 5h11a2 2 0 0 1 2 2v2.5l4-2.5v10l-4-2.5V17a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2V7a2 2 0 0 1 2-2z"/></svg></slot>
  <span class="sr-only"><slot>${enBubble.bubbleOpen}</slot></span>
</button>`;

/** The bubble's part of a flow's theme (what `<reelback-flow>` reports with `reelback-theme`). */
interface BubbleTheme {
  position?: 'left' | 'right';
  label?: string;
  avatar?: string;
  /** The custom properties the player set (accent, …): the launcher takes them too. */
  properties: Record<string, string>;
}

/** Loads the player module; its own module graph makes it a separate download. */
export type PlayerLoader = () => Promise<unknown>;

const defaultLoader: PlayerLoader = () => importWithRetry(() => import('../../player.js'), import.meta.url);

/**
 * A floating launcher (bottom-right by default) that opens a `<reelback-flow>` in a panel. While an inline
 * `<reelback-flow>` of the page is in view (and the panel is closed) the launcher hides, so it never covers that
 * player's buttons (on a phone the inline player spans the screen's width).
 * Written without Lit: the player and Lit are only downloaded when the viewer opens the panel.
 * Escape or the close button hides the panel and puts focus back on the launcher; the session
 * goes on where it was when the panel is opened again.
 *
 * @tag reelback-bubble
 *
 * @attr flow - The published flow's id, passed to the player.
 * @attr endpoint - The Reelback server's URL, passed to the player (default: where the player came from).
 * @attr vars - The host page's variables, passed to the player (see `<reelback-flow>`).
 * @attr position - `right` (default) or `left`.
 * @attr locale - The language, passed to the player (see `<reelback-flow>`). The bubble's own few words follow it
 *   too: English is built in, another language's words load (in the player's catalogue chunk) only when needed.
 *
 * @slot - The launcher's accessible name. Default: "Open video feedback".
 * @slot icon - The launcher's icon.
 *
 * @fires reelback-bubble-toggle - The panel opened or closed (`detail: { open }`).
 *
 * @csspart launcher - The round button.
 * @csspart panel - The dialog panel.
 * @csspart close - The panel's close button.
 * @csspart body - The box holding the player.
 *
 * @cssproperty [--reelback-bubble-size=60px] - The launcher's diameter.
 * @cssproperty [--reelback-bubble-offset=20px] - Distance from the viewport's corner.
 * @cssproperty [--reelback-bubble-background=var(--reelback-accent, #4f46e5)] - The launcher's color.
 * @cssproperty [--reelback-bubble-color=var(--reelback-accent-contrast, #fff)] - The launcher's icon color.
 * @cssproperty [--reelback-bubble-radius=50%] - The launcher's corner radius.
 * @cssproperty [--reelback-bubble-shadow=0 6px 20px rgb(0 0 0 / 0.3)] - The launcher's shadow.
 * @cssproperty [--reelback-bubble-z-index=2147483000] - Stacking above the page.
 * @cssproperty [--reelback-panel-width=min(380px, 100vw - 2 × offset)] - The panel's width.
 * @cssproperty [--reelback-panel-max-height=100vh - size - 3 × offset] - The panel's largest height.
 * @cssproperty [--reelback-panel-shadow=0 12px 40px rgb(0 0 0 / 0.3)] - The panel's shadow.
 * @cssproperty [--reelback-radius=12px] - The panel's corner radius.
 */
export class ReelbackBubble extends HTMLElement {
  static observedAttributes = ['flow', 'endpoint', 'vars', 'locale'];

  /** How the player module is loaded (replaceable for tests or custom hosting). */
  static loadPlayer: PlayerLoader = defaultLoader;

  private readonly _launcher: HTMLButtonElement;
  private readonly _panel: HTMLElement;
  private readonly _body: HTMLElement;
  private _player: ReelbackFlow | null = null;
  /** The bubble's words in the viewer's language (English until another language's catalogue is in). */
  private readonly _words: Record<keyof typeof enBubble, string> = { ...enBubble };
  /** Inline players of the page in view: the launcher steps aside for them (on a phone it would cover their buttons). */
  private readonly _inlineInView = new Set<Element>();
  private _inlineWatcher: IntersectionObserver | null = null;
  /** Watches every inline `<reelback-flow>` of the page (players announce themselves by their first events). */
  private readonly _watchInline = (): void => {
    for (const flow of document.querySelectorAll('reelback-flow')) this._inlineWatcher?.observe(flow);
  };

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    root.innerHTML = template;
    this._launcher = root.querySelector('.launcher')!;
    this._panel = root.querySelector('.panel')!;
    this._body = root.querySelector('[part="body"]')!;
    this._launcher.addEventListener('click', () => void this.toggle());
    root.querySelector('.close')!.addEventListener('click', () => this.hide());
    this._panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.stopPropagation();
        this.hide();
      }
    });
  }

  connectedCallback(): void {
    void this._speak();
    if (typeof IntersectionObserver !== 'function') return;
    this._inlineWatcher ??= new IntersectionObserver((entries) => {
      for (const entry of entries) {
        if (entry.isIntersecting) this._inlineInView.add(entry.target);
        else this._inlineInView.delete(entry.target);
      }
      this._tuck();
    });
    this._watchInline();
    for (const type of ['reelback.session.started', 'reelback.step.viewed']) document.addEventListener(type, this._watchInline);
  }

  disconnectedCallback(): void {
    this._inlineWatcher?.disconnect();
    this._inlineWatcher = null;
    this._inlineInView.clear();
    for (const type of ['reelback.session.started', 'reelback.step.viewed']) document.removeEventListener(type, this._watchInline);
  }

  /**
   * Speaks the viewer's language: another language's catalogue (the chunk the player loads too) is fetched only
   * when it is not English; its words are plain text. One that cannot be loaded leaves English.
   */
  private async _speak(): Promise<void> {
    const locale = resolveLocale(this);
    this._panel.dir = directionOf(locale);
    if (locale === 'en') return;
    const words = (await LOADERS[locale]().catch(() => null))?.default;
    if (!words) return;
    for (const key of Object.keys(enBubble) as (keyof typeof enBubble)[]) this._words[key] = String(words[key] ?? enBubble[key]);
    const root = this.shadowRoot!;
    this._panel.setAttribute('aria-label', this._words.bubbleLabel);
    root.querySelector('.close')!.setAttribute('aria-label', this._words.close);
    root.querySelector('slot:not([name])')!.textContent = this._words.bubbleOpen;
  }

  /** The launcher hides while an inline player is in view and the panel is closed (an open panel keeps it, to close). */
  private _tuck(): void {
    this._launcher.hidden = this._inlineInView.size > 0 && !this.open;
  }

  get open(): boolean {
    return !this._panel.hidden;
  }

  /** The player inside the panel, once the panel was opened. */
  get player(): HTMLElement | null {
    return this._player;
  }

  attributeChangedCallback(name: string, _old: string | null, value: string | null): void {
    if (!this._player) return;
    if (value === null) this._player.removeAttribute(name);
    else this._player.setAttribute(name, value);
  }

  async show(): Promise<void> {
    if (this.open) return;
    this._panel.hidden = false;
    this._launcher.setAttribute('aria-expanded', 'true');
    this._panel.querySelector<HTMLElement>('.close')!.focus();
    this._announce(true);
    if (!this._player) await this._createPlayer();
  }

  hide(): void {
    if (!this.open) return;
    this._panel.hidden = true;
    this._launcher.setAttribute('aria-expanded', 'false');
    this._player?.pause();
    // Focus goes back to the launcher: it stays until an inline player next comes into view or leaves it.
    this._launcher.focus();
    this._announce(false);
  }

  toggle(): Promise<void> {
    if (this.open) {
      this.hide();
      return Promise.resolve();
    }
    return this.show();
  }

  private async _createPlayer(): Promise<void> {
    const message = document.createElement('p');
    message.className = 'message';
    message.setAttribute('role', 'status');
    message.textContent = this._words.loading;
    this._body.replaceChildren(message);
    try {
      await ReelbackBubble.loadPlayer();
    } catch {
      message.setAttribute('role', 'alert');
      message.textContent = this._words.playerFailed;
      return;
    }
    const player = document.createElement('reelback-flow');
    for (const name of ReelbackBubble.observedAttributes) {
      const value = this.getAttribute(name);
      if (value !== null) player.setAttribute(name, value);
    }
    player.setAttribute('embed-mode', 'bubble');
    player.addEventListener('reelback-theme', (event) => this._theme((event as CustomEvent<BubbleTheme>).detail));
    this._player = player;
    this._body.replaceChildren(player);
  }

  /**
   * The flow's theme for the launcher, once the player has loaded it: the corner (unless the page set `position`),
   * the launcher's name (unless the page gave one in the default slot), an avatar image instead of the icon, and
   * the theme's colours.
   */
  private _theme({ position, label, avatar, properties }: BubbleTheme): void {
    for (const [name, value] of Object.entries(properties)) this.style.setProperty(name, value);
    if (position && !this.hasAttribute('position')) this.setAttribute('position', position);
    const name = this.shadowRoot!.querySelector<HTMLSlotElement>('slot:not([name])')!;
    if (label && name.assignedNodes().length === 0) name.textContent = label;
    const icon = this.shadowRoot!.querySelector<HTMLSlotElement>('slot[name="icon"]')!;
    if (avatar && icon.assignedNodes().length === 0) {
      const img = document.createElement('img');
      img.className = 'avatar';
      img.alt = '';
      img.src = mediaUrl(avatar, this._player!.resolvedEndpoint);
      icon.replaceChildren(img);
    }
  }

  private _announce(open: boolean): void {
    this.dispatchEvent(new CustomEvent('reelback-bubble-toggle', { detail: { open }, bubbles: true, composed: true }));
  }
}

/** Registers `<reelback-bubble>` unless this page already has one. */
export function defineReelbackBubble(tagName = 'reelback-bubble'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, ReelbackBubble);
}

declare global {
  interface HTMLElementTagNameMap {
    'reelback-bubble': ReelbackBubble;
  }
  interface GlobalEventHandlersEventMap {
    'reelback-bubble-toggle': CustomEvent<{ open: boolean }>;
  }
}
