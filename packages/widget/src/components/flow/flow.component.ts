import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { keyed } from 'lit/directives/keyed.js';
import type {
  AnswerSpec,
  AnswerValue,
  FlowDefinition,
  OpenAnswerKind,
  PromptVideo,
  Step,
  ViewerEvent,
} from '@reelback/shared';
import { fillVariables, findStep, startStepId } from '@reelback/shared/branching';
import { themeProperties } from '@reelback/shared/theme';
import type { EmbedMode } from '@reelback/shared/event-types';
import { uuidv7 } from '@reelback/shared/uuidv7';
import { ApiProblem, fetchPublishedFlow, startSession } from '../../api/api-client.js';
import { dispatchViewerEvent } from '../../events/dom-events.js';
import { eventClientFor } from '../../events/event-client.js';
import { pageContext } from '../../session/page-context.js';
import { type HostVars, pageVars, parseVarsAttribute } from '../../session/page-vars.js';
import { claimSessionKey, SessionStore, sessionKey } from '../../session/session-store.js';
import { browserStore } from '../../util/storage.js';
import { defaultEndpoint, mediaUrl, normalizeEndpoint, safeLinkUrl } from '../../util/urls.js';
import { defineReelbackPromptVideo } from '../prompt-video/prompt-video.component.js';
import { FlowRun } from './flow-run.js';
import { flowStyles } from './flow.styles.js';
import type { RecordedKind, RecorderEventMap, RequestUploadTicket, UploadStatus, UploadStatusModule } from './recorder-contract.js';

/** A flow given directly (the dashboard's preview): nothing is sent to a server. */
export interface FlowPreview {
  flowId: string;
  version: number;
  definition: FlowDefinition;
}

type Status = 'idle' | 'loading' | 'ready' | 'error';
type RatingSpec = Extract<AnswerSpec, { type: 'rating' | 'nps' }>;
type ContactSpec = Extract<AnswerSpec, { type: 'contact' }>;
type OpenSpec = Extract<AnswerSpec, { type: 'open' }>;

/** Shown for an answer type this player does not know (a flow made for a newer version). */
export const UNSUPPORTED_ANSWER_MESSAGE = 'This kind of answer is not available yet.';

const KIND_LABELS: Record<OpenAnswerKind, string> = { video: 'Record video', audio: 'Record audio', text: 'Type your answer' };
/** Each contact field's input `type` and `autocomplete` token. */
const CONTACT_INPUTS = { name: ['text', 'name'], email: ['email', 'email'], phone: ['tel', 'tel'], company: ['text', 'organization'] } as const;
/** The e-mail rule of the shared branching function (stricter than `type="email"`), as an HTML pattern. */
const EMAIL_PATTERN = '[^\\s@]+@[^\\s@]+\\.[^\\s@]+';

/** Why a form control cannot be sent as it is, in words; '' when it can. */
function problemWith(control: HTMLInputElement | HTMLTextAreaElement): string {
  const { validity, type, value } = control;
  const checkable = type === 'radio' || type === 'checkbox';
  const max = Number(control.dataset.max);
  if (validity.valueMissing || (control.required && !checkable && !value.trim())) {
    if (type === 'radio') return 'Please choose a score first.';
    if (type === 'checkbox') return 'Please tick this box to agree before sending.';
    return control.localName === 'textarea' ? 'Please type your answer first.' : 'Please fill this in.';
  }
  if (validity.typeMismatch || validity.patternMismatch) {
    return type === 'email' ? 'Please enter an e-mail address like name@example.com.' : 'Please check this value.';
  }
  if (max && value.length > max) return `Please shorten your answer to ${max} characters or fewer (${value.length - max} too many).`;
  return '';
}

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
    vars: { converter: { fromAttribute: parseVarsAttribute } },
    _status: { state: true },
    _problem: { state: true },
    _announcement: { state: true },
    _errors: { state: true },
    _openMode: { state: true },
    _openNotice: { state: true },
    _textLength: { state: true },
    _uploads: { state: true },
  };

  /** A published flow's id (the attribute), or a flow to preview offline. */
  declare flow: string | FlowPreview | undefined;
  declare endpoint: string | undefined;
  declare embedMode: EmbedMode;
  /** The host page's variables (`embed.js` fills them from its `data-var-*` attributes). */
  declare vars: HostVars | undefined;

  declare private _status: Status;
  declare private _problem: ApiProblem | null;
  declare private _announcement: string;
  /** What to fix in the step's form, by control name ('form' for the whole). */
  declare private _errors: Record<string, string>;
  /** The way of answering an open step the viewer chose (`recording` while the recorder loads). */
  declare private _openMode: OpenAnswerKind | 'recording' | null;
  declare private _openNotice: string;
  declare private _textLength: number;
  declare private _uploads: UploadStatus[];

  /**
   * Loads `<reelback-recorder>` when a viewer chooses to record. Default: imports
   * `components/recorder/recorder.component.js`, a chunk of its own, and defines the element.
   */
  loadRecorder: () => Promise<unknown> = () => import('../recorder/recorder.component.js').then((m) => m.defineReelbackRecorder());
  /** Asks the server for a clip's upload ticket (the recorder calls it). Default: `api/upload-ticket.js`, loaded on first use. */
  requestUploadTicket: RequestUploadTicket = (...args) => import('../../api/upload-ticket.js').then((m) => m.requestUploadTicket(...args));
  /**
   * Gives the upload status feed, or null. Default: `upload/upload-status.js`, loaded in its own chunk once the
   * flow has loaded (a static import would cost the player ≈ 0.8 KB gz more), and null when it cannot be loaded.
   */
  loadUploads: () => Promise<UploadStatusModule | null> = () => import('../../upload/upload-status.js').catch(() => null);

  private _unavailable: OpenAnswerKind[] = [];
  private _stopWatching: (() => void) | null = null;

  private _run: FlowRun | null = null;
  private _releaseKey: (() => void) | null = null;
  private _loadToken = 0;
  /** The viewer pressed play once: later steps may start on their own (unless reduced motion). */
  private _userPlayed = false;
  /** What to focus after the next render (a selector in the shadow root). */
  private _focusNext: string | null = null;
  /** The video of the step just moved to may start by itself (the viewer pressed play before). */
  private _autoplay = false;
  /** The definition whose theme is applied, and the custom properties it set on this element. */
  private _themed: FlowDefinition | undefined;
  private _themeProps: string[] = [];
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
    this._uploads = [];
    this._resetAnswer();
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
    this._stopWatching?.();
    this._stopWatching = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('flow') || changed.has('endpoint')) void this._load();
  }

  protected override updated(): void {
    const definition = this._run?.definition;
    if (definition !== this._themed) this._applyTheme(definition);
    if (this._focusNext) {
      this.renderRoot.querySelector<HTMLElement>(this._focusNext)?.focus();
      this._focusNext = null;
    }
  }

  /**
   * The flow's theme as custom properties in the element's own style (checked again by `themeProperties`: only
   * colours, a known font stack, a radius), replacing the last flow's; the bubble's part (position, label, avatar)
   * goes to whoever listens for `reelback-theme`.
   */
  private _applyTheme(definition: FlowDefinition | undefined): void {
    this._themed = definition;
    for (const name of this._themeProps) this.style.removeProperty(name);
    const props = themeProperties(definition?.theme);
    for (const [name, value] of Object.entries(props)) this.style.setProperty(name, value);
    this._themeProps = Object.keys(props);
    if (definition) {
      const { position, label, avatar } = definition.theme ?? {};
      this.dispatchEvent(new CustomEvent('reelback-theme', { detail: { position, label, avatar, properties: props } }));
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
    this._resetAnswer();
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
        const vars = pageVars(definition, this.vars);
        const request = { flowId, flowVersion: version, sessionId, context, ...(Object.keys(vars).length ? { vars } : {}) };
        const started = await startSession(endpoint, request);
        if (token !== this._loadToken) return;
        const first = findStep(definition, started.startStepId) ? started.startStepId : startStepId(definition);
        const ref = { sessionId: started.sessionId ?? sessionId, flowId, flowVersion: started.flowVersion ?? version };
        this._run = new FlowRun({ ...options, state: FlowRun.newState(ref, first, vars) });
        this._run.start(context);
      }
      this._status = 'ready';
      void this._watchUploads(endpoint, token);
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
      // A preview reads only the element's own vars (the dashboard's page URL says nothing about a viewer).
      state: FlowRun.newState(ref, startStepId(preview.definition), pageVars(preview.definition, this.vars, '')),
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
    this._focusNext = '[part~="title"]';
    this._resetAnswer();
    this._announcement = `Now showing: ${this._stepTitle(step)}`;
    this.requestUpdate();
  }

  private _resetAnswer(): void {
    this._errors = {};
    this._openMode = null;
    this._openNotice = '';
    this._textLength = 0;
    this._unavailable = [];
  }

  /** Shows how recorded answers' uploads go, and carries on with those a previous page left. */
  private async _watchUploads(endpoint: string, token: number): Promise<void> {
    const uploads = await this.loadUploads().catch(() => null);
    if (!uploads || token !== this._loadToken) return;
    this._stopWatching?.();
    try {
      this._stopWatching = uploads.watchUploads((statuses) => (this._uploads = statuses));
      await uploads.resumePendingUploads(endpoint);
    } catch (error) {
      console.warn('[reelback] could not resume unfinished uploads', error);
    }
  }

  private _answer(value: AnswerValue): void {
    if (this._run?.answer(value)) this._stepChanged();
    else this._errors = { form: 'This answer could not be sent. Please check it and try again.' };
  }

  /**
   * Sends a form's answer once every control is fine (the browser's own checks: required, type, pattern,
   * plus the length limit); otherwise says what to fix under each control and focuses the first.
   */
  private _submit(event: Event, value: (form: HTMLFormElement) => AnswerValue): void {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const errors: Record<string, string> = {};
    let first: HTMLElement | undefined;
    for (const control of form.elements as unknown as Iterable<HTMLInputElement>) {
      const message = control.name && !errors[control.name] ? problemWith(control) : '';
      if (message) {
        errors[control.name] = message;
        first ??= control;
      }
    }
    this._errors = errors;
    if (first) first.focus();
    else this._answer(value(form));
  }

  /** A corrected control loses its message. */
  private _edited(event: Event): void {
    const { name } = event.target as HTMLInputElement;
    if (this._errors[name] || this._errors.form) this._errors = { ...this._errors, [name]: '', form: '' };
  }

  private _error(name: string): unknown {
    const message = this._errors[name];
    return message ? html`<p class="field-error" part="field-error" id="error-${name}">${message}</p>` : nothing;
  }

  /** `aria-describedby` of a control: its error, and any other descriptions. */
  private _describedBy(name: string, ...others: string[]): string | undefined {
    return [...others, ...(this._errors[name] ? [`error-${name}`] : [])].join(' ') || undefined;
  }

  private _chooseKind(kind: OpenAnswerKind): void {
    this._openNotice = '';
    if (kind === 'text') {
      this._openMode = 'text';
      this._focusNext = 'textarea';
      return;
    }
    this._openMode = 'recording';
    void this._startRecorder(kind);
  }

  private async _startRecorder(kind: RecordedKind): Promise<void> {
    const visit = this._visit;
    try {
      await this.loadRecorder();
      if (!customElements.get('reelback-recorder')) throw new Error('no <reelback-recorder> element was defined');
    } catch (error) {
      console.warn('[reelback] could not load the recorder', error);
      if (visit === this._visit && this._openMode === 'recording') this._kindUnavailable(kind, 'Recording is not available right now.');
      return;
    }
    if (visit !== this._visit || this._openMode !== 'recording') return;
    this._openMode = kind;
    // Keyboard focus goes to the recorder's first control (the button that pressed "Record" is gone).
    await this.updateComplete;
    const recorder = this.renderRoot.querySelector<HTMLElement & { updateComplete?: Promise<unknown> }>('reelback-recorder');
    await recorder?.updateComplete;
    recorder?.shadowRoot?.querySelector<HTMLElement>('button, select, [tabindex]')?.focus();
  }

  private _kindUnavailable(kind: OpenAnswerKind, message: string): void {
    this._unavailable = [...this._unavailable, kind];
    this._openNotice = message || `${KIND_LABELS[kind]} is not available here.`;
    this._openMode = null;
    this._focusNext = '[part~="kind"], textarea';
  }

  private _stepTitle(step: Step): string {
    return this._fill(step.prompt.title) || this._run?.definition.name || 'Video';
  }

  /** Prompt text with the session's variables filled in: plain text, rendered as text (so escaped), never as HTML. */
  private _fill(text: string | undefined): string {
    const run = this._run;
    return text && run ? fillVariables(text, run.definition.variables, run.state.vars) : (text ?? '');
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
      ${this._status === 'ready'
        ? html`<p class="upload-status" part="upload-status" role="status">${this._uploads
            .filter((upload) => upload.state !== 'done')
            .map((upload) => html`<span>${upload.message || (upload.state === 'failed' ? 'Your recording could not be sent.' : 'Sending your recording…')}</span>`)}</p>`
        : nothing}
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
      <h2 part="title" id="title" tabindex="-1">${this._stepTitle(step)}</h2>
      ${prompt.text ? html`<p class="text" part="text">${this._fill(prompt.text)}</p>` : nothing}
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
      case 'rating':
      case 'nps':
        return html`${content}${this._renderScale(answer)}`;
      case 'contact':
        return html`${content}${this._renderContact(answer)}`;
      case 'open':
        return html`${content}${this._renderOpen(step, answer)}`;
      case 'end':
        return html`<div class="end" part="end">${content}<slot name="end"></slot></div>`;
      default:
        return html`${content}
          <p class="unsupported" part="unsupported">${UNSUPPORTED_ANSWER_MESSAGE}</p>`;
    }
  }

  private _submitButton(): TemplateResult {
    return html`${this._error('form')}<button class="button cta" part="submit" type="submit">Send</button>`;
  }

  /** A rating (1…scale) or NPS (0…10) step: native radio buttons drawn as one row of scores. */
  private _renderScale(spec: RatingSpec): TemplateResult {
    const nps = spec.type === 'nps';
    const max = nps ? 10 : spec.scale;
    const values = Array.from({ length: nps ? 11 : max }, (_, i) => (nps ? i : i + 1));
    const { lowLabel, highLabel } = spec;
    const name = (value: number) => {
      const end = value === values[0] ? lowLabel : value === max ? highLabel : undefined;
      return `${value} of ${max}${end ? `, ${end}` : ''}`;
    };
    return html`<form
      class="answer"
      part="form"
      novalidate
      @submit=${(event: Event) =>
        this._submit(event, (form) => ({ kind: spec.type, value: Number((form.elements.namedItem('value') as RadioNodeList).value) }))}
      @change=${this._edited}
    >
      <div
        class="scale"
        part="scale"
        role="radiogroup"
        aria-labelledby="title"
        aria-describedby=${ifDefined(this._describedBy('value'))}
        aria-invalid=${ifDefined(this._errors.value ? 'true' : undefined)}
        @keydown=${(event: KeyboardEvent) => {
          // Enter sends the chosen score, as it would from a text field.
          if (event.key !== 'Enter') return;
          event.preventDefault();
          (event.currentTarget as HTMLElement).closest('form')!.requestSubmit();
        }}
      >
        ${values.map(
          (value) => html`<label class="scale-option" part="scale-option"
            ><input class="sr-only" type="radio" name="value" value=${value} required aria-label=${name(value)} /><span
              aria-hidden="true"
              >${value}</span
            ></label
          >`,
        )}
      </div>
      ${lowLabel || highLabel
        ? html`<div class="scale-labels" part="scale-labels" aria-hidden="true"><span>${lowLabel}</span><span>${highLabel}</span></div>`
        : nothing}
      ${this._error('value')} ${this._submitButton()}
    </form>`;
  }

  /** A contact form: the flow's fields with the right input types, and the consent box when it asks for one. */
  private _renderContact(spec: ContactSpec): TemplateResult {
    const send = (form: HTMLFormElement): AnswerValue => {
      const fields: Partial<Record<keyof typeof CONTACT_INPUTS, string>> = {};
      for (const { name } of spec.fields) {
        const value = (form.elements.namedItem(name) as HTMLInputElement).value.trim();
        if (value) fields[name] = value;
      }
      const consent = !!spec.consentText && (form.elements.namedItem('consent') as HTMLInputElement).checked;
      return { kind: 'contact', fields, consent };
    };
    return html`<form class="answer" part="form" novalidate @submit=${(event: Event) => this._submit(event, send)} @input=${this._edited}>
      ${spec.fields.map(({ name, label, required }) => {
        const [type, autocomplete] = CONTACT_INPUTS[name];
        return html`<div class="field" part="field">
          <label part="label" for="field-${name}"
            >${label}${required ? nothing : html` <span class="hint">(optional)</span>`}</label
          >
          <input
            part="input"
            id="field-${name}"
            name=${name}
            type=${type}
            autocomplete=${autocomplete}
            maxlength="500"
            pattern=${ifDefined(type === 'email' ? EMAIL_PATTERN : undefined)}
            ?required=${required}
            aria-invalid=${ifDefined(this._errors[name] ? 'true' : undefined)}
            aria-describedby=${ifDefined(this._describedBy(name))}
          />
          ${this._error(name)}
        </div>`;
      })}
      ${spec.consentText
        ? html`<div class="field" part="field">
            <div class="consent" part="consent">
              <input
                id="consent"
                name="consent"
                type="checkbox"
                required
                aria-invalid=${ifDefined(this._errors.consent ? 'true' : undefined)}
                aria-describedby=${ifDefined(this._describedBy('consent'))}
              />
              <label for="consent">${spec.consentText}</label>
            </div>
            ${this._error('consent')}
          </div>`
        : nothing}
      ${this._submitButton()}
    </form>`;
  }

  /** An open step: the ways it may be answered, then a textarea or the recorder. */
  private _renderOpen(step: Step, spec: OpenSpec): TemplateResult {
    const kinds = spec.kinds.filter((kind) => !this._unavailable.includes(kind));
    // With only one way to answer, go straight to it (recording still waits for a press: it asks for the camera).
    const mode = this._openMode ?? (kinds.length === 1 && kinds[0] === 'text' ? 'text' : null);
    const notice = this._openNotice ? html`<p class="notice" part="notice" role="alert">${this._openNotice}</p>` : nothing;
    const back =
      kinds.length > 1
        ? html`<button class="button choice" part="back" type="button" @click=${() => this._back()}>Choose another way to answer</button>`
        : nothing;
    if (!kinds.length) {
      return html`${notice}
        <p class="notice" part="notice">There is no other way to answer this question here, so it cannot be answered in this browser.</p>`;
    }
    switch (mode) {
      case null:
        return html`${notice}
          <ul class="choices" part="kinds">
            ${kinds.map(
              (kind) => html`<li>
                <button class="button choice" part="kind" type="button" @click=${() => this._chooseKind(kind)}>${KIND_LABELS[kind]}</button>
              </li>`,
            )}
          </ul>`;
      case 'text': {
        const max = spec.maxTextLength;
        const over = this._textLength > max;
        return html`${notice}
          <form
            class="answer"
            part="form"
            novalidate
            @submit=${(event: Event) =>
              this._submit(event, (form) => ({ kind: 'text', text: (form.elements.namedItem('text') as HTMLTextAreaElement).value.trim() }))}
          >
            <div class="field" part="field">
              <label part="label" for="text">Your answer</label>
              <textarea
                part="input"
                id="text"
                name="text"
                rows="4"
                required
                data-max=${max}
                aria-invalid=${ifDefined(this._errors.text || over ? 'true' : undefined)}
                aria-describedby=${ifDefined(this._describedBy('text', 'count'))}
                @input=${(event: Event) => {
                  this._textLength = (event.target as HTMLTextAreaElement).value.length;
                  this._edited(event);
                }}
              ></textarea>
              <p class="count ${over ? 'over' : ''}" part="count" id="count">
                ${this._textLength} of ${max} characters${over ? ` (${this._textLength - max} too many)` : ''}
              </p>
              ${this._error('text')}
            </div>
            ${this._submitButton()} ${back}
          </form>`;
      }
      case 'recording':
        return html`<p class="status" part="status" role="status">Starting the recorder…</p>`;
      default: {
        const run = this._run!;
        const endpoint = this.resolvedEndpoint;
        const sessionId = run.state.sessionId;
        const on = <K extends keyof RecorderEventMap>(handle: (detail: RecorderEventMap[K]['detail']) => void) => (event: Event) =>
          handle((event as RecorderEventMap[K]).detail);
        return html`<reelback-recorder
          part="recorder"
          .kind=${mode satisfies RecordedKind}
          .maxDurationSeconds=${spec.maxDurationSeconds}
          .endpoint=${endpoint}
          .sessionId=${sessionId}
          .stepId=${step.id}
          .requestTicket=${(request: Parameters<RequestUploadTicket>[2]) => this.requestUploadTicket(endpoint, sessionId, request)}
          @reelback-recorder-submit=${on<'reelback-recorder-submit'>(({ clipId, kind, durationSeconds }) =>
            this._answer({ kind: kind ?? mode, clipId, durationSeconds }),
          )}
          @reelback-recorder-unavailable=${on<'reelback-recorder-unavailable'>(({ kind, message }) =>
            this._kindUnavailable(kind ?? mode, message),
          )}
          @reelback-recorder-cancel=${() => this._back()}
        ></reelback-recorder>`;
      }
    }
  }

  private _back(): void {
    this._openMode = null;
    this._openNotice = '';
    this._errors = {};
    this._textLength = 0;
    this._focusNext = '[part~="kind"]';
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
