import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import type { ClipInfo, SessionRecord, TranscriptInfo } from '@reelback/shared';
import { ApiProblem, type ApiClient } from '../api/api-client.js';
import { BASE } from '../app/routes.js';
import { scrollBehavior, sharedStyles } from '../styles/shared.styles.js';
import { formatClock, formatTime, safeHttpUrl } from '../util/format.js';
import { segmentIndexAt } from './transcript.js';

/**
 * One recorded answer: its clip (video or audio) with the transcript beside it. The segment being played
 * is highlighted (`aria-current`) and kept in view; clicking a segment seeks the clip there.
 *
 * @tag rb-answer
 * @attr clip-id - The clip to show.
 * @csspart media - The video or audio element.
 * @csspart transcript - The list of segments.
 * @csspart segment - One segment's button.
 * @cssproperty --rb-segment-current-bg - Background of the segment being played (default: `--rb-accent-soft`).
 */
export class RbAnswer extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      .back {
        display: inline-block;
        margin-bottom: 0.5rem;
      }
      .layout {
        display: grid;
        grid-template-columns: minmax(0, 3fr) minmax(16rem, 2fr);
        gap: var(--rb-space, 1rem) 1.5rem;
        align-items: start;
      }
      @media (max-width: 48rem) {
        .layout {
          grid-template-columns: 1fr;
        }
      }
      video {
        width: 100%;
        max-height: 70vh;
        background: #000;
        border-radius: var(--rb-radius, 6px);
      }
      audio {
        width: 100%;
      }
      dl {
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 0.25rem 1rem;
        margin: var(--rb-space, 1rem) 0 0;
        font-size: 0.9375rem;
      }
      dt {
        color: var(--rb-muted, #545968);
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
      h2 {
        font-size: 1.125rem;
        margin: 0 0 0.5rem;
      }
      .transcript {
        list-style: none;
        margin: 0;
        padding: 0;
        max-height: 70vh;
        overflow-y: auto;
        border: 1px solid var(--rb-border, #d5d8e0);
        border-radius: var(--rb-radius, 6px);
      }
      .transcript button {
        display: grid;
        grid-template-columns: 3.5rem 1fr;
        gap: 0.5rem;
        width: 100%;
        text-align: start;
        border: 0;
        border-bottom: 1px solid var(--rb-border, #d5d8e0);
        background: transparent;
        color: inherit;
        padding: 0.5rem 0.75rem;
        cursor: pointer;
      }
      .transcript li:last-child button {
        border-bottom: 0;
      }
      .transcript button:hover {
        background: var(--rb-hover-bg, #f3f4f8);
      }
      .transcript button[aria-current='true'] {
        background: var(--rb-segment-current-bg, var(--rb-accent-soft, #e8ebfb));
        box-shadow: inset 4px 0 0 var(--rb-accent, #2f3fb8);
      }
      .time {
        font-variant-numeric: tabular-nums;
        color: var(--rb-muted, #545968);
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    clipId: { attribute: 'clip-id' },
    _clip: { state: true },
    _transcript: { state: true },
    _session: { state: true },
    _problem: { state: true },
    _current: { state: true },
  };

  declare api: ApiClient | undefined;
  declare clipId: string;
  declare private _clip: ClipInfo | null;
  declare private _transcript: TranscriptInfo | null | undefined;
  declare private _session: SessionRecord | null;
  declare private _problem: string;
  declare private _current: number;

  constructor() {
    super();
    this.clipId = '';
    this._clip = null;
    this._transcript = undefined;
    this._session = null;
    this._problem = '';
    this._current = -1;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('clipId') || changed.has('api')) && this.clipId && this.api) void this.load(this.api, this.clipId);
  }

  private async load(api: ApiClient, clipId: string): Promise<void> {
    this._clip = null;
    this._transcript = undefined;
    this._session = null;
    this._problem = '';
    this._current = -1;
    try {
      const [clip, transcript] = await Promise.all([api.clip(clipId), api.transcript(clipId).catch(() => null)]);
      if (clipId !== this.clipId) return;
      this._clip = clip;
      this._transcript = transcript;
      document.title = `${clip.kind === 'video' ? 'Video' : 'Audio'} answer · Reelback`;
      // The flow and page it came from: useful, not essential.
      this._session = await api.session(clip.sessionId).catch(() => null);
    } catch (error) {
      if (clipId !== this.clipId) return;
      this._problem =
        error instanceof ApiProblem && (error.status === 404 || error.status === 400)
          ? 'There is no such answer. It may have been deleted.'
          : `The answer could not be loaded: ${(error as Error).message}`;
    }
  }

  /** The video or audio element (for tests and for keyboard shortcuts to come). */
  get media(): HTMLMediaElement | null {
    return this.renderRoot?.querySelector('video, audio') ?? null;
  }

  private onTime(event: Event): void {
    const segments = this._transcript?.segments ?? [];
    const index = segmentIndexAt(segments, (event.target as HTMLMediaElement).currentTime);
    if (index === this._current) return;
    this._current = index;
    void this.updateComplete.then(() => {
      const button = this.renderRoot.querySelector<HTMLElement>('.transcript [aria-current="true"]');
      button?.scrollIntoView({ block: 'nearest', behavior: scrollBehavior() });
    });
  }

  private seek(start: number): void {
    const media = this.media;
    if (!media) return;
    media.currentTime = start;
    this._current = segmentIndexAt(this._transcript?.segments ?? [], start);
  }

  private renderMedia(clip: ClipInfo) {
    if (clip.status !== 'ready') {
      return html`<p class="error">
        This ${clip.kind} is ${clip.status === 'uploading' || clip.status === 'uploaded' ? 'still being processed' : clip.status}${clip.reason
          ? html`: ${clip.reason}`
          : '.'}
      </p>`;
    }
    const api = this.api!;
    return clip.kind === 'video'
      ? html`<video
          part="media"
          controls
          preload="metadata"
          playsinline
          src=${api.mediaUrl(clip.id, 'video')}
          poster=${api.mediaUrl(clip.id, 'poster')}
          aria-label="Video answer"
          @timeupdate=${this.onTime}
          @seeked=${this.onTime}
        ></video>`
      : html`<audio part="media" controls preload="metadata" src=${api.mediaUrl(clip.id, 'audio')} aria-label="Audio answer" @timeupdate=${this.onTime} @seeked=${this.onTime}></audio>`;
  }

  private renderDetails(clip: ClipInfo) {
    const session = this._session;
    const pageUrl = session?.context.pageUrl;
    const link = safeHttpUrl(pageUrl);
    return html`<dl>
      ${session ? html`<dt>Flow</dt><dd>${session.flowId} (version ${session.flowVersion})</dd>` : nothing}
      <dt>Step</dt><dd>${clip.stepId}</dd>
      <dt>Kind</dt><dd>${clip.kind}</dd>
      <dt>Status</dt><dd><span class="badge" data-status=${clip.status}>${clip.status}</span></dd>
      ${clip.durationSeconds !== null ? html`<dt>Length</dt><dd>${formatClock(clip.durationSeconds)}</dd>` : nothing}
      <dt>Received</dt><dd><time datetime=${clip.createdAt}>${formatTime(clip.createdAt)}</time></dd>
      ${pageUrl
        ? html`<dt>Page</dt><dd>${link ? html`<a href=${link} rel="noopener noreferrer nofollow" target="_blank">${pageUrl}</a>` : pageUrl}</dd>`
        : nothing}
    </dl>`;
  }

  private renderTranscript() {
    const transcript = this._transcript;
    if (transcript === undefined) return html`<p class="muted">Loading the transcript…</p>`;
    if (transcript === null) return html`<p class="muted">There is no transcript for this answer.</p>`;
    if (transcript.status === 'queued') return html`<p class="muted">The transcript is being made.</p>`;
    if (transcript.status === 'failed') return html`<p class="error">The transcript could not be made${transcript.error ? `: ${transcript.error}` : '.'}</p>`;
    if (transcript.segments.length === 0) return html`<p class="muted">Nothing was heard in this answer.</p>`;
    return html`
      ${transcript.accuracyNote ? html`<p class="muted">${transcript.accuracyNote}</p>` : nothing}
      <ol class="transcript" part="transcript" aria-label="Transcript segments">
        ${transcript.segments.map(
          (segment, index) =>
            html`<li>
              <button
                type="button"
                part="segment"
                aria-current=${index === this._current ? 'true' : 'false'}
                @click=${() => this.seek(segment.start)}
              >
                <span class="time"><span class="visually-hidden">Play from </span>${formatClock(segment.start)}</span>
                <span class="text">${segment.text}</span>
              </button>
            </li>`,
        )}
      </ol>
    `;
  }

  override render() {
    const clip = this._clip;
    return html`
      <a class="back" href="${BASE}/">← All answers</a>
      ${this._problem
        ? html`<h1 tabindex="-1">Answer</h1>
            <p class="error" role="alert">${this._problem}</p>`
        : !clip
          ? html`<h1 tabindex="-1">Answer</h1>
              <p role="status">Loading the answer…</p>`
          : html`
              <h1 tabindex="-1">${clip.kind === 'video' ? 'Video' : 'Audio'} answer to “${clip.stepId}”</h1>
              <div class="layout">
                <section aria-label="Clip">${this.renderMedia(clip)} ${this.renderDetails(clip)}</section>
                <section aria-labelledby="transcript-title">
                  <h2 id="transcript-title">Transcript</h2>
                  ${this.renderTranscript()}
                </section>
              </div>
            `}
    `;
  }
}

export function defineRbAnswer(tagName = 'rb-answer'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, RbAnswer);
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-answer': RbAnswer;
  }
}
