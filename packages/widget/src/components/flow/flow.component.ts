import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import type { AnswerValue, Step } from '@reelback/shared';
import { fillVariables } from '@reelback/shared/branching';
import type { EmbedMode } from '@reelback/shared/event-types';
import { ApiProblem } from '../../api/api-client.js';
import { type HostVars, parseVarsAttribute } from '../../session/page-vars.js';
import { importWithRetry } from '../../util/lazy-import.js';
import { LocaleController } from '../../util/i18n/locale.controller.js';
import { defaultEndpoint, normalizeEndpoint } from '../../util/urls.js';
import { defineReelbackPromptVideo } from '../prompt-video/prompt-video.component.js';
import { constrainedNetwork } from '../prompt-video/rendition.js';
import { AnswerFormController } from './answer-form.controller.js';
import { preloadAnswerForms } from './answers/lazy-forms.js';
import type { AnswerContext } from './answers/answer-context.js';
import type { FlowRun } from './flow-run.js';
import { type FlowPreview, type OpenedRun, openPreviewRun, openPublishedRun, prepared } from './flow-session.js';
import { flowStyles } from './flow.styles.js';
import { FocusController } from './focus.controller.js';
import { OpenAnswerController } from './open-answer.controller.js';
import type { RequestUploadTicket, UploadStatusModule } from './recorder-contract.js';
import { renderPrompt } from './step-prompt.js';
import { renderProblem, renderStep } from './step-view.js';
import { ThemeController } from './theme.controller.js';
import { UploadsController } from './uploads.controller.js';
import { ViewportController } from './viewport.controller.js';

export type { FlowPreview } from './flow-session.js';
export { UNSUPPORTED_ANSWER_MESSAGE } from './step-view.js';

type Status = 'idle' | 'loading' | 'ready' | 'error';

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
 * @attr vars - Variables for the flow (the `vars` property takes an object): JSON (`{"plan":"pro"}`) or a query
 *   string (`plan=pro&name=Ann`). Only those the flow declares are used; they win over the page URL's query
 *   parameters of the same names. Read when a session starts, then fixed for the session.
 * @attr embed-mode - How the player is embedded, reported in the session's context:
 *   `inline` (default), `bubble` or `script`. A preview always reports `preview`.
 * @attr loading - `lazy` (default): a published flow is loaded (definition, session, poster) only once the player
 *   comes within 600 px of the viewport; `eager`: at once. Either way `session.started` and the first
 *   `step.viewed` (the impression) are sent only once the player is on screen.
 * @attr preload - `none` (default): no video bytes before the viewer presses play. `metadata`: the step's video
 *   may read its first bytes ahead (the browser's metadata preload), only on a fast network (not save-data, not
 *   2G/3G where the browser says).
 * @attr locale - The language (`de`, `pt-BR`…); default: the nearest `lang` (the page's), else the browser's, else
 *   English. The flow's own texts follow it where translated (a change reloads, resuming); the session reports it.
 *
 * @fires reelback.session.started - A new session began (detail: the CloudEvent).
 * @fires reelback.step.viewed - A step was shown for the first time in this visit to it.
 * @fires reelback.video.progressed - The step's video reached 25, 50, 75 or 100 %.
 * @fires reelback.choice.selected - The viewer picked an option.
 * @fires reelback.cta.clicked - The viewer followed the call to action.
 * @fires reelback.answer.submitted - The viewer answered a rating, NPS, open or contact step.
 * @fires reelback.session.completed - The viewer reached an end step.
 * @fires reelback-theme - The flow loaded (or changed): `detail: { position, label, avatar, properties }` of its theme (`properties`: the custom properties set), for a bubble around it.
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
 * @csspart prompt-image - A step's picture (an `<img>` with its owner's description as `alt`; both library
 *   renditions in `srcset`, only the small one on a constrained network).
 * @csspart prompt-media - While the viewer records: the box around the step's video (a thumbnail) and its resize button.
 * @csspart resize - The button that shows the video larger while recording (`aria-pressed`), and small again.
 * @csspart title - The step's heading.
 * @csspart text - The step's text.
 * @csspart choices - The list of options.
 * @csspart choice - Each option's button.
 * @csspart cta - The call-to-action link.
 * @csspart end - The end screen's content.
 * @csspart form - The form of a rating, NPS, contact or typed answer.
 * @csspart scale - The row of scores of a rating or NPS step (a radio group).
 * @csspart scale-option - Each score (a label around a visually hidden radio button).
 * @csspart scale-labels - The low and high labels under the scores.
 * @csspart field - Each contact field (its label, input and error).
 * @csspart label - The label of a contact field or of the typed answer.
 * @csspart input - Each text input, and the typed answer's textarea.
 * @csspart consent - The consent checkbox and its text.
 * @csspart field-error - A message saying what to fix, under the control it is about.
 * @csspart count - The typed answer's character count.
 * @csspart submit - The button that sends an answer.
 * @csspart kinds - The list of ways to give an open answer.
 * @csspart kind - Each of those buttons ("Record video", "Record audio", "Type your answer").
 * @csspart back - The button back to the ways to answer.
 * @csspart notice - Why a way to answer is not available here.
 * @csspart recorder - The `<reelback-recorder>` of a video or audio answer.
 * @csspart upload-status - The line saying how a recorded answer's upload is going.
 * @csspart unsupported - The message shown for an answer type this player does not know.
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
 * @cssproperty [--reelback-input-background=#fff] - The background of inputs and of unselected scores.
 * @cssproperty [--reelback-input-border=1px solid rgb(0 0 0 / 0.45)] - The border of inputs.
 * @cssproperty [--reelback-input-radius=min(var(--reelback-radius, 12px), 8px)] - The corner radius of inputs.
 * @cssproperty [--reelback-muted-color=#56565f] - Hints, counts and the low/high labels.
 * @cssproperty [--reelback-error-color=#b3261e] - Messages about what to fix, and the invalid controls' border.
 * @cssproperty [--reelback-transition-duration=150ms] - Hover and progress transitions (none under reduced motion).
 * @cssproperty [--reelback-reserved-height=26em] - Before the viewer first acts, a published flow's player is at least 32 % of its width plus this tall, from its first paint (a usual first step: video, heading, a line of text, two or three answers), so the page does not move as it loads. Set it for a taller or shorter first step.
 * @cssproperty [--reelback-thumbnail-width=160px] - The step's video's width while the viewer records an answer.
 * @cssproperty [--reelback-image-radius=var(--reelback-radius, 12px)] - Corner radius of a step's picture.
 * @cssproperty [--reelback-image-fit=contain] - How a step's picture fills its box.
 * @cssproperty [--reelback-image-max-height=60vh] - A step's picture's largest height.
 * @cssproperty [--reelback-image-background=transparent] - Behind a step's picture (letterboxing).
 *
 * A step's video plays its small rendition (`video.small`, 640) instead of `video.src` on a small screen
 * (`max-width: 640px`) or a constrained network (save-data, 2G/3G where the browser says), chosen once per step;
 * its captions (the first track) are on by default.
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
    loading: {},
    preload: {},
    locale: {},
    vars: { converter: { fromAttribute: parseVarsAttribute } },
    _status: { state: true },
    _problem: { state: true },
    _announcement: { state: true },
  };

  /** A published flow's id (the attribute), or a flow to preview offline. */
  declare flow: string | FlowPreview | undefined;
  declare endpoint: string | undefined;
  declare embedMode: EmbedMode;
  declare loading: 'lazy' | 'eager';
  declare preload: 'none' | 'metadata';
  declare locale: string | undefined;
  /** The host page's variables (`embed.js` fills them from its `data-var-*` attributes). */
  declare vars: HostVars | undefined;

  declare private _status: Status;
  declare private _problem: ApiProblem | null;
  declare private _announcement: string;

  /**
   * Loads `<reelback-recorder>` when a viewer chooses to record. Default: imports
   * `components/recorder/recorder.component.js`, a chunk of its own, and defines the element.
   */
  loadRecorder: () => Promise<unknown> = () =>
    importWithRetry(() => import('../recorder/recorder.component.js'), import.meta.url).then((m) => m.defineReelbackRecorder());
  /**
   * Asks the server for a clip's upload ticket (the recorder calls it). Default: none, and the recorder uses its
   * own (`api/upload-ticket.js`, in the recorder's chunk): what a send needs loads with the recorder, never later.
   */
  requestUploadTicket: RequestUploadTicket | undefined = undefined;
  /**
   * Gives the upload status feed, or null. Default: `upload/upload-status.js`, loaded in its own chunk once the
   * flow has loaded (a static import would cost the player ≈ 0.8 KB gz more), and null when it cannot be loaded.
   */
  loadUploads: () => Promise<UploadStatusModule | null> = () =>
    importWithRetry(() => import('../../upload/upload-status.js'), import.meta.url).catch(() => null);

  // Theme before focus: both act after each render, in this order.
  private readonly _theme = new ThemeController(this, () => this._run?.definition);
  private readonly _l = new LocaleController(this);
  private readonly _focus = new FocusController(this);
  private readonly _uploads = new UploadsController(this, () => this.loadUploads());
  private readonly _form = new AnswerFormController(this, (value) => this._answer(value), () => this._l.t);
  private readonly _open = new OpenAnswerController(this, { loadRecorder: () => this.loadRecorder(), form: this._form, focus: this._focus, t: () => this._l.t });
  private readonly _viewport = new ViewportController(this, {
    near: () => {
      if (!this._waitingForViewport) return;
      this._waitingForViewport = false;
      void this._load();
    },
    shown: () => this._run?.shown(),
  });
  /** A published flow waits for the player to come near the viewport before it loads. */
  private _waitingForViewport = false;
  /**
   * A published flow's player keeps its usual size from its first paint until the viewer first acts (waiting, loading,
   * the first step), so the page around it does not move as it loads; a later move is the viewer's own doing.
   */
  private _reserving = false;

  private _run: FlowRun | null = null;
  private _releaseKey: (() => void) | null = null;
  private _loadToken = 0;
  /** The viewer pressed play once: later steps may start on their own (unless reduced motion). */
  private _userPlayed = false;
  /** The video of the step just moved to may start by itself (the viewer pressed play before). */
  private _autoplay = false;
  /** Counts the step's visits: each visit (a reload, a move, even back to the same step) gets a fresh video player. */
  private _visit = 0;
  /** While recording, the viewer asked for the prompt video at full size again. */
  private _largePrompt = false;

  constructor() {
    super();
    this.flow = undefined;
    this.endpoint = undefined;
    this.embedMode = 'inline';
    this.loading = 'lazy';
    this.preload = 'none';
    this.locale = undefined;
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
    if (changed.has('flow') || changed.has('endpoint') || (changed.has('locale') && this._l.refresh())) void this._load();
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
    this._resetAnswer();
    if (!flow) {
      this._status = 'idle';
      return;
    }
    if (typeof flow === 'object') {
      this._reserving = false;
      const definition = flow.definition.translations || flow.definition.theme ? await prepared(flow.definition, this._l.requested) : flow.definition;
      if (token === this._loadToken) this._begin(openPreviewRun(this, flow, this.vars, this._l.requested, definition));
      return;
    }
    this._reserving = true;
    this._waitingForViewport = this.loading !== 'eager' && !this._viewport.near;
    if (this._waitingForViewport) {
      this._status = 'idle';
      return;
    }
    this._status = 'loading';
    const endpoint = this.resolvedEndpoint;
    const current = () => token === this._loadToken;
    try {
      const opened = await openPublishedRun({
        element: this,
        endpoint,
        flowId: flow,
        embedMode: this.embedMode,
        vars: this.vars,
        locale: this._l.requested,
        current,
        claimed: (release) => (this._releaseKey = release),
      });
      if (!opened) return;
      this._run = opened.run;
      // The impression waits until the player is on screen (at once if it already is).
      opened.run.openWhenShown(() => opened.begin());
      if (this._viewport.shown) opened.run.shown();
      this._status = 'ready';
      void this._uploads.watch(endpoint, current);
    } catch (error) {
      if (!current()) return;
      this._problem = error instanceof ApiProblem ? error : null;
      this._status = 'error';
    }
  }

  private _begin(opened: OpenedRun): void {
    this._run = opened.run;
    preloadAnswerForms(opened.run.definition);
    opened.begin();
    this._status = 'ready';
    this.requestUpdate(); // A preview after a preview stays 'ready': render the new run all the same.
  }

  /** After the run moved: new video, heading focused, change announced. */
  private _stepChanged(): void {
    const step = this._run?.step;
    if (!step) return;
    this._reserving = false;
    this._visit++;
    this._autoplay = this._userPlayed;
    this._focus.after('[part~="title"]');
    this._resetAnswer();
    this._announcement = this._l.t('nowShowing', { title: this._stepTitle(step) });
    this.requestUpdate();
  }

  private _resetAnswer(): void {
    this._largePrompt = false;
    this._form.clear();
    this._open.reset();
  }

  private _answer(value: AnswerValue): void {
    if (this._run?.answer(value)) this._stepChanged();
    else this._form.fail(this._l.t('answerFailed'));
  }

  private _stepTitle(step: Step): string {
    return this._fill(step.prompt.title) || this._run?.definition.name || '';
  }

  /** Prompt text with the session's variables filled in: plain text, rendered as text (so escaped), never as HTML. */
  private _fill(text: string | undefined): string {
    const run = this._run;
    return text && run ? fillVariables(text, run.definition.variables, run.state.vars) : (text ?? '');
  }

  protected override render(): TemplateResult | typeof nothing {
    if (this._status === 'idle' && !this._reserving) return nothing;
    // The reserve holds the player's usual height from the first paint until the viewer acts (see flow.styles.ts).
    // On a page in another language nothing but the reserve shows until that language's words are in (no English).
    return html`<div class="frame"><div class="reserve" aria-hidden="true" ?hidden=${!this._reserving}></div>${this._l.ready
      ? html`<div class="container" part="container" lang=${this._l.locale} dir=${this._l.dir}>
          <div class="sr-only" aria-live="polite" aria-atomic="true">${this._announcement}</div>
          ${this._renderBody()}
          ${this._status === 'ready' ? this._uploads.render(this._l.t) : nothing}
        </div>`
      : nothing}</div>`;
  }

  private _renderBody(): unknown {
    const { t } = this._l;
    switch (this._status) {
      case 'idle':
        return nothing;
      case 'loading':
        return html`<p class="status" part="status" role="status">${t('loading')}</p>`;
      case 'error':
        return renderProblem(this._problem, t, () => void this._load());
      case 'ready': {
        const run = this._run;
        return run ? keyed(run.step.id, this._renderStep(run, run.step)) : nothing;
      }
    }
  }

  private _renderStep(run: FlowRun, step: Step): TemplateResult {
    const endpoint = this.resolvedEndpoint;
    const prompt = renderPrompt(step.prompt, {
      title: this._stepTitle(step),
      text: this._fill(step.prompt.text),
      endpoint,
      t: this._l.t,
      visit: this._visit,
      preload: this.preload === 'metadata' && !constrainedNetwork() ? 'metadata' : 'none',
      autoplay: this._autoplay,
      played: () => (this._userPlayed = true),
      progressed: (percent) => this._run?.progressed(percent),
      compact: this._open.recording ? (this._largePrompt ? 'large' : 'small') : null,
      toggleCompact: () => {
        this._largePrompt = !this._largePrompt;
        this.requestUpdate();
      },
    });
    const context: AnswerContext = {
      run,
      form: this._form,
      open: this._open,
      moved: () => this._stepChanged(),
      update: () => this.requestUpdate(),
      shown: () => this.updateComplete,
      answer: (value) => this._answer(value),
      endpoint,
      t: this._l.t,
      requestUploadTicket: this.requestUploadTicket,
    };
    return renderStep(step, prompt, context);
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
