import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import type { ApiClient } from '../api/api-client.js';
import { answerPath } from '../app/routes.js';
import { sharedStyles } from '../styles/shared.styles.js';
import { formatClock, formatTime } from '../util/format.js';
import { loadReelAnswers, type LeftOut, type ReelPart } from './reel-answers.js';
import { partLength, rangeProblem, reelCues, reelFileName, reelTimeline, seconds, toWebVtt } from './reel-plan.js';
import type { ReelProgress } from './make-reel.js';

interface ReelResult {
  mp4Url: string;
  vttUrl: string;
  mp4Name: string;
  vttName: string;
  bytes: number;
  durationSeconds: number;
  tookSeconds: number;
}

const STAGE_TEXT: Record<ReelProgress['stage'], string> = {
  loading: 'Loading the video tools (about 32 MB, once per visit)…',
  fetching: 'Downloading the clips…',
  encoding: 'Making the reel…',
  finishing: 'Finishing…',
};

/**
 * The highlight reel's editor (below `<rb-reel>`'s heading, loaded as its own chunk): the chosen answers'
 * clips (or a range of each), in the owner's order, made into one MP4 in the browser with ffmpeg.wasm, with
 * the transcripts as a WebVTT track. The video tools are another chunk and a 32 MB core, fetched only when
 * the owner clicks "Make reel".
 *
 * @tag rb-reel-editor
 * @csspart preview - The finished reel's video element.
 */
export class RbReelEditor extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        max-width: 60rem;
      }
      ol.parts {
        list-style: none;
        margin: 0 0 var(--rb-space, 1rem);
        padding: 0;
        display: grid;
        gap: 0.75rem;
      }
      .part {
        display: grid;
        grid-template-columns: 8rem minmax(0, 1fr);
        gap: 0.5rem 1rem;
        border: 1px solid var(--rb-border, #d5d8e0);
        border-radius: var(--rb-radius, 6px);
        padding: 0.75rem;
      }
      .thumb {
        width: 8rem;
        aspect-ratio: 16 / 9;
        object-fit: cover;
        background: var(--rb-text, #1c1e24);
        border-radius: 4px;
      }
      .part h2 {
        font-size: 1rem;
        margin: 0;
      }
      .snippet {
        margin: 0.25rem 0;
        overflow-wrap: anywhere;
      }
      .range {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: end;
        border: 0;
        margin: 0.5rem 0 0;
        padding: 0;
      }
      .range input {
        width: 7rem;
      }
      .range select {
        max-width: 16rem;
        font: inherit;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        margin-top: 0.5rem;
      }
      .problem {
        color: var(--rb-danger, #b3261e);
        margin: 0.25rem 0 0;
      }
      progress {
        width: 100%;
        max-width: 30rem;
      }
      video {
        width: 100%;
        max-height: 70vh;
        background: #000;
        border-radius: var(--rb-radius, 6px);
      }
      .downloads {
        display: flex;
        flex-wrap: wrap;
        gap: 1rem;
      }
    `,
  ];
  static override properties = {
    api: { attribute: false },
    answerIds: { attribute: false },
    parts: { state: true },
    leftOut: { state: true },
    loading: { state: true },
    loadError: { state: true },
    progress: { state: true },
    result: { state: true },
    error: { state: true },
  };
  declare api: ApiClient;
  declare answerIds: string[];
  declare parts: ReelPart[];
  declare leftOut: LeftOut[];
  declare loading: boolean;
  declare loadError: string | null;
  declare progress: ReelProgress | null;
  declare result: ReelResult | null;
  declare error: string | null;
  private abort: AbortController | null = null;
  private loadRun = 0;

  constructor() {
    super();
    this.answerIds = [];
    this.parts = [];
    this.leftOut = [];
    this.loading = false;
    this.loadError = null;
    this.progress = null;
    this.result = null;
    this.error = null;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.abort?.abort();
    this.dropResult();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('answerIds') || changed.has('api')) && this.api) void this.load();
  }

  private async load(): Promise<void> {
    const run = ++this.loadRun;
    this.loading = true;
    this.loadError = null;
    try {
      const { parts, leftOut } = await loadReelAnswers(this.api, this.answerIds);
      if (run !== this.loadRun) return;
      this.parts = parts;
      this.leftOut = leftOut;
    } catch (error) {
      if (run === this.loadRun) this.loadError = error instanceof Error ? error.message : String(error);
    } finally {
      if (run === this.loadRun) this.loading = false;
    }
  }

  private dropResult(): void {
    if (!this.result) return;
    URL.revokeObjectURL(this.result.mp4Url);
    URL.revokeObjectURL(this.result.vttUrl);
    this.result = null;
  }

  private setPart(index: number, change: Partial<ReelPart>): void {
    this.parts = this.parts.map((p, i) => (i === index ? { ...p, ...change } : p));
  }

  private move(index: number, by: -1 | 1): void {
    const target = index + by;
    if (target < 0 || target >= this.parts.length) return;
    const parts = [...this.parts];
    [parts[index], parts[target]] = [parts[target]!, parts[index]!];
    this.parts = parts;
    // Keep the focus on the same button of the part that moved, so repeated presses keep moving it.
    const label = by < 0 ? 'up' : 'down';
    void this.updateComplete.then(() => {
      const button = this.renderRoot.querySelector<HTMLButtonElement>(`[data-part="${target}"][data-move="${label}"]`);
      (button && !button.disabled ? button : this.renderRoot.querySelector<HTMLButtonElement>(`[data-part="${target}"][data-move]:not([disabled])`))?.focus();
    });
  }

  private removePart(index: number): void {
    this.parts = this.parts.filter((_, i) => i !== index);
    // The removed part's buttons are gone: the list is the next thing to read.
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.parts, .empty')?.focus());
  }

  private async make(): Promise<void> {
    if (this.progress || this.parts.length === 0 || this.parts.some((p) => rangeProblem(p))) return;
    this.dropResult();
    this.error = null;
    const abort = new AbortController();
    this.abort = abort;
    const started = performance.now();
    const parts = this.parts;
    const vtt = toWebVtt(reelCues(parts));
    const hasCues = vtt.includes('-->');
    this.progress = { stage: 'loading', fraction: 0 };
    try {
      // The video tools are their own chunk: the dashboard does not carry them until now.
      const { makeReel } = await import('./make-reel.js');
      const mp4 = await makeReel({
        parts: parts.map((p, i) => ({
          url: this.api.mediaUrl(p.clipId, p.kind === 'video' ? 'video' : 'audio'),
          start: p.start,
          duration: partLength(p),
          label: `Part ${i + 1}`,
        })),
        vtt: hasCues ? vtt : null,
        signal: abort.signal,
        onProgress: (progress) => {
          if (!abort.signal.aborted) this.progress = progress;
        },
      });
      const now = new Date();
      this.result = {
        mp4Url: URL.createObjectURL(new Blob([mp4 as Uint8Array<ArrayBuffer>], { type: 'video/mp4' })),
        vttUrl: URL.createObjectURL(new Blob([vtt], { type: 'text/vtt' })),
        mp4Name: reelFileName(now, 'mp4'),
        vttName: reelFileName(now, 'vtt'),
        bytes: mp4.byteLength,
        durationSeconds: reelTimeline(parts).total,
        tookSeconds: (performance.now() - started) / 1000,
      };
    } catch (error) {
      if (abort.signal.aborted) this.error = 'Cancelled: no reel was made.';
      else if (error instanceof Error && error.name === 'ReelError') this.error = error.message;
      else this.error = `Your browser could not load the video tools: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      if (this.abort === abort) this.abort = null;
      this.progress = null;
    }
  }

  private cancel(): void {
    this.abort?.abort();
  }

  override render() {
    return html`
      <p class="muted">
        The chosen answers' clips, in this order, made into one MP4 with the transcript as captions. It is made in
        this browser: nothing is uploaded.
      </p>
      ${this.loading ? html`<p role="status">Loading the answers…</p>` : nothing}
      ${this.loadError ? html`<p role="alert" class="problem">The answers could not be loaded: ${this.loadError}</p>` : nothing}
      ${!this.loading && !this.loadError && this.parts.length === 0
        ? html`<p class="empty" tabindex="-1">
            No usable answers chosen. Pick video or audio answers in the <a href="/app/">inbox</a> and make a reel of them.
          </p>`
        : nothing}
      ${this.parts.length ? this.renderParts() : nothing} ${this.renderLeftOut()} ${this.renderMaking()} ${this.renderResult()}
    `;
  }

  private renderParts() {
    const busy = this.progress !== null;
    const invalid = this.parts.some((p) => rangeProblem(p));
    const total = reelTimeline(this.parts).total;
    return html`
      <ol class="parts" aria-label="Parts of the reel" tabindex="-1">
        ${this.parts.map((part, i) => this.renderPart(part, i, busy))}
      </ol>
      <p>Reel length: <strong>${seconds(total)}</strong> (${this.parts.length} ${this.parts.length === 1 ? 'part' : 'parts'})</p>
      <div class="actions">
        <button class="button" type="button" ?disabled=${busy || invalid} @click=${() => void this.make()}>Make reel</button>
      </div>
      ${invalid ? html`<p class="problem">Fix the ranges marked above to make the reel.</p>` : nothing}
    `;
  }

  private renderPart(part: ReelPart, i: number, busy: boolean) {
    const title = `${part.kind === 'video' ? 'Video' : 'Audio'} answer to “${part.answer.stepId}”`;
    const problem = rangeProblem(part);
    const id = `part-${i}`;
    const max = Math.round(part.durationSeconds * 100) / 100;
    const setStart = (value: number) => this.setPart(i, { start: value });
    const setEnd = (value: number) => this.setPart(i, { end: value });
    const segments = part.segments.filter((s) => s.text.trim());
    return html`
      <li class="part" aria-labelledby="${id}-title">
        ${part.answer.clip?.posterUrl
          ? html`<img class="thumb" src=${part.answer.clip.posterUrl} alt="" loading="lazy" />`
          : html`<div class="thumb" aria-hidden="true"></div>`}
        <div>
          <h2 id="${id}-title">${i + 1}. <a href=${answerPath(part.answer.id)}>${title}</a></h2>
          <p class="muted">${formatTime(part.answer.submittedAt)} · ${formatClock(part.durationSeconds)} long</p>
          ${part.answer.transcriptSnippet ? html`<p class="snippet">${part.answer.transcriptSnippet}</p>` : nothing}
          <fieldset class="range" ?disabled=${busy}>
            <legend class="muted">Part of the clip to use (seconds; the whole clip is 0 to ${max})</legend>
            <label class="field">
              Start
              <input
                type="number" min="0" max=${max} step="0.1" .value=${String(part.start)}
                aria-describedby=${problem ? `${id}-problem` : nothing}
                @change=${(e: Event) => setStart(Number((e.target as HTMLInputElement).value))}
              />
            </label>
            <label class="field">
              End
              <input
                type="number" min="0" max=${max} step="0.1" .value=${String(part.end)}
                aria-describedby=${problem ? `${id}-problem` : nothing}
                @change=${(e: Event) => setEnd(Number((e.target as HTMLInputElement).value))}
              />
            </label>
            ${segments.length
              ? html`
                  <label class="field">
                    Start at sentence
                    <select @change=${(e: Event) => this.pick(e, setStart)}>
                      <option value="">Choose…</option>
                      ${segments.map((s) => html`<option value=${s.start}>${formatClock(s.start)} ${clip(s.text)}</option>`)}
                    </select>
                  </label>
                  <label class="field">
                    End after sentence
                    <select @change=${(e: Event) => this.pick(e, (v) => setEnd(Math.min(v, part.durationSeconds)))}>
                      <option value="">Choose…</option>
                      ${segments.map((s) => html`<option value=${s.end}>${formatClock(s.end)} ${clip(s.text)}</option>`)}
                    </select>
                  </label>
                `
              : nothing}
            <button class="button quiet" type="button" @click=${() => this.setPart(i, { start: 0, end: part.durationSeconds })}>
              Whole clip
            </button>
          </fieldset>
          ${problem ? html`<p class="problem" id="${id}-problem" role="alert">${problem}</p>` : nothing}
          <div class="actions">
            <button class="button quiet" type="button" data-part=${i} data-move="up" ?disabled=${busy || i === 0}
              aria-label="Move up: part ${i + 1}" @click=${() => this.move(i, -1)}>Move up</button>
            <button class="button quiet" type="button" data-part=${i} data-move="down" ?disabled=${busy || i === this.parts.length - 1}
              aria-label="Move down: part ${i + 1}" @click=${() => this.move(i, 1)}>Move down</button>
            <button class="button quiet" type="button" ?disabled=${busy} aria-label="Remove part ${i + 1}" @click=${() => this.removePart(i)}>
              Remove
            </button>
          </div>
        </div>
      </li>
    `;
  }

  private pick(e: Event, set: (value: number) => void): void {
    const select = e.target as HTMLSelectElement;
    if (select.value !== '') set(Number(select.value));
    select.value = '';
  }

  private renderLeftOut() {
    if (!this.leftOut.length) return nothing;
    return html`
      <h2>Left out</h2>
      <ul class="left-out">
        ${this.leftOut.map(
          (item) => html`<li>
            ${item.answer
              ? html`<a href=${answerPath(item.answerId)}>${item.answer.kind} answer to “${item.answer.stepId}”</a>`
              : html`Answer ${item.answerId}`}
            can't be used: ${item.reason}.
          </li>`,
        )}
      </ul>
    `;
  }

  private renderMaking() {
    const progress = this.progress;
    return html`
      ${progress
        ? html`
            <div class="making">
              <label>
                <span>${STAGE_TEXT[progress.stage]}</span>
                <progress max="1" .value=${progress.fraction}></progress>
              </label>
              <p role="status">${STAGE_TEXT[progress.stage]} ${Math.round(progress.fraction * 100)} %</p>
              <button class="button quiet" type="button" @click=${() => this.cancel()}>Cancel</button>
            </div>
          `
        : nothing}
      ${this.error ? html`<p role="alert" class="problem">${this.error}</p>` : nothing}
    `;
  }

  private renderResult() {
    const result = this.result;
    if (!result) return nothing;
    return html`
      <h2>Your reel</h2>
      <video part="preview" controls preload="metadata" src=${result.mp4Url}>
        <track kind="captions" label="Transcript" srclang="en" src=${result.vttUrl} default />
      </video>
      <p class="muted">${seconds(result.durationSeconds)}, ${(result.bytes / 1_000_000).toFixed(1)} MB, made in ${seconds(result.tookSeconds)}.</p>
      <p class="downloads">
        <a href=${result.mp4Url} download=${result.mp4Name}>Download the reel (MP4)</a>
        <a href=${result.vttUrl} download=${result.vttName}>Download the captions (WebVTT)</a>
      </p>
    `;
  }
}

/** A sentence short enough for an option. */
function clip(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > 60 ? `${t.slice(0, 57)}…` : t;
}

if (!customElements.get('rb-reel-editor')) customElements.define('rb-reel-editor', RbReelEditor);

declare global {
  interface HTMLElementTagNameMap {
    'rb-reel-editor': RbReelEditor;
  }
}
