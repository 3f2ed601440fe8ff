import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { keyed } from 'lit/directives/keyed.js';
import type { FlowDefinition, PromptVideo, Step, ViewerEvent } from '@reelback/shared';
import { findStep, startStepId } from '@reelback/shared/branching';
import type { EmbedMode } from '@reelback/shared/event-types';
import { uuidv7 } from '@reelback/shared/uuidv7';
import { ApiProblem, fetchPublishedFlow, startSession } from '../../api/api-client.js';
import { dispatchViewerEvent } from '../../events/dom-events.js';
import { eventClientFor } from '../../events/event-client.js';
import { pageContext } from '../../session/page-context.js';
import { claimSessionKey, SessionStore, sessionKey } from '../../session/session-store.js';
import { browserStore } from '../../util/storage.js';
import { defaultEndpoint, isCrossOrigin, mediaUrl, normalizeEndpoint, safeLinkUrl } from '../../util/urls.js';
import { FlowRun } from './flow-run.js';
import { flowStyles } from './flow.styles.js';
import { mutedIcon, pauseIcon, playIcon, soundIcon } from './icons.js';

/** A flow given directly (the dashboard's preview): nothing is sent to a server. */
export interface FlowPreview {
  flowId: string;
  version: number;
  definition: FlowDefinition;
}

type Status = 'idle' | 'loading' | 'ready' | 'error';

export const UNSUPPORTED_ANSWER_MESSAGE = 'This kind of answer is not available yet.';

const reducedMotion = () => globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;

/**
 * Plays a Reelback flow: each step's prompt video, its title and text, and the answers the viewer
 * can give, following the flow's branches. Every viewer event is sent to the server (batched, retried,
 * kept across reloads) and dispatched on the element as a DOM event named by its type.
 * A reload resumes the same session at the same step; a page loaded after the session completed
 * starts a new one.
 *
 * @tag reelback-flow
 *
 * @slot end - Extra content for the end screen (a link, a coupon…), shown under the end step's text.
 *
 * @attr flow - The id of a published flow to load from `endpoint`. The `flow` property also takes a
 *   `{ flowId, version, definition }` object: an offline preview that sends nothing to a server.
 * @attr endpoint - The Reelback server's URL. Default: the origin this script came from, else the page's.
 * @attr embed-mode - How the player is embedded, reported in the session's context:
 *   `inline` (default), `bubble` or `script`. A preview always reports `preview`.
 *
 * @fires reelback.session.started - A new session began (detail: the CloudEvent).
 * @fires reelback.step.viewed - A step was shown for the first time in this visit to it.
 * @fires reelback.video.progressed - The step's video reached 25, 50, 75 or 100 %.
 * @fires reelback.choice.selected - The viewer picked an option.
 * @fires reelback.cta.clicked - The viewer followed the call to action.
 * @fires reelback.session.completed - The viewer reached an end step.
 *
 * @csspart container - The box around everything.
 * @csspart status - The loading message.
 * @csspart error - The error message and its retry button.
 * @csspart media - The box around the video and its controls.
 * @csspart video - The `<video>` element.
 * @csspart play-button - The big play button over the poster.
 * @csspart controls - The bar under the video.
 * @csspart control - Each button in the controls bar (also `play-toggle`, `mute`).
 * @csspart progress - The video's progress bar.
 * @csspart title - The step's heading.
 * @csspart text - The step's text.
 * @csspart choices - The list of options.
 * @csspart choice - Each option's button.
 * @csspart cta - The call-to-action link.
 * @csspart end - The end screen's content.
 * @csspart unsupported - The message shown for answer types this player cannot take yet.
 *
 * @cssproperty [--reelback-font=system-ui, sans-serif] - The font family.
 * @cssproperty [--reelback-font-size=16px] - The base font size.
 * @cssproperty [--reelback-color=#1b1b1f] - The text color.
 * @cssproperty [--reelback-background=#fff] - The container's background.
 * @cssproperty [--reelback-border=1px solid rgb(0 0 0 / 0.12)] - The container's border.
 * @cssproperty [--reelback-accent=#4f46e5] - Buttons, progress and focus rings.
 * @cssproperty [--reelback-accent-contrast=#fff] - Text on the accent color.
 * @cssproperty [--reelback-radius=12px] - Corner radius of the container and, by default, of everything inside.
 * @cssproperty [--reelback-button-radius=var(--reelback-radius, 12px)] - Corner radius of choices and the CTA.
 * @cssproperty [--reelback-video-radius=var(--reelback-radius, 12px)] - Corner radius of the video.
 * @cssproperty [--reelback-padding=16px] - The container's padding.
 * @cssproperty [--reelback-gap=12px] - Space between the pieces.
 * @cssproperty [--reelback-max-width=480px] - The player's largest width.
 * @cssproperty [--reelback-video-aspect-ratio=16 / 9] - The video box's shape.
 * @cssproperty [--reelback-video-fit=contain] - How the video fills its box.
 * @cssproperty [--reelback-play-button-size=72px] - The big play button's size.
 * @cssproperty [--reelback-play-button-background=var(--reelback-accent, #4f46e5)] - The big play button's color.
 * @cssproperty [--reelback-controls-background=rgb(0 0 0 / 0.72)] - The controls bar's background.
 * @cssproperty [--reelback-progress-color=var(--reelback-accent, #4f46e5)] - The progress bar's fill.
 * @cssproperty [--reelback-choice-background=transparent] - An option's background.
 * @cssproperty [--reelback-choice-color=var(--reelback-accent, #4f46e5)] - An option's text.
 * @cssproperty [--reelback-cta-background=var(--reelback-accent, #4f46e5)] - The CTA's background.
 * @cssproperty [--reelback-focus-ring=2px solid var(--reelback-accent, #4f46e5)] - The keyboard focus outline.
 * @cssproperty [--reelback-transition-duration=150ms] - Hover and progress transitions (none under reduced motion).
 */
export class ReelbackFlow extends LitElement {
  static override styles = flowStyles;

  static override properties = {
    flow: {},
    endpoint: {},
    embedMode: { attribute: 'embed-mode' },
    _status: { state: true },
    _problem: { state: true },
    _started: { state: true },
    _playing: { state: true },
    _muted: { state: true },
    _percent: { state: true },
    _announcement: { state: true },
  };

  /** A published flow's id (the attribute), or a flow to preview offline. */
  declare flow: string | FlowPreview | undefined;
  declare endpoint: string | undefined;
  declare embedMode: EmbedMode;

  declare private _status: Status;
  declare private _problem: ApiProblem | null;
  declare private _started: boolean;
  declare private _playing: boolean;
  declare private _muted: boolean;
  declare private _percent: number;
  declare private _announcement: string;

  private _run: FlowRun | null = null;
  private _releaseKey: (() => void) | null = null;
  private _loadToken = 0;
  /** The viewer pressed play once: later steps may start on their own (unless reduced motion). */
  private _userPlayed = false;
  private _focusHeading = false;
  private _autoplay = false;

  constructor() {
    super();
    this.flow = undefined;
    this.endpoint = undefined;
    this.embedMode = 'inline';
    this._status = 'idle';
    this._problem = null;
    this._started = false;
    this._playing = false;
    this._muted = false;
    this._percent = 0;
    this._announcement = '';
  }

  /** The step on screen, once the flow is loaded. */
  get currentStep(): Step | undefined {
    return this._run?.step;
  }

  /** The session being played, once started. */
  get sessionId(): string | undefined {
    return this._run?.state.sessionId;
  }

  /** The API base this player talks to (no trailing slash). */
  get resolvedEndpoint(): string {
    return this.endpoint ? normalizeEndpoint(this.endpoint) : defaultEndpoint(import.meta.url);
  }

  /** Loads the flow again (after an error, or to pick up a new version). */
  reload(): Promise<void> {
    return this._load();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Back on the page after a move: load again (resuming the stored session).
    if (this.hasUpdated && typeof this.flow === 'string' && !this._releaseKey && this._status !== 'error') void this._load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._video?.pause();
    this._loadToken++;
    this._releaseKey?.();
    this._releaseKey = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('flow') || changed.has('endpoint')) void this._load();
  }

  protected override updated(): void {
    if (this._focusHeading) {
      this._focusHeading = false;
      this.renderRoot.querySelector<HTMLElement>('[part~="title"]')?.focus();
    }
    if (this._autoplay) {
      this._autoplay = false;
      this._video?.play().catch(() => undefined);
    }
  }

  private get _video(): HTMLVideoElement | null {
    return this.renderRoot?.querySelector('video') ?? null;
  }

  private async _load(): Promise<void> {
    const token = ++this._loadToken;
    const flow = this.flow;
    this._releaseKey?.();
    this._releaseKey = null;
    this._run = null;
    this._problem = null;
    this._resetVideo();
    if (!flow) {
      this._status = 'idle';
      return;
    }
    if (typeof flow === 'object') {
      this._startPreview(flow);
      return;
    }
    this._status = 'loading';
    const endpoint = this.resolvedEndpoint;
    try {
      const published = await fetchPublishedFlow(endpoint, flow);
      if (token !== this._loadToken) return;
      const { definition, version } = published;
      const flowId = published.flowId ?? flow;
      const [key, release] = claimSessionKey(sessionKey(endpoint, flowId, this.embedMode));
      this._releaseKey = release;
      const store = new SessionStore(browserStore(), key);
      const client = eventClientFor(endpoint);
      const options = {
        definition,
        emit: (event: ViewerEvent) => {
          client.send(event);
          dispatchViewerEvent(this, event);
        },
        save: (state: FlowRun['state']) => store.save(state),
      };
      const resumable = store.resumable(version);
      if (resumable && findStep(definition, resumable.stepId)) {
        this._run = new FlowRun({ ...options, state: resumable });
        this._run.resume();
      } else {
        const context = pageContext(this.embedMode);
        const sessionId = uuidv7();
        const started = await startSession(endpoint, { flowId, flowVersion: version, sessionId, context });
        if (token !== this._loadToken) return;
        const first = findStep(definition, started.startStepId) ? started.startStepId : startStepId(definition);
        const ref = { sessionId: started.sessionId ?? sessionId, flowId, flowVersion: started.flowVersion ?? version };
        this._run = new FlowRun({ ...options, state: FlowRun.newState(ref, first) });
        this._run.start(context);
      }
      this._status = 'ready';
    } catch (error) {
      if (token !== this._loadToken) return;
      this._problem =
        error instanceof ApiProblem ? error : new ApiProblem('network', 'Something went wrong while loading this video flow.');
      this._status = 'error';
    }
  }

  private _startPreview(preview: FlowPreview): void {
    const ref = { sessionId: uuidv7(), flowId: preview.flowId, flowVersion: preview.version };
    this._run = new FlowRun({
      definition: preview.definition,
      state: FlowRun.newState(ref, startStepId(preview.definition)),
      emit: (event) => dispatchViewerEvent(this, event),
      save: () => undefined,
    });
    this._run.start(pageContext('preview'));
    this._status = 'ready';
  }

  private _resetVideo(): void {
    this._started = false;
    this._playing = false;
    this._percent = 0;
  }

  /** After the run moved: new video, heading focused, change announced. */
  private _stepChanged(): void {
    const step = this._run?.step;
    if (!step) return;
    this._resetVideo();
    this._focusHeading = true;
    this._autoplay = this._userPlayed && !reducedMotion() && !!step.prompt.video;
    this._announcement = `Now showing: ${this._stepTitle(step)}`;
    this.requestUpdate();
  }

  private _stepTitle(step: Step): string {
    return step.prompt.title || this._run?.definition.name || 'Video';
  }

  private _onChoice(optionId: string): void {
    if (this._run?.choose(optionId)) this._stepChanged();
  }

  private _onCta(event: Event): void {
    event.preventDefault();
    const run = this._run;
    const spec = run?.step.answer;
    if (!run || spec?.type !== 'cta') return;
    const url = safeLinkUrl(spec.url);
    if (!run.clickCta(spec.url)) return;
    this._stepChanged();
    if (!url) {
      console.warn(`[reelback] not following the call-to-action link "${spec.url}": only http(s) URLs and same-origin paths are allowed`);
      return;
    }
    if (spec.openInNewTab === false) location.assign(url);
    else window.open(url, '_blank', 'noopener,noreferrer');
  }

  private _play(): void {
    this._userPlayed = true;
    const video = this._video;
    if (!video) return;
    if (video.ended) video.currentTime = 0;
    video.play().catch(() => undefined);
  }

  /** The big button goes away once playback starts: keyboard users keep their place on the play/pause control. */
  private _playFromPoster(): void {
    this._play();
    this.renderRoot.querySelector<HTMLElement>('[part~="play-toggle"]')?.focus();
  }

  private _togglePlay(): void {
    const video = this._video;
    if (!video) return;
    if (video.paused) this._play();
    else video.pause();
  }

  private _toggleMute(): void {
    const video = this._video;
    if (video) video.muted = !video.muted;
  }

  private _onTimeUpdate(event: Event): void {
    const video = event.currentTarget as HTMLVideoElement;
    if (!Number.isFinite(video.duration) || video.duration <= 0) return;
    const percent = Math.min(100, (video.currentTime / video.duration) * 100);
    this._percent = percent;
    this._run?.progressed(percent);
  }

  private _onEnded(): void {
    this._playing = false;
    this._percent = 100;
    this._run?.progressed(100);
  }

  protected override render(): TemplateResult | typeof nothing {
    if (this._status === 'idle') return nothing;
    return html`<div class="container" part="container">
      <div class="sr-only" aria-live="polite" aria-atomic="true">${this._announcement}</div>
      ${this._renderBody()}
    </div>`;
  }

  private _renderBody(): unknown {
    switch (this._status) {
      case 'idle':
        return nothing;
      case 'loading':
        return html`<p class="status" part="status" role="status">Loading…</p>`;
      case 'error': {
        const problem = this._problem;
        return html`<div class="error" part="error" role="alert">
          <p>${problem?.message ?? 'Something went wrong.'}</p>
          ${problem?.kind === 'not-found'
            ? nothing
            : html`<button class="button choice retry" type="button" @click=${() => void this._load()}>Try again</button>`}
        </div>`;
      }
      case 'ready': {
        const step = this._run?.step;
        return step ? keyed(step.id, this._renderStep(step)) : nothing;
      }
    }
  }

  private _renderStep(step: Step): TemplateResult {
    const { prompt, answer } = step;
    const content = html`
      ${prompt.video ? this._renderVideo(prompt.video) : nothing}
      <h2 part="title" tabindex="-1">${this._stepTitle(step)}</h2>
      ${prompt.text ? html`<p class="text" part="text">${prompt.text}</p>` : nothing}
    `;
    switch (answer.type) {
      case 'choice':
        return html`${content}
          <ul class="choices" part="choices">
            ${answer.options.map(
              (option) => html`<li>
                <button class="button choice" part="choice" type="button" @click=${() => this._onChoice(option.id)}>
                  ${option.label}
                </button>
              </li>`,
            )}
          </ul>`;
      case 'cta': {
        const url = safeLinkUrl(answer.url);
        return html`${content}
          ${url
            ? html`<a
                class="button cta"
                part="cta"
                href=${url}
                target=${ifDefined(answer.openInNewTab === false ? undefined : '_blank')}
                rel="noopener noreferrer"
                @click=${this._onCta}
                >${answer.label}</a
              >`
            : html`<button class="button cta" part="cta" type="button" @click=${this._onCta}>${answer.label}</button>`}`;
      }
      case 'end':
        return html`<div class="end" part="end">${content}<slot name="end"></slot></div>`;
      default:
        return html`${content}
          <p class="unsupported" part="unsupported">${UNSUPPORTED_ANSWER_MESSAGE}</p>`;
    }
  }

  private _renderVideo(video: PromptVideo): TemplateResult {
    const endpoint = this.resolvedEndpoint;
    const src = mediaUrl(video.src, endpoint);
    const captions = video.captions ?? [];
    const needsCors = isCrossOrigin(src) || captions.some((c) => isCrossOrigin(mediaUrl(c.src, endpoint)));
    const percent = Math.round(this._percent);
    return html`<div class="media" part="media">
      <video
        part="video"
        playsinline
        preload="metadata"
        src=${src}
        poster=${ifDefined(video.poster ? mediaUrl(video.poster, endpoint) : undefined)}
        crossorigin=${ifDefined(needsCors ? 'anonymous' : undefined)}
        @click=${this._togglePlay}
        @play=${() => ((this._started = true), (this._playing = true))}
        @pause=${() => (this._playing = false)}
        @ended=${this._onEnded}
        @timeupdate=${this._onTimeUpdate}
        @volumechange=${(e: Event) => (this._muted = (e.currentTarget as HTMLVideoElement).muted)}
      >
        ${captions.map(
          (track, i) =>
            html`<track kind="captions" src=${mediaUrl(track.src, endpoint)} srclang=${track.srclang ?? 'en'} label=${track.label ?? 'English'} ?default=${i === 0} />`,
        )}
      </video>
      ${this._started
        ? nothing
        : html`<button class="play-button" part="play-button" type="button" aria-label="Play video" @click=${this._playFromPoster}>
            ${playIcon}
          </button>`}
      <div class="controls" part="controls">
        <button class="control" part="control play-toggle" type="button" aria-label=${this._playing ? 'Pause' : 'Play'} @click=${this._togglePlay}>
          ${this._playing ? pauseIcon : playIcon}
        </button>
        <div
          class="progress"
          part="progress"
          role="progressbar"
          aria-label="Video progress"
          aria-valuemin="0"
          aria-valuemax="100"
          aria-valuenow=${percent}
        >
          <div style="width:${percent}%"></div>
        </div>
        <button class="control" part="control mute" type="button" aria-label="Mute" aria-pressed=${this._muted ? 'true' : 'false'} @click=${this._toggleMute}>
          ${this._muted ? mutedIcon : soundIcon}
        </button>
      </div>
    </div>`;
  }
}

/** Registers `<reelback-flow>` unless this page already has one (a second copy of the bundle is harmless). */
export function defineReelbackFlow(tagName = 'reelback-flow'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, ReelbackFlow);
}

declare global {
  interface HTMLElementTagNameMap {
    'reelback-flow': ReelbackFlow;
  }
}
