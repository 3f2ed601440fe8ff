import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import type { MediaAssetInfo } from '@reelback/shared';
import type { ApiClient } from '../../api/api-client.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { panelStyles } from '../panel.styles.js';
import { defineRbCaptionsEditor } from './captions-editor.component.js';
import { defineRbFramePicker } from './frame-picker.component.js';
import { renameAsset, setPosterFrame } from './media-api.js';
import { tell } from './media-events.js';
import { durationLabel, fileUrl, kindLabel, stateText } from './media-words.js';

defineRbFramePicker();
defineRbCaptionsEditor();

/**
 * One library asset's settings: its name, a video's poster frame (`<rb-frame-picker>` → `PATCH { posterAtSeconds }`,
 * the new poster shown once saved) and a video's or sound's captions (`<rb-captions-editor>`). Tells
 * `rb-media-asset-changed` with the asset as the server answered.
 *
 * @tag rb-media-asset-editor
 */
export class RbMediaAssetEditor extends LitElement {
  static override styles = [
    sharedStyles,
    panelStyles,
    css`
      .poster {
        max-width: 12rem;
        border-radius: var(--rb-radius, 6px);
        display: block;
      }
      .inline {
        align-items: end;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    asset: { attribute: false },
    _name: { state: true },
    _busy: { state: true },
    _problem: { state: true },
    _notice: { state: true },
  };

  declare api: ApiClient | undefined;
  declare asset: MediaAssetInfo | null;
  declare private _name: string;
  declare private _busy: boolean;
  declare private _problem: string;
  declare private _notice: string;

  constructor() {
    super();
    this.asset = null;
    this._name = '';
    this._busy = false;
    this._problem = '';
    this._notice = '';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const before = changed.get('asset') as MediaAssetInfo | null | undefined;
    if (changed.has('asset') && this.asset && before?.id !== this.asset.id) this._name = this.asset.name;
  }

  private async act(run: (api: ApiClient, asset: MediaAssetInfo) => Promise<MediaAssetInfo>, done: string): Promise<void> {
    const { api, asset } = this;
    if (!api || !asset) return;
    this._busy = true;
    this._problem = '';
    this._notice = '';
    try {
      const updated = await run(api, asset);
      this._notice = done;
      tell(this, 'rb-media-asset-changed', { asset: updated });
    } catch (error) {
      this._problem = (error as Error).message;
    } finally {
      this._busy = false;
    }
  }

  private rename(e: Event): void {
    e.preventDefault();
    const name = this._name.trim();
    if (!name || name === this.asset?.name) return;
    void this.act((api, asset) => renameAsset(api, asset.id, name), `Renamed to “${name}”.`);
  }

  override render() {
    const asset = this.asset;
    if (!asset) return nothing;
    const poster = fileUrl(asset, 'poster');
    return html`<p class="muted">${kindLabel(asset)}${durationLabel(asset) ? ` · ${durationLabel(asset)}` : ''} · ${stateText(asset)}</p>
      <form class="inline" @submit=${(e: Event) => this.rename(e)}>
        <div class="field">
          <label for="asset-name">Name</label>
          <input id="asset-name" required maxlength="200" .value=${this._name} @input=${(e: Event) => (this._name = (e.target as HTMLInputElement).value)} />
        </div>
        <button class="button" type="submit" ?disabled=${this._busy}>Rename</button>
      </form>
      ${this._problem ? html`<p class="error" role="alert">${this._problem}</p>` : nothing}
      <p class="muted" role="status">${this._notice}</p>
      ${asset.kind === 'video' && asset.status === 'ready'
        ? html`<fieldset>
            <legend>Poster frame</legend>
            ${poster ? html`<p>Now: <img class="poster" src=${poster} alt="The poster now, from ${(asset.posterAtSeconds ?? 0).toFixed(1)} s" /></p>` : nothing}
            <rb-frame-picker
              .asset=${asset}
              .at=${asset.posterAtSeconds ?? 0}
              action-label="Use this frame as the poster"
              ?busy=${this._busy}
              @rb-frame-pick=${(e: CustomEvent<{ atSeconds: number }>) =>
                this.act((api, a) => setPosterFrame(api, a.id, e.detail.atSeconds), `The poster is now the frame at ${e.detail.atSeconds.toFixed(1)} s.`)}
            ></rb-frame-picker>
          </fieldset>`
        : nothing}
      ${asset.kind === 'video' || asset.kind === 'audio' ? html`<rb-captions-editor .api=${this.api} .asset=${asset}></rb-captions-editor>` : nothing}`;
  }
}

export function defineRbMediaAssetEditor(tagName = 'rb-media-asset-editor'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, RbMediaAssetEditor);
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-media-asset-editor': RbMediaAssetEditor;
  }
}
