import { css, html, LitElement, nothing } from 'lit';
import type { TranscriptionEngineStatus } from '@reelback/shared';
import type { ApiClient } from '../api/api-client.js';
import { sharedStyles } from '../styles/shared.styles.js';
import { problemText } from '../util/problem-text.js';
import { getTranscriptionEngine, startModelDownload } from './transcription-api.js';

const MB = 1024 * 1024;
const megabytes = (bytes: number) => `${Math.round(bytes / MB)} MB`;

/**
 * For admins, above every page: when transcripts come from PocketSphinx (or wait) and a Whisper model can be
 * fetched, offers to fetch it; then shows the download's and whisper.cpp's build's progress (looking again every
 * `pollMs` while one runs) and says when Whisper took over. Shows nothing when there is nothing to say or the
 * status cannot be read.
 *
 * @tag rb-transcription-banner
 */
export class RbTranscriptionBanner extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      .banner {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem 1rem;
        margin: 0 0 1rem;
        padding: 0.75rem 1rem;
        border: 1px solid var(--rb-border, #d5d8e0);
        border-left: 4px solid var(--rb-accent, #2f3fb8);
        border-radius: var(--rb-radius, 6px);
        background: var(--rb-surface, #fff);
      }
      .banner p {
        margin: 0;
        flex: 1 1 20rem;
      }
      progress {
        width: 12rem;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    pollMs: { type: Number, attribute: 'poll-ms' },
    _status: { state: true },
    _error: { state: true },
    _busy: { state: true },
    _sawWork: { state: true },
  };

  declare api: ApiClient | undefined;
  declare pollMs: number;
  declare private _status: TranscriptionEngineStatus | null;
  declare private _error: string;
  declare private _busy: boolean;
  /** A download or build ran while this page was open: worth saying when it is done. */
  declare private _sawWork: boolean;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this.pollMs = 1500;
    this._status = null;
    this._error = '';
    this._busy = false;
    this._sawWork = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.refresh();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.timer);
  }

  private get running(): boolean {
    const s = this._status;
    return s !== null && (s.download.state === 'running' || s.build.state === 'running');
  }

  private async refresh(): Promise<void> {
    clearTimeout(this.timer);
    if (!this.api) return;
    try {
      this.show(await getTranscriptionEngine(this.api));
    } catch {
      // Not an admin after all, or the server is older: nothing to offer.
      this._status = null;
    }
  }

  private show(status: TranscriptionEngineStatus): void {
    this._status = status;
    if (this.running) {
      this._sawWork = true;
      if (this.isConnected) this.timer = setTimeout(() => void this.refresh(), this.pollMs);
    }
  }

  private async download(): Promise<void> {
    if (!this.api || this._busy) return;
    this._busy = true;
    this._error = '';
    try {
      this.show(await startModelDownload(this.api));
    } catch (error) {
      this._error = `The download could not be started: ${problemText(error)}`;
    } finally {
      this._busy = false;
    }
  }

  private message() {
    const s = this._status!;
    const { download, build } = s;
    if (download.state === 'running') {
      const total = download.totalBytes;
      const percent = total ? Math.floor((download.receivedBytes / total) * 100) : null;
      return html`<p>
          Downloading the Whisper model ${download.model}${percent === null ? '' : `: ${percent}%`}
          (${megabytes(download.receivedBytes)}${total ? ` of ${megabytes(total)}` : ''}). Transcription carries on meanwhile.
        </p>
        <progress max=${total ?? nothing} value=${download.receivedBytes} aria-label="Model download"></progress>`;
    }
    if (build.state === 'running') {
      return html`<p>Preparing Whisper (building whisper.cpp, about a minute)… ${s.engine === 'pocketsphinx' ? 'PocketSphinx transcribes meanwhile.' : ''}</p>
        <progress aria-label="Whisper build"></progress>`;
    }
    if (download.state === 'failed' || build.state === 'failed') {
      const why = download.state === 'failed' ? `The Whisper model could not be downloaded: ${download.error}` : `whisper.cpp could not be built: ${build.error}`;
      return html`<p class="error">${why}</p>
        ${s.offer ? html`<button class="button" type="button" ?disabled=${this._busy} @click=${() => void this.download()}>Try the download again</button>` : nothing}`;
    }
    if (s.whisper.ready && this._sawWork) {
      return html`<p>Whisper is ready: new answers are transcribed by Whisper, and those PocketSphinx transcribed are transcribed again.</p>`;
    }
    if (s.offer) {
      const now =
        s.engine === 'pocketsphinx'
          ? 'Answers are transcribed by PocketSphinx, which gets much of ordinary speech wrong.'
          : 'Answers wait for a transcript: there is no Whisper model.';
      return html`<p>
          ${now} Download the Whisper model ${s.offer.model} (${megabytes(s.offer.approxBytes)}, from ${s.offer.source}, checksum checked) for
          transcripts worth reading?
        </p>
        <button class="button" type="button" ?disabled=${this._busy} @click=${() => void this.download()}>Download the Whisper model</button>`;
    }
    return null;
  }

  override render() {
    const message = this._status ? this.message() : null;
    // The region stays in the page so that progress changes are announced.
    return html`<div role="status" aria-live="polite">
      ${message || this._error
        ? html`<section class="banner" aria-label="Transcription">${message ?? nothing}${this._error ? html`<p class="error">${this._error}</p>` : nothing}</section>`
        : nothing}
    </div>`;
  }
}

export function defineRbTranscriptionBanner(tagName = 'rb-transcription-banner'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, RbTranscriptionBanner);
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-transcription-banner': RbTranscriptionBanner;
  }
}
