import { html, LitElement, type TemplateResult } from 'lit';
import { sharedStyles } from '../styles/shared.styles.js';

/**
 * A page whose heading is in the main bundle (the app focuses it after navigating) and whose body is its own
 * chunk, loaded when the page is first shown: the dashboard's first load carries only this shell.
 */
export abstract class LazyPage extends LitElement {
  static override styles = [sharedStyles];
  static override properties = { loaded: { state: true }, failed: { state: true } };
  declare loaded: boolean;
  declare failed: string | null;

  /** The page's `<h1>`. */
  protected abstract readonly heading: string;
  /** Imports the chunk that defines the body's element. */
  protected abstract loadBody(): Promise<unknown>;
  /** The body, once its chunk is loaded. */
  protected abstract renderBody(): TemplateResult;

  constructor() {
    super();
    this.loaded = false;
    this.failed = null;
  }

  /** Whether to load the body at all (a page some people may not see says no for them). */
  protected wantsBody(): boolean {
    return true;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.loaded || !this.wantsBody()) return;
    this.loadBody().then(
      () => (this.loaded = true),
      (error: unknown) => (this.failed = error instanceof Error ? error.message : String(error)),
    );
  }

  override render() {
    return html`
      <h1 tabindex="-1">${this.heading}</h1>
      ${this.loaded
        ? this.renderBody()
        : this.failed
          ? html`<p role="alert">This page could not be loaded (${this.failed}). Reload the page to try again.</p>`
          : html`<p role="status">Loading…</p>`}
    `;
  }
}
