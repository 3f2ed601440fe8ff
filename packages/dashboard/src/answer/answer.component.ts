import { html, LitElement, nothing, type PropertyValues } from 'lit';
import type { TranscriptInfo, TranscriptSegment } from '@reelback/shared';
// A subpath: the shared root also carries the zod schemas, which the dashboard's first load must not.
import { clarityRuns } from '@reelback/shared/word-clarity';
import { ApiProblem, type ApiClient, type Role } from '../api/api-client.js';
import { answerPath, BASE } from '../app/routes.js';
import { scrollBehavior, sharedStyles } from '../styles/shared.styles.js';
import { formatClock, formatTime } from '../util/format.js';
import { type AnswerDetail, type AnswerJourney, getAnswer, getJourney, saveTranscript, transcriptVttUrl } from './answer-api.js';
import { answerStyles } from './answer.styles.js';
import { defineRbBacklogItem } from './backlog.component.js';
import { copyToClipboard } from './copy-link.js';
import { journeyStyles, renderJourney } from './journey.view.js';
import { defineRbAnswerReview, type RbAnswerReview } from './review.component.js';
import { shortcutOf, type Shortcut } from './shortcuts.js';
import { segmentIndexAt } from './transcript.js';
import { defineRbAnswerInsights } from './insights.component.js';
import { markRuns, phraseTime, segmentMarks, type LocalMark } from './key-phrases.js';

defineRbAnswerReview();
defineRbBacklogItem();
defineRbAnswerInsights();

const KIND_TITLES: Record<AnswerDetail['kind'], string> = {
  video: 'Video answer',
  audio: 'Audio answer',
  text: 'Text answer',
  rating: 'Rating',
  nps: 'NPS score',
  contact: 'Contact details',
};

const CONTACT_LABELS: Record<string, string> = { name: 'Name', email: 'E-mail', phone: 'Phone', company: 'Company' };

/**
 * One answer, by its id: a recorded answer's clip (video or audio, with captions) with its transcript beside
 * it — the segment being played is highlighted (`aria-current`) and kept in view, clicking a segment seeks
 * there, owners may correct the transcript (the engine's version is kept) — or what the viewer typed, rated or
 * left as contact details. Below: the review (status, star, tags, note), a link to this moment for colleagues,
 * the hand-off to the backlog tracker; beside: the viewer's path through the flow up to this answer.
 *
 * Keys (when not typing): `r` marks reviewed, `s` stars, `t` goes to the tag input, `e` edits the transcript,
 * space plays or pauses. People with the manager role read only.
 *
 * @tag rb-answer
 * @attr answer-id - The answer to show.
 * @prop startAt - Seconds into the clip to start at (the `?t=` of a shared link).
 * @prop role - The viewer's role in the workspace; `owner` and `admin` may review and edit.
 * @csspart media - The video or audio element.
 * @csspart transcript - The list of segments.
 * @csspart segment - One segment's button.
 * @cssproperty --rb-segment-current-bg - Background of the segment being played (default: `--rb-accent-soft`).
 */
export class RbAnswer extends LitElement {
  static override styles = [sharedStyles, answerStyles, journeyStyles];

  static override properties = {
    api: { attribute: false },
    role: { attribute: false },
    answerId: { attribute: 'answer-id' },
    startAt: { attribute: false },
    _answer: { state: true },
    _problem: { state: true },
    _clipReason: { state: true },
    _transcript: { state: true },
    _journey: { state: true },
    _journeyProblem: { state: true },
    _current: { state: true },
    _time: { state: true },
    _editing: { state: true },
    _drafts: { state: true },
    _editStatus: { state: true },
    _editError: { state: true },
    _saving: { state: true },
    _showOriginal: { state: true },
    _copyStatus: { state: true },
    _copyFallback: { state: true },
  };

  declare api: ApiClient | undefined;
  declare role: Role;
  declare answerId: string;
  declare startAt: number | null;
  declare private _answer: AnswerDetail | null;
  declare private _problem: string;
  /** Why a clip that is not ready cannot be played (from the clip itself). */
  declare private _clipReason: string | null;
  /** undefined while loading; null when the clip has none. */
  declare private _transcript: TranscriptInfo | null | undefined;
  declare private _journey: AnswerJourney | null;
  declare private _journeyProblem: string;
  declare private _current: number;
  /** The player's position, in seconds. */
  declare private _time: number;
  declare private _editing: boolean;
  declare private _drafts: string[];
  declare private _editStatus: string;
  declare private _editError: string;
  declare private _saving: boolean;
  declare private _showOriginal: boolean;
  declare private _copyStatus: string;
  /** The link, shown selected in a read-only field, when the browser would not copy it. */
  declare private _copyFallback: string | null;
  /** Whether `startAt` has been applied to this answer's player. */
  private _started = false;

  constructor() {
    super();
    this.role = 'manager';
    this.answerId = '';
    this.startAt = null;
    this.reset();
    this._problem = '';
  }

  private reset(): void {
    this._answer = null;
    this._problem = '';
    this._clipReason = null;
    this._transcript = undefined;
    this._journey = null;
    this._journeyProblem = '';
    this._current = -1;
    this._time = 0;
    this._editing = false;
    this._drafts = [];
    this._editStatus = '';
    this._editError = '';
    this._saving = false;
    this._showOriginal = false;
    this._copyStatus = '';
    this._copyFallback = null;
    this._started = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('keydown', this.onKey);
  }

  override disconnectedCallback(): void {
    window.removeEventListener('keydown', this.onKey);
    super.disconnectedCallback();
  }

  private get canEdit(): boolean {
    return this.role === 'owner' || this.role === 'admin';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('answerId') || changed.has('api')) && this.answerId && this.api) void this.load(this.api, this.answerId);
  }

  private async load(api: ApiClient, answerId: string): Promise<void> {
    this.reset();
    void this.loadJourney(api, answerId);
    let answer: AnswerDetail;
    try {
      answer = await getAnswer(api, answerId);
    } catch (error) {
      if (answerId !== this.answerId) return;
      this._problem =
        error instanceof ApiProblem && (error.status === 404 || error.status === 400)
          ? 'There is no such answer. It may have been deleted.'
          : `The answer could not be loaded: ${(error as Error).message}`;
      return;
    }
    if (answerId !== this.answerId) return;
    this._answer = answer;
    document.title = `${KIND_TITLES[answer.kind]} · Reelback`;
    const clip = answer.clip;
    if (!clip) return;
    const [transcript, info] = await Promise.all([
      api.transcript(clip.id).catch(() => null),
      // Only a clip that cannot be played needs its own record: for the reason why.
      clip.status === 'ready' ? null : api.clip(clip.id).catch(() => null),
    ]);
    if (answerId !== this.answerId) return;
    this._transcript = transcript;
    this._clipReason = info?.reason ?? null;
  }

  private async loadJourney(api: ApiClient, answerId: string): Promise<void> {
    try {
      const journey = await getJourney(api, answerId);
      if (answerId === this.answerId) this._journey = journey;
    } catch (error) {
      if (answerId === this.answerId) this._journeyProblem = `The viewer's path could not be loaded: ${(error as Error).message}`;
    }
  }

  /** The video or audio element (for tests and the keyboard shortcuts). */
  get media(): HTMLMediaElement | null {
    return this.renderRoot?.querySelector('video, audio') ?? null;
  }

  private readonly onKey = (event: KeyboardEvent): void => {
    if (!this._answer || !this.isConnected) return;
    const shortcut = shortcutOf(event);
    if (!shortcut) return;
    if (this.run(shortcut)) event.preventDefault();
  };

  /** Does what a shortcut asks; false when it does not apply here (so the key keeps its usual meaning). */
  private run(shortcut: Shortcut): boolean {
    const review = this.renderRoot.querySelector<RbAnswerReview>('rb-answer-review');
    switch (shortcut) {
      case 'play': {
        const media = this.media;
        if (!media) return false;
        if (media.paused) void media.play().catch(() => undefined);
        else media.pause();
        return true;
      }
      case 'reviewed':
        if (!this.canEdit || !review) return false;
        review.setStatus('reviewed');
        return true;
      case 'star':
        if (!this.canEdit || !review) return false;
        review.toggleStar();
        return true;
      case 'tag':
        if (!this.canEdit || !review) return false;
        review.focusTagInput();
        return true;
      case 'edit':
        if (!this.canEdit || this._transcript?.status !== 'ready' || this._editing) return false;
        this.startEditing();
        return true;
    }
  }

  private onMetadata(event: Event): void {
    const media = event.target as HTMLMediaElement;
    if (this._started) return;
    this._started = true;
    if (this.startAt !== null && this.startAt > 0) {
      media.currentTime = Number.isFinite(media.duration) ? Math.min(this.startAt, media.duration) : this.startAt;
    }
  }

  private onTime(event: Event): void {
    const media = event.target as HTMLMediaElement;
    this._time = media.currentTime;
    const index = segmentIndexAt(this._transcript?.segments ?? [], media.currentTime);
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
    this._time = start;
    this._current = segmentIndexAt(this._transcript?.segments ?? [], start);
  }

  private onAnswerUpdated(event: CustomEvent<AnswerDetail>): void {
    if (event.detail.id === this._answer?.id) this._answer = event.detail;
  }

  private async copyLink(): Promise<void> {
    const answer = this._answer;
    if (!answer) return;
    const link = location.origin + answerPath(answer.id, answer.clip ? this._time : null);
    this._copyFallback = null;
    this._copyStatus = '';
    if (await copyToClipboard(link)) {
      this._copyStatus = 'Link copied';
      return;
    }
    // Refused: put the link in a field, selected, so Ctrl+C / ⌘C copies it.
    this._copyFallback = link;
    this._copyStatus = 'Copying was refused: the link is selected, press Ctrl+C (⌘C) to copy it';
    await this.updateComplete;
    const field = this.renderRoot.querySelector<HTMLInputElement>('#link-field');
    field?.focus();
    field?.select();
  }

  private startEditing(): void {
    const transcript = this._transcript;
    if (!transcript || transcript.status !== 'ready') return;
    this._drafts = transcript.segments.map((s) => s.text);
    this._editing = true;
    this._editError = '';
    this._editStatus = '';
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLTextAreaElement>('.editor textarea')?.focus());
  }

  private cancelEditing(): void {
    this._editing = false;
    this._editError = '';
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLButtonElement>('#edit-transcript')?.focus());
  }

  private async saveEdit(event: Event): Promise<void> {
    event.preventDefault();
    const transcript = this._transcript;
    const clipId = this._answer?.clip?.id;
    if (!transcript || !clipId || !this.api || this._saving) return;
    const segments = transcript.segments.map((s, i) => ({ start: s.start, end: s.end, text: (this._drafts[i] ?? s.text).trim() }));
    this._saving = true;
    this._editError = '';
    try {
      const saved = await saveTranscript(this.api, clipId, { segments });
      if (this._answer?.clip?.id !== clipId) return;
      this._transcript = saved;
      this._editing = false;
      this._editStatus = 'Transcript saved';
      // The edited text is analysed again: its analysis is pending now, and the old key phrases no longer fit.
      void this.refreshAnalysis(this.api, this._answer.id);
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLButtonElement>('#edit-transcript')?.focus();
    } catch (error) {
      this._editError = `The transcript could not be saved: ${(error as Error).message}`;
    } finally {
      this._saving = false;
    }
  }

  private async refreshAnalysis(api: ApiClient, answerId: string): Promise<void> {
    const fresh = await getAnswer(api, answerId).catch(() => null);
    if (fresh && this._answer?.id === answerId) this._answer = { ...this._answer, analysis: fresh.analysis };
  }

  /** The key phrases to mark in `source`'s text: only from a result about it (never a stale or pending one). */
  private phrases(source: 'text' | 'transcript') {
    const analysis = this._answer?.analysis;
    return analysis?.state === 'analyzed' && analysis.source === source ? analysis.keyPhrases : [];
  }

  /** Text with the key phrases in it marked (as text: markup the viewer typed stays visible characters). */
  private renderMarked(text: string, marks: readonly LocalMark[]) {
    if (marks.length === 0) return text;
    return markRuns(text, marks).map((run) => (run.phrase === null ? run.text : html`<mark part="key-phrase">${run.text}</mark>`));
  }

  private renderInsights(answer: AnswerDetail) {
    const transcript = this._transcript;
    const times =
      answer.analysis?.source === 'transcript' && transcript?.status === 'ready'
        ? this.phrases('transcript').map((phrase) => phraseTime(transcript.segments, phrase))
        : [];
    return html`<rb-answer-insights .analysis=${answer.analysis} .times=${times} @rb-seek-request=${(e: CustomEvent<{ seconds: number }>) => this.seek(e.detail.seconds)}></rb-answer-insights>`;
  }

  private renderMedia(answer: AnswerDetail) {
    const clip = answer.clip!;
    if (clip.status !== 'ready') {
      const state = clip.status === 'uploading' || clip.status === 'uploaded' ? 'still being processed' : clip.status;
      return html`<p class="error">This ${answer.kind === 'audio' ? 'audio answer' : 'video'} is ${state}${this._clipReason ? html`: ${this._clipReason}` : '.'}</p>`;
    }
    const api = this.api!;
    const transcript = this._transcript;
    const captions =
      transcript?.status === 'ready' && transcript.segments.length > 0
        ? html`<track kind="captions" label="Transcript" srclang=${transcript.language ?? 'en'} src=${transcriptVttUrl(api, clip.id, transcript.editedAt)} />`
        : nothing;
    return answer.kind === 'video'
      ? html`<video
          part="media"
          controls
          preload="metadata"
          playsinline
          src=${api.mediaUrl(clip.id, 'video')}
          poster=${clip.posterUrl ? api.mediaUrl(clip.id, 'poster') : nothing}
          aria-label="Video answer"
          @loadedmetadata=${this.onMetadata}
          @timeupdate=${this.onTime}
          @seeked=${this.onTime}
        >
          ${captions}
        </video>`
      : html`<audio
          part="media"
          controls
          preload="metadata"
          src=${api.mediaUrl(clip.id, 'audio')}
          aria-label="Audio answer"
          @loadedmetadata=${this.onMetadata}
          @timeupdate=${this.onTime}
          @seeked=${this.onTime}
        >
          ${captions}
        </audio>`;
  }

  /** What a viewer typed, rated or left: always as text. */
  private renderValue(answer: AnswerDetail) {
    const value = answer.value;
    switch (value.kind) {
      case 'text': {
        const text = answer.text ?? value.text;
        const marks = this.phrases('text').map((p, phrase) => ({ start: p.start, end: p.end, phrase }));
        return html`<p class="value">${this.renderMarked(text, marks)}</p>`;
      }
      case 'rating':
        return html`<p class="value">Rated ${value.value}</p>`;
      case 'nps':
        return html`<p class="value">Scored ${value.value} of 10</p>`;
      case 'contact': {
        const fields = 'fields' in value ? Object.entries(value.fields).filter((e): e is [string, string] => typeof e[1] === 'string') : [];
        if (!value.consent && fields.length === 0) return html`<p class="value muted">Contact details withheld (no consent)</p>`;
        return html`<dl class="details value">
          ${fields.map(([name, text]) => html`<dt>${CONTACT_LABELS[name] ?? name}</dt><dd>${text}</dd>`)}
          <dt>Consent</dt>
          <dd>${value.consent ? 'given' : 'not given'}</dd>
        </dl>`;
      }
      case 'video':
      case 'audio':
        return nothing;
    }
  }

  private renderActions(answer: AnswerDetail) {
    return html`<div class="actions">
        <button class="button quiet" type="button" @click=${this.copyLink}>
          ${answer.clip ? `Copy link at ${formatClock(this._time)}` : 'Copy link'}
        </button>
        ${this._copyFallback !== null
          ? html`<label class="visually-hidden" for="link-field">Link to this answer</label>
              <input id="link-field" type="text" readonly .value=${this._copyFallback} />`
          : nothing}
        <span role="status">${this._copyStatus}</span>
      </div>
      <rb-backlog-item
        .api=${this.api}
        .answer=${answer}
        .role=${this.role}
        .at=${answer.clip ? this._time : null}
        @rb-answer-updated=${this.onAnswerUpdated}
      ></rb-backlog-item>`;
  }

  /** The step's title from the viewer's path, once loaded; its id until then. */
  private stepTitle(answer: AnswerDetail): string {
    return this._journey?.steps.find((step) => step.current)?.title ?? answer.stepId;
  }

  private renderDetails(answer: AnswerDetail) {
    const clip = answer.clip;
    return html`<dl class="details">
      <dt>Flow</dt>
      <dd>${answer.flowId} (version ${answer.flowVersion})</dd>
      <dt>Step</dt>
      <dd>${this.stepTitle(answer)}${this.stepTitle(answer) !== answer.stepId ? html` <span class="muted">(${answer.stepId})</span>` : nothing}</dd>
      <dt>Kind</dt>
      <dd>${answer.kind}</dd>
      ${clip
        ? html`<dt>Clip</dt>
            <dd><span class="badge" data-status=${clip.status}>${clip.status}</span></dd>`
        : nothing}
      ${clip?.durationSeconds != null ? html`<dt>Length</dt><dd>${formatClock(clip.durationSeconds)}</dd>` : nothing}
      <dt>Received</dt>
      <dd><time datetime=${answer.submittedAt}>${formatTime(answer.submittedAt)}</time></dd>
    </dl>`;
  }

  private renderSegments(transcript: TranscriptInfo) {
    const marks = segmentMarks(transcript.segments, this.phrases('transcript'));
    return html`<ol class="transcript" part="transcript" aria-label="Transcript segments">
      ${transcript.segments.map(
        (segment, index) =>
          html`<li>
            <button type="button" part="segment" aria-current=${index === this._current ? 'true' : 'false'} @click=${() => this.seek(segment.start)}>
              <span class="time"><span class="visually-hidden">Play from </span>${formatClock(segment.start)}</span>
              <span class="text">${this.renderClarity(segment, marks[index] ?? [])}</span>
            </button>
          </li>`,
      )}
    </ol>`;
  }

  /**
   * Words the engine was unsure of are marked (greyed, dotted, and said to screen readers), not shown as confident
   * text; key phrases are marked in a segment heard clearly (unclear words come first: they say what may be wrong).
   */
  private renderClarity(segment: TranscriptSegment, marks: readonly LocalMark[]) {
    const runs = clarityRuns(segment);
    if (runs.every((r) => !r.unclear)) return this.renderMarked(segment.text, marks);
    return runs.map((run, i) => {
      const space = i > 0 ? ' ' : '';
      return run.unclear
        ? html`${space}<span class="unclear" part="unclear" title="Not heard clearly"><span class="visually-hidden">(unclear: </span>${run.text}<span class="visually-hidden">)</span></span>`
        : html`${space}${run.text}`;
    });
  }

  private renderEditor(transcript: TranscriptInfo) {
    return html`<form @submit=${this.saveEdit} aria-label="Edit the transcript">
      <ol class="editor">
        ${transcript.segments.map(
          (segment, index) =>
            html`<li>
              <label for="segment-${index}">${formatClock(segment.start)}–${formatClock(segment.end)}</label>
              <textarea
                id="segment-${index}"
                .value=${this._drafts[index] ?? segment.text}
                @input=${(event: Event) => {
                  const drafts = [...this._drafts];
                  drafts[index] = (event.target as HTMLTextAreaElement).value;
                  this._drafts = drafts;
                }}
              ></textarea>
            </li>`,
        )}
      </ol>
      <div class="actions">
        <button class="button" type="submit" ?disabled=${this._saving}>Save transcript</button>
        <button class="button quiet" type="button" @click=${this.cancelEditing}>Cancel</button>
      </div>
      <p class="error" role="alert">${this._editError}</p>
    </form>`;
  }

  private renderOriginal(transcript: TranscriptInfo) {
    const original = transcript.original;
    if (!transcript.editedAt || !original) return nothing;
    return html`<p>
        <button class="button quiet" type="button" aria-expanded=${this._showOriginal ? 'true' : 'false'} aria-controls="original" @click=${() => (this._showOriginal = !this._showOriginal)}>
          ${this._showOriginal ? 'Hide the original' : 'Edited — see original'}
        </button>
      </p>
      <div id="original" class="original" ?hidden=${!this._showOriginal}>
        <p class="muted">As transcribed${transcript.engine ? ` by ${transcript.engine}` : ''}, before the edit of <time datetime=${transcript.editedAt}>${formatTime(transcript.editedAt)}</time>:</p>
        <ol>
          ${original.segments.map((s) => html`<li><span class="time">${formatClock(s.start)}</span><span class="text">${s.text}</span></li>`)}
        </ol>
      </div>`;
  }

  private renderTranscript() {
    const transcript = this._transcript;
    let body;
    if (transcript === undefined) body = html`<p class="muted">Loading the transcript…</p>`;
    else if (transcript === null) body = html`<p class="muted">There is no transcript for this answer.</p>`;
    else if (transcript.status === 'queued') body = html`<p class="muted">The transcript is being made.</p>`;
    else if (transcript.status === 'failed') body = html`<p class="error">The transcript could not be made${transcript.error ? `: ${transcript.error}` : '.'}</p>`;
    else if (transcript.segments.length === 0) body = html`<p class="muted">No speech recognised.</p>`;
    else {
      const unclear = !this._editing && transcript.segments.some((s) => clarityRuns(s).some((r) => r.unclear));
      body = html`${transcript.accuracyNote ? html`<p class="muted">${transcript.accuracyNote}</p>` : nothing}
      ${unclear ? html`<p class="muted">Words shown <span class="unclear">greyed, in italics</span> were not heard clearly.</p>` : nothing}
      ${this._editing ? this.renderEditor(transcript) : this.renderSegments(transcript)} ${this.renderOriginal(transcript)}`;
    }
    const editable = this.canEdit && transcript?.status === 'ready' && transcript.segments.length > 0 && !this._editing;
    return html`<section aria-labelledby="transcript-title">
      <div class="section-head">
        <h2 id="transcript-title">Transcript</h2>
        ${editable ? html`<button id="edit-transcript" class="button quiet" type="button" aria-keyshortcuts="e" @click=${this.startEditing}>Edit transcript</button>` : nothing}
      </div>
      ${body}
      <p class="muted" role="status">${this._editStatus}</p>
    </section>`;
  }

  private renderJourneySection(answer: AnswerDetail) {
    return html`<section aria-labelledby="journey-title">
      <h2 id="journey-title">The viewer's path</h2>
      ${this._journey
        ? renderJourney(this._journey, answer.id)
        : this._journeyProblem
          ? html`<p class="muted">${this._journeyProblem}</p>`
          : html`<p class="muted">Loading the viewer's path…</p>`}
    </section>`;
  }

  private renderAnswer(answer: AnswerDetail) {
    return html`
      <h1 tabindex="-1">${KIND_TITLES[answer.kind]} to “${this.stepTitle(answer)}”</h1>
      ${this.canEdit
        ? nothing
        : html`<p class="read-only">
            You can read this answer. Reviewing it, editing its transcript and creating backlog items need the owner or admin role.
          </p>`}
      <div class="layout">
        <div>
          <section aria-label="Answer">
            ${answer.clip ? this.renderMedia(answer) : this.renderValue(answer)} ${this.renderActions(answer)}
          </section>
          ${this.renderInsights(answer)}
          <section aria-labelledby="review-title">
            <h2 id="review-title">Review</h2>
            <rb-answer-review .api=${this.api} .answer=${answer} .readOnly=${!this.canEdit} @rb-answer-updated=${this.onAnswerUpdated}></rb-answer-review>
            ${this.renderDetails(answer)}
          </section>
        </div>
        <div>${answer.clip ? this.renderTranscript() : nothing} ${this.renderJourneySection(answer)}</div>
      </div>
    `;
  }

  override render() {
    const answer = this._answer;
    return html`
      <a class="back" href="${BASE}/">← All answers</a>
      ${this._problem
        ? html`<h1 tabindex="-1">Answer</h1>
            <p class="error" role="alert">${this._problem}</p>`
        : !answer
          ? html`<h1 tabindex="-1">Answer</h1>
              <p role="status">Loading the answer…</p>`
          : this.renderAnswer(answer)}
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
