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
import { defaultEndpoint, mediaUrl, normalizeEndpoint, safeLinkUrl } from '../../util/urls.js';
import { defineReelbackPromptVideo } from '../prompt-video/prompt-video.component.js';
import { FlowRun } from './flow-run.js';
import { flowStyles } from './flow.styles.js';

/** A flow given directly (the dashboard's preview): nothing is sent to a server. */
export interface FlowPreview {
  flowId: string;
  version: number;
  definition: FlowDefinition;
}

type Status = 'idle' | 'loading' | 'ready' | 'error';

export const UNSUPPORTED_ANSWER_MESSAGE = 'This kind of answer is not available yet.';

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
 * @csspart media - The box around the video and its controls (this and the next five come from the
 *   step's `<reelback-prompt-video>`, re-exported).
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
 * @cssproperty [--reelback-padding=16px] - The container's padding.
 * @cssproperty [--reelback-gap=12px] - Space between the pieces.
 * @cssproperty [--reelback-max-width=480px] - The player's largest width.
 * @cssproperty [--reelback-choice-background=transparent] - An option's background.
 * @cssproperty [--reelback-choice-color=var(--reelback-accent, #4f46e5)] - An option's text.
 * @cssproperty [--reelback-cta-background=var(--reelback-accent, #4f46e5)] - The CTA's background.
 * @cssproperty [--reelback-focus-ring=2px solid var(--reelback-accent, #4f46e5)] - The keyboard focus outline.
 * @cssproperty [--reelback-transition-duration=150ms] - Hover and progress transitions (none under reduced motion).
 *
 * The video's own custom properties (`--reelback-video-radius`, `--reelback-video-aspect-ratio`,
 * `--reelback-video-fit`, `--reelback-play-button-size`, `--reelback-play-button-background`,
 * `--reelback-controls-background`, `--reelback-progress-color`, …) are listed on `<reelback-prompt-video>`;
 * set them on this element, they inherit.
 */
export class ReelbackFlow extends LitElement {
  static override styles = flowStyles;

  static override properties = {
    flow: {},
    endpoint: {},
    embedMode: { attribute: 'embed-mode' },
    _status: { state: true },
    _problem: { state: true },
    _announcement: { state: true },
  };

  /** A published flow's id (the attribute), or a flow to preview offline. */
  declare flow: string | FlowPreview | undefined;
  declare endpoint: string | undefined;
  declare embedMode: EmbedMode;

  declare private _status: Status;
  declare private _problem: ApiProblem | null;
  declare private _announcement: string;

  private _run: FlowRun | null = null;
  private _releaseKey: (() => void) | null = null;
  private _loadToken = 0;
  /** The viewer pressed play once: later steps may start on their own (unless reduced motion). */
  private _userPlayed = false;
  private _focusHeading = false;
  /** The video of the step just moved to may start by itself (the viewer pressed play before). */
  private _autoplay = false;
  /** Counts the step's visits: each visit (a reload, a move, even back to the same step) gets a fresh video player. */
  private _visit = 0;

  constructor() {
    super();
    this.flow = undefined;
    this.endpoint = undefined;
    this.embedMode = 'inline';
    this._status = 'idle';
    this._problem = null;
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

  /** Pauses the step's video, if it has one (the bubble does when its panel closes). */
  pause(): void {
    this.renderRoot?.querySelector('reelback-prompt-video')?.pause();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Back on the page after a move: load again (resuming the stored session).
    if (this.hasUpdated && typeof this.flow === 'string' && !this._releaseKey && this._status !== 'error') void this._load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.pause();
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
  }

  private async _load(): Promise<void> {
    const token = ++this._loadToken;
    const flow = this.flow;
    this._releaseKey?.();
    this._releaseKey = null;
    this._run = null;
    this._problem = null;
    this._visit++;
    this._autoplay = false;
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

  /** After the run moved: new video, heading focused, change announced. */
  private _stepChanged(): void {
    const step = this._run?.step;
    if (!step) return;
    this._visit++;
    this._autoplay = this._userPlayed;
    this._focusHeading = true;
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

  /**
   * The step's video player, a fresh one for each visit. It asks, this element acts: a press on play lets
   * later steps start by themselves (the player still holds back under reduced motion), and each progress
   * mark it reaches becomes a `reelback.video.progressed` event (once per session and step).
   */
  private _renderVideo(video: PromptVideo): unknown {
    const endpoint = this.resolvedEndpoint;
    return keyed(
      this._visit,
      html`<reelback-prompt-video
        exportparts="media, video, play-button, controls, control, play-toggle, mute, progress"
        src=${mediaUrl(video.src, endpoint)}
        poster=${ifDefined(video.poster ? mediaUrl(video.poster, endpoint) : undefined)}
        .captions=${(video.captions ?? []).map((track) => ({ ...track, src: mediaUrl(track.src, endpoint) }))}
        ?autoplay=${this._autoplay}
        @reelback-video-play=${() => (this._userPlayed = true)}
        @reelback-video-progress=${(event: CustomEvent<{ percent: number }>) => this._run?.progressed(event.detail.percent)}
      ></reelback-prompt-video>`,
    );
  }
}

/** Registers `<reelback-flow>` unless this page already has one (a second copy of the bundle is harmless). */
export function defineReelbackFlow(tagName = 'reelback-flow'): void {
  defineReelbackPromptVideo();
  if (!customElements.get(tagName)) customElements.define(tagName, ReelbackFlow);
}

declare global {
  interface HTMLElementTagNameMap {
    'reelback-flow': ReelbackFlow;
  }
}
