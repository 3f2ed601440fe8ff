import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { MediaAssetInfo } from '@reelback/shared';
import { ApiProblem, type ApiClient } from '../../api/api-client.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { panelStyles } from '../panel.styles.js';
import { defineRbMediaAssetEditor } from './asset-editor.component.js';
import { AssetWatch } from './asset-watch.js';
import { defineRbFramePicker } from './frame-picker.component.js';
import { deleteAsset, getAsset, listAssets, makeFrameImage } from './media-api.js';
import { assetRow, uploadRows } from './library-rows.js';
import { tell } from './media-events.js';
import { mediaLibraryStyles } from './media-library.styles.js';
import { UploadQueueController } from './upload-queue.controller.js';

defineRbMediaAssetEditor();
defineRbFramePicker();

const isGone = (error: unknown) => error instanceof ApiProblem && error.status === 404;
const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';

/**
 * The workspace's media library as a modal dialog (from the step panel's *Choose media…* and the theme panel's
 * avatar): the assets newest first with their picture, kind, length and state (followed while they are processed,
 * backing off; nothing runs once closed), found by name as you type (`q`, debounced), paged (*Load more*), renamed,
 * their poster frame and captions edited (*Edit…*), deleted (the server's refusal naming the published versions that
 * use one is shown). New files come from *Upload a file…* or a drop on the list, with progress and Cancel; a recorder
 * slotted as `slot="record"` tells `prompt-media-added` with its asset and the library lists it.
 * *Choose* tells `rb-media-choose`; for the avatar a video's frame is picked first and made into a picture.
 *
 * @tag rb-media-library
 * @slot record - Another way in for new media (the studio's recorder); shown under the search bar and *Upload a file…*.
 * @fires rb-media-choose - `detail: { asset }`.
 * @fires rb-media-library-close - Closed without a choice.
 * @fires rb-media-asset-changed - `detail: { asset }`: read afresh or changed here.
 * @fires rb-media-asset-deleted - `detail: { assetId }`.
 */
export class RbMediaLibrary extends LitElement {
  static override styles = [sharedStyles, panelStyles, mediaLibraryStyles];

  static override properties = {
    api: { attribute: false },
    open: { type: Boolean, reflect: true },
    purpose: {},
    current: { attribute: false },
    _assets: { state: true },
    _cursor: { state: true },
    _query: { state: true },
    _loading: { state: true },
    _problem: { state: true },
    _notice: { state: true },
    _editing: { state: true },
    _framing: { state: true },
    _confirming: { state: true },
    _busy: { state: true },
    _dragging: { state: true },
  };

  declare api: ApiClient | undefined;
  declare open: boolean;
  /** `prompt`: any kind is chosen as it is; `avatar`: a video's frame becomes a picture. */
  declare purpose: 'prompt' | 'avatar';
  /** The asset chosen now (marked in the list). */
  declare current: string | null;
  declare private _assets: MediaAssetInfo[];
  declare private _cursor: string | null;
  declare private _query: string;
  declare private _loading: boolean;
  declare private _problem: string;
  declare private _notice: string;
  declare private _editing: string | null;
  declare private _framing: string | null;
  declare private _confirming: string | null;
  declare private _busy: boolean;
  declare private _dragging: boolean;
  /** How long typing must pause before the search runs (ms). */
  searchDelay = 300;
  private searchTimer: ReturnType<typeof setTimeout> | null = null;
  private listing: AbortController | null = null;

  readonly watch = new AssetWatch({
    fetch: (id, signal) => getAsset(this.api!, id, signal),
    onUpdate: (asset) => this.changed(asset),
    isGone,
    onGone: (id) => this.removed(id),
  });

  readonly uploads = new UploadQueueController(this, {
    api: () => this.api,
    uploaded: (asset) => this.added(asset),
    announce: (text) => (this._notice = text),
  });

  constructor() {
    super();
    this.open = false;
    this.purpose = 'prompt';
    this.current = null;
    this._assets = [];
    this._cursor = null;
    this._query = '';
    this._loading = false;
    this._problem = '';
    this._notice = '';
    this._editing = null;
    this._framing = null;
    this._confirming = null;
    this._busy = false;
    this._dragging = false;
    this.addEventListener('rb-media-asset-changed', (e) => {
      if (e.composedPath()[0] !== this) this.changed(e.detail.asset, false);
    });
    this.addEventListener('prompt-media-added', (e) => this.added(e.detail.asset));
  }

  override disconnectedCallback(): void {
    this.quiet();
    super.disconnectedCallback();
  }

  private get dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog');
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('open') && this.open) {
      this._editing = this._framing = this._confirming = null;
      this._problem = '';
      void this.load();
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('open')) return;
    const dialog = this.dialog;
    if (this.open) {
      if (dialog && !dialog.open) dialog.showModal();
    } else {
      this.quiet();
      if (dialog?.open) dialog.close();
    }
  }

  /** No timer and no request left: the dialog is closed. Uploads go on (and are listed when it opens again). */
  private quiet(): void {
    this.watch.stop();
    if (this.searchTimer) clearTimeout(this.searchTimer);
    this.searchTimer = null;
    this.listing?.abort();
    this.listing = null;
  }

  /** Reads the first page for the search (`more`: the next page after the last one). */
  async load(more = false): Promise<void> {
    const api = this.api;
    if (!api) return;
    this.listing?.abort();
    const listing = new AbortController();
    this.listing = listing;
    this._loading = true;
    try {
      const page = await listAssets(api, { q: this._query, cursor: more ? this._cursor : null }, listing.signal);
      if (this.listing !== listing) return;
      this._assets = more ? [...this._assets, ...page.assets.filter((a) => !this._assets.some((b) => b.id === a.id))] : page.assets;
      this._cursor = page.nextCursor;
      this._problem = '';
      for (const asset of page.assets) this.watch.follow(asset);
    } catch (error) {
      if (!isAbort(error)) this._problem = `The library could not be loaded: ${(error as Error).message}`;
    } finally {
      if (this.listing === listing) {
        this._loading = false;
        this.listing = null;
      }
    }
  }

  /** A new asset (an upload's, or the recorder's take): listed first, followed while the dialog is open. */
  added(asset: MediaAssetInfo): void {
    this._assets = [asset, ...this._assets.filter((a) => a.id !== asset.id)];
    tell(this, 'rb-media-asset-changed', { asset });
    if (this.open) this.watch.follow(asset);
  }

  private changed(asset: MediaAssetInfo, announce = true): void {
    this._assets = this._assets.map((a) => (a.id === asset.id ? asset : a));
    if (this.open) this.watch.follow(asset);
    if (announce) tell(this, 'rb-media-asset-changed', { asset });
  }

  private removed(assetId: string): void {
    this._assets = this._assets.filter((a) => a.id !== assetId);
    tell(this, 'rb-media-asset-deleted', { assetId });
  }

  private search(value: string): void {
    this._query = value;
    if (this.searchTimer) clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => {
      this.searchTimer = null;
      void this.load();
    }, this.searchDelay);
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    tell(this, 'rb-media-library-close', {});
  }

  private async confirmDelete(asset: MediaAssetInfo): Promise<void> {
    if (!this.api) return;
    this._busy = true;
    this._problem = '';
    try {
      await deleteAsset(this.api, asset.id);
      this.watch.forget(asset.id);
      this._confirming = null;
      this.removed(asset.id);
      this._notice = `Deleted “${asset.name}”.`;
      this.renderRoot.querySelector<HTMLInputElement>('#library-search')?.focus();
    } catch (error) {
      this._problem = `“${asset.name}” was not deleted: ${(error as Error).message}`;
      this._confirming = null;
    } finally {
      this._busy = false;
    }
  }

  private choose(asset: MediaAssetInfo): void {
    if (this.purpose === 'avatar') {
      this._framing = asset.id;
      return;
    }
    tell(this, 'rb-media-choose', { asset });
  }

  private async useFrame(video: MediaAssetInfo, atSeconds: number): Promise<void> {
    if (!this.api) return;
    this._busy = true;
    this._problem = '';
    try {
      const picture = await makeFrameImage(this.api, video.id, atSeconds);
      this._assets = [picture, ...this._assets];
      tell(this, 'rb-media-asset-changed', { asset: picture });
      tell(this, 'rb-media-choose', { asset: picture });
    } catch (error) {
      this._problem = `No picture was made: ${(error as Error).message}`;
    } finally {
      this._busy = false;
    }
  }

  /** Back to the list, focus on the asset's button that left it. */
  private async back(assetId: string, action: string): Promise<void> {
    this._editing = this._framing = null;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`.asset[data-id="${assetId}"] [data-action="${action}"]`)?.focus();
  }

  private async keep(assetId: string): Promise<void> {
    this._confirming = null;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`.asset[data-id="${assetId}"] [data-action="delete"]`)?.focus();
  }

  private drop(e: DragEvent): void {
    e.preventDefault();
    this._dragging = false;
    const files = [...(e.dataTransfer?.files ?? [])];
    if (files.length) this.uploads.add(files);
  }

  private renderList() {
    const empty = this._query.trim() ? `Nothing in the library is called “${this._query.trim()}”.` : 'The library is empty: upload a file to start.';
    return html`<div class="bar">
        <div class="field">
          <label for="library-search">Search by name</label>
          <input id="library-search" type="search" .value=${this._query} @input=${(e: Event) => this.search((e.target as HTMLInputElement).value)} />
        </div>
        <input id="library-file" class="visually-hidden" type="file" multiple accept="video/*,audio/*,image/*" tabindex="-1" aria-hidden="true" @change=${(e: Event) => {
          const input = e.target as HTMLInputElement;
          this.uploads.add([...(input.files ?? [])]);
          input.value = '';
        }} />
        <button class="button" type="button" @click=${() => this.renderRoot.querySelector<HTMLInputElement>('#library-file')?.click()}>Upload a file…</button>
      </div>
      <div class="record"><slot name="record"></slot></div>
      <p class="notice muted" role="status">${this._notice}</p>
      ${this._problem ? html`<p class="error" role="alert">${this._problem}</p>` : nothing} ${uploadRows(this.uploads)}
      <section
        class="drop"
        aria-label="Library"
        ?data-dragging=${this._dragging}
        @dragover=${(e: DragEvent) => {
          e.preventDefault();
          this._dragging = true;
        }}
        @dragleave=${() => (this._dragging = false)}
        @drop=${(e: DragEvent) => this.drop(e)}
      >
        <p class="muted">Drop files here to upload them, or use <em>Upload a file…</em>.</p>
        ${this._assets.length === 0 && !this._loading ? html`<p>${empty}</p>` : nothing}
        <ul aria-label="Assets" aria-busy=${this._loading ? 'true' : 'false'}>
          ${repeat(
            this._assets,
            (a) => a.id,
            (a) =>
              assetRow(a, {
                purpose: this.purpose,
                current: a.id === this.current,
                confirming: this._confirming === a.id,
                busy: this._busy,
                choose: () => this.choose(a),
                edit: () => (this._editing = a.id),
                askDelete: () => (this._confirming = a.id),
                confirmDelete: () => this.confirmDelete(a),
                keep: () => this.keep(a.id),
              }),
          )}
        </ul>
        ${this._cursor ? html`<button class="button quiet" type="button" ?disabled=${this._loading} @click=${() => this.load(true)}>Load more</button>` : nothing}
      </section>`;
  }

  private renderBody() {
    const editing = this._editing && this._assets.find((a) => a.id === this._editing);
    if (editing) {
      return html`<button class="button quiet" type="button" @click=${() => this.back(editing.id, 'edit')}>← Back to the library</button>
        <h3>${editing.name}</h3>
        <rb-media-asset-editor .api=${this.api} .asset=${editing}></rb-media-asset-editor>`;
    }
    const framing = this._framing && this._assets.find((a) => a.id === this._framing);
    if (framing) {
      return html`<button class="button quiet" type="button" @click=${() => this.back(framing.id, 'choose')}>← Back to the library</button>
        <h3>A frame of “${framing.name}” for the avatar</h3>
        ${this._problem ? html`<p class="error" role="alert">${this._problem}</p>` : nothing}
        <rb-frame-picker
          .asset=${framing}
          .at=${framing.posterAtSeconds ?? 0}
          action-label="Use this frame as the avatar"
          ?busy=${this._busy}
          @rb-frame-pick=${(e: CustomEvent<{ atSeconds: number }>) => this.useFrame(framing, e.detail.atSeconds)}
        ></rb-frame-picker>`;
    }
    return this.renderList();
  }

  override render() {
    return html`<dialog
      aria-labelledby="library-title"
      @cancel=${(e: Event) => {
        e.preventDefault();
        this.close();
      }}
    >
      <header>
        <h2 id="library-title">${this.purpose === 'avatar' ? 'Avatar from a prompt video' : 'Media library'}</h2>
        <button class="button quiet" type="button" @click=${() => this.close()}>Close</button>
      </header>
      <div class="body">${this.open ? this.renderBody() : nothing}</div>
    </dialog>`;
  }
}

export function defineRbMediaLibrary(tagName = 'rb-media-library'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, RbMediaLibrary);
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-media-library': RbMediaLibrary;
  }
}
