import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import type { MediaAssetInfo, TranscriptSegment } from '@reelback/shared';
import type { ApiClient } from '../../api/api-client.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { panelStyles } from '../panel.styles.js';
import { getAsset, saveCaptions } from './media-api.js';
import { tell } from './media-events.js';

type Cue = Pick<TranscriptSegment, 'start' | 'end' | 'text'>;

const cuesOf = (asset: MediaAssetInfo): Cue[] => asset.captions.segments.map(({ start, end, text }) => ({ start, end, text }));

/** Which format a captions file is in: its name, else its first line (`WEBVTT`). */
export function captionsFormat(name: string, text: string): 'vtt' | 'srt' {
  if (/\.srt$/i.test(name)) return 'srt';
  if (/\.vtt$/i.test(name)) return 'vtt';
  return /^\uFEFF?WEBVTT/.test(text) ? 'vtt' : 'srt';
}

/**
 * An asset's captions, as the widget will show them: who made them (a machine's are marked so, to be checked), each
 * cue's start, end and text to edit, add or remove, saved as `segments`; or a `.vtt`/`.srt` file uploaded in their
 * place. The server refuses what it cannot show (cues out of order, past the end, not a captions file) in words shown
 * here; nothing is lost. Tells `rb-media-asset-changed` with the asset read afresh (its captions URL is new).
 *
 * @tag rb-captions-editor
 */
export class RbCaptionsEditor extends LitElement {
  static override styles = [
    sharedStyles,
    panelStyles,
    css`
      .cue {
        display: grid;
        grid-template-columns: 6rem 6rem 1fr auto;
        gap: 0.5rem;
        align-items: end;
      }
      .cue .field {
        margin: 0;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
        margin-top: 0.5rem;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    asset: { attribute: false },
    _cues: { state: true },
    _dirty: { state: true },
    _saving: { state: true },
    _problem: { state: true },
    _notice: { state: true },
  };

  declare api: ApiClient | undefined;
  declare asset: MediaAssetInfo | null;
  declare private _cues: Cue[];
  /** Edited here and not saved: a fresh read of the asset does not replace the owner's edits. */
  declare private _dirty: boolean;
  declare private _saving: boolean;
  declare private _problem: string;
  declare private _notice: string;

  constructor() {
    super();
    this.asset = null;
    this._cues = [];
    this._dirty = false;
    this._saving = false;
    this._problem = '';
    this._notice = '';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const before = changed.get('asset') as MediaAssetInfo | null | undefined;
    if (!changed.has('asset') || !this.asset) return;
    // Another asset, or a fresh read with nothing edited here: show its cues.
    if (before?.id !== this.asset.id || !this._dirty) {
      this._cues = cuesOf(this.asset);
      this._dirty = false;
    }
  }

  private edit(cues: Cue[]): void {
    this._cues = cues;
    this._dirty = true;
    this._notice = '';
  }

  private setCue(index: number, patch: Partial<Cue>): void {
    this.edit(this._cues.map((cue, i) => (i === index ? { ...cue, ...patch } : cue)));
  }

  private addCue(): void {
    const last = this._cues.at(-1);
    const start = last ? last.end : 0;
    const end = Math.min(start + 2, this.asset?.durationSeconds ?? start + 2);
    this.edit([...this._cues, { start, end: Math.max(end, start), text: '' }]);
  }

  private async save(edit: Parameters<typeof saveCaptions>[2], done: string): Promise<void> {
    const api = this.api;
    const asset = this.asset;
    if (!api || !asset) return;
    this._saving = true;
    this._problem = '';
    try {
      await saveCaptions(api, asset.id, edit);
      // The asset read afresh: its captions file (and URL) is new.
      const fresh = await getAsset(api, asset.id);
      this._dirty = false;
      this._cues = cuesOf(fresh);
      this._notice = done;
      tell(this, 'rb-media-asset-changed', { asset: fresh });
    } catch (error) {
      this._problem = `Not saved: ${(error as Error).message}`;
    } finally {
      this._saving = false;
    }
  }

  private async upload(e: Event): Promise<void> {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const text = await file.text();
    await this.save({ format: captionsFormat(file.name, text), text }, `Captions from “${file.name}” saved.`);
  }

  private renderSource(asset: MediaAssetInfo) {
    const { captions } = asset;
    if (captions.status === 'queued') return html`<p class="muted" role="status">The captions are being made by the transcription engine…</p>`;
    if (captions.status === 'failed') return html`<p class="muted">Making captions failed${captions.error ? `: ${captions.error}` : ''}. Write or upload them.</p>`;
    if (captions.machineMade) {
      return html`<p><span class="badge" data-status="queued">Machine made</span> Written by a transcription engine${captions.engine ? ` (${captions.engine})` : ''}: check them before viewers see them.</p>`;
    }
    if (captions.source === 'edited') return html`<p><span class="badge" data-status="ready">Edited</span> Edited by an owner; the machine's version is kept.</p>`;
    if (captions.source === 'uploaded') return html`<p><span class="badge" data-status="ready">Uploaded</span> From a captions file.</p>`;
    return html`<p class="muted">No captions yet: write them or upload a file.</p>`;
  }

  override render() {
    const asset = this.asset;
    if (!asset) return nothing;
    if (asset.status !== 'ready') return html`<p class="muted">Captions can be edited once the file is ready.</p>`;
    const duration = asset.durationSeconds ?? undefined;
    return html`<fieldset>
      <legend>Captions</legend>
      ${this.renderSource(asset)}
      <ol class="rows" aria-label="Cues">
        ${this._cues.map((cue, i) => {
          const time = (key: 'start' | 'end', label: string) => html`<div class="field">
            <label for="cue-${i}-${key}">${label}</label>
            <input
              id="cue-${i}-${key}"
              type="number"
              min="0"
              max=${duration ?? nothing}
              step="0.01"
              .value=${String(cue[key])}
              @input=${(e: Event) => {
                const value = (e.target as HTMLInputElement).valueAsNumber;
                if (Number.isFinite(value)) this.setCue(i, { [key]: value });
              }}
            />
          </div>`;
          return html`<li class="row cue">
            ${time('start', `Cue ${i + 1} start (s)`)} ${time('end', `Cue ${i + 1} end (s)`)}
            <div class="field">
              <label for="cue-${i}-text">Cue ${i + 1} text</label>
              <input id="cue-${i}-text" .value=${cue.text} @input=${(e: Event) => this.setCue(i, { text: (e.target as HTMLInputElement).value })} />
            </div>
            <button class="button quiet" type="button" @click=${() => this.edit(this._cues.filter((_, k) => k !== i))}>
              Remove<span class="visually-hidden"> cue ${i + 1}</span>
            </button>
          </li>`;
        })}
      </ol>
      <div class="actions">
        <button class="button quiet" type="button" @click=${() => this.addCue()}>Add cue</button>
        <button class="button" type="button" ?disabled=${this._saving || !this._dirty} @click=${() => this.save({ segments: this._cues }, 'Captions saved.')}>
          ${this._saving ? 'Saving…' : 'Save captions'}
        </button>
      </div>
      <div class="field">
        <label for="captions-file">Or upload a .vtt or .srt file</label>
        <input id="captions-file" type="file" accept=".vtt,.srt,text/vtt" ?disabled=${this._saving} @change=${(e: Event) => this.upload(e)} />
      </div>
      ${this._problem ? html`<p class="error" role="alert">${this._problem}</p>` : nothing}
      <p class="muted" role="status">${this._notice}</p>
    </fieldset>`;
  }
}

export function defineRbCaptionsEditor(tagName = 'rb-captions-editor'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, RbCaptionsEditor);
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-captions-editor': RbCaptionsEditor;
  }
}
