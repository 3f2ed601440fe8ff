import { css, html, LitElement, type PropertyValues } from 'lit';
import type { MediaAssetInfo } from '@reelback/shared';
import { sharedStyles } from '../../styles/shared.styles.js';
import { fileUrl } from './media-words.js';

/** Frames are chosen to a tenth of a second; the server wants one before the video's end. */
const STEP = 0.1;
const lastFrame = (duration: number) => Math.max(0, Math.floor((duration - STEP) / STEP) * STEP);
const seconds = (value: number) => `${value.toFixed(1)} s`;

/**
 * Picks a frame of a library video: the video (its small rendition) shows the frame under a scrubber (a range input:
 * arrows move a tenth of a second, Page Up/Down further, Home/End to the ends), and a button says what the frame is
 * for. It asks (`rb-frame-pick` with `{ atSeconds }`); its owner acts.
 *
 * @tag rb-frame-picker
 * @fires rb-frame-pick - `detail: { atSeconds }`: the owner pressed the button on this frame.
 */
export class RbFramePicker extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      video {
        display: block;
        width: 100%;
        max-width: 28rem;
        aspect-ratio: 16 / 9;
        background: #000;
        border-radius: var(--rb-radius, 6px);
      }
      .scrub {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
        margin: 0.5rem 0;
      }
      input[type='range'] {
        flex: 1 1 12rem;
        max-width: 28rem;
      }
    `,
  ];

  static override properties = {
    asset: { attribute: false },
    at: { type: Number },
    actionLabel: { attribute: 'action-label' },
    busy: { type: Boolean },
  };

  declare asset: MediaAssetInfo | null;
  /** The frame shown (seconds from the start). */
  declare at: number;
  declare actionLabel: string;
  /** The owner is acting on the last pick: the button waits. */
  declare busy: boolean;

  constructor() {
    super();
    this.asset = null;
    this.at = 0;
    this.actionLabel = 'Use this frame';
    this.busy = false;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('at') || changed.has('asset')) this.seek();
  }

  private seek(): void {
    const video = this.renderRoot.querySelector('video');
    if (video && Math.abs(video.currentTime - this.at) > 0.01) video.currentTime = this.at;
  }

  override render() {
    const asset = this.asset;
    const src = asset && (fileUrl(asset, 'video-640') ?? fileUrl(asset, 'video-1280'));
    if (!asset || !src || asset.durationSeconds === null) return html`<p class="muted">Frames can be picked once the video is ready.</p>`;
    const max = lastFrame(asset.durationSeconds);
    return html`<video src=${src} preload="auto" muted playsinline aria-hidden="true" @loadedmetadata=${() => this.seek()}></video>
      <div class="scrub">
        <label for="frame-at">Frame at</label>
        <input
          id="frame-at"
          type="range"
          min="0"
          max=${max.toFixed(1)}
          step=${STEP}
          .value=${String(Math.min(this.at, max))}
          aria-valuetext=${`${seconds(this.at)} of ${seconds(asset.durationSeconds)}`}
          @input=${(e: Event) => (this.at = (e.target as HTMLInputElement).valueAsNumber)}
        />
        <output for="frame-at" aria-hidden="true">${seconds(this.at)} / ${seconds(asset.durationSeconds)}</output>
      </div>
      <button
        class="button"
        type="button"
        ?disabled=${this.busy}
        @click=${() => this.dispatchEvent(new CustomEvent('rb-frame-pick', { detail: { atSeconds: Math.min(this.at, max) }, bubbles: true, composed: true }))}
      >
        ${this.busy ? 'Working…' : this.actionLabel}
      </button>`;
  }
}

export function defineRbFramePicker(tagName = 'rb-frame-picker'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, RbFramePicker);
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-frame-picker': RbFramePicker;
  }
  interface GlobalEventHandlersEventMap {
    'rb-frame-pick': CustomEvent<{ atSeconds: number }>;
  }
}
