import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import type { AnswerPatch } from '@reelback/shared';
import type { ApiClient } from '../api/api-client.js';
import { sharedStyles } from '../styles/shared.styles.js';
import { type AnswerDetail, type AnswerStatus, MAX_TAGS, normaliseTag, patchAnswer, tagSuggestions } from './answer-api.js';

const STATUSES: { value: AnswerStatus; label: string; done: string }[] = [
  { value: 'new', label: 'New', done: 'Marked new' },
  { value: 'reviewed', label: 'Reviewed', done: 'Marked reviewed' },
  { value: 'archived', label: 'Archived', done: 'Archived' },
];

type Reviewed = Pick<AnswerDetail, 'status' | 'starred' | 'tags' | 'note'>;

/**
 * The owner's review of one answer: status, star, tags (suggested from the workspace's tags) and a note.
 * Every change shows at once and is sent as a `PATCH /answers/:id`; when the server refuses, the change is
 * put back and the reason announced. Read-only (as text) for people who may not review.
 *
 * @tag rb-answer-review
 * @fires rb-answer-updated - `detail` is the answer as the server now has it.
 */
export class RbAnswerReview extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      fieldset {
        border: 0;
        margin: 0 0 0.75rem;
        padding: 0;
      }
      legend,
      .label {
        font-weight: 600;
        padding: 0;
        margin-bottom: 0.25rem;
      }
      .statuses {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 1rem;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
        margin-bottom: 0.75rem;
      }
      button[aria-pressed='true'] .star {
        color: var(--rb-star, #9a6700);
      }
      .tags {
        list-style: none;
        display: flex;
        flex-wrap: wrap;
        gap: 0.375rem;
        margin: 0 0 0.5rem;
        padding: 0;
      }
      .chip {
        display: inline-flex;
        align-items: center;
        gap: 0.25rem;
        border-radius: 999px;
        padding: 0 0.25rem 0 0.6rem;
        background: var(--rb-badge-bg, #eceef3);
        color: var(--rb-badge-text, #2b2f3a);
      }
      .chip.readonly {
        padding-right: 0.6rem;
      }
      .chip button {
        border: 0;
        background: transparent;
        color: inherit;
        border-radius: 999px;
        width: 1.5rem;
        height: 1.5rem;
        cursor: pointer;
      }
      .chip button:hover {
        background: var(--rb-hover-bg, #dcdfe8);
      }
      input,
      textarea {
        border: 1px solid var(--rb-border-strong, #767b8c);
        border-radius: var(--rb-radius, 6px);
        padding: 0.4em 0.6em;
        background: var(--rb-surface, #fff);
        color: inherit;
        font: inherit;
      }
      textarea {
        width: 100%;
        min-height: 5rem;
        resize: vertical;
      }
      .note-text {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        margin: 0;
      }
      .live {
        min-height: 1.5em;
        margin: 0.25rem 0 0;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    answer: { attribute: false },
    readOnly: { type: Boolean, attribute: 'read-only' },
    _suggestions: { state: true },
    _tagDraft: { state: true },
    _noteDraft: { state: true },
    _message: { state: true },
    _error: { state: true },
  };

  declare api: ApiClient | undefined;
  declare answer: AnswerDetail | null;
  declare readOnly: boolean;
  declare private _suggestions: string[];
  declare private _tagDraft: string;
  /** The note being typed, or null when it is the saved one. */
  declare private _noteDraft: string | null;
  declare private _message: string;
  declare private _error: string;
  /** Counts changes, so an older change's answer does not overwrite a newer one shown already. */
  private _latest = 0;
  private _suggestTimer: ReturnType<typeof setTimeout> | undefined;
  private _suggestFor = '';

  constructor() {
    super();
    this.answer = null;
    this.readOnly = true;
    this._suggestions = [];
    this._tagDraft = '';
    this._noteDraft = null;
    this._message = '';
    this._error = '';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Another answer: what was typed for the last one does not belong to it.
    const previous = changed.get('answer') as AnswerDetail | null | undefined;
    if (changed.has('answer') && previous?.id !== this.answer?.id) {
      this._tagDraft = '';
      this._noteDraft = null;
      this._suggestions = [];
      this._message = '';
      this._error = '';
    }
  }

  override disconnectedCallback(): void {
    clearTimeout(this._suggestTimer);
    super.disconnectedCallback();
  }

  /** Shows `patch` at once and sends it; puts back what the server refused. */
  private async change(patch: AnswerPatch, done: string, failed: string): Promise<void> {
    const before = this.answer;
    const api = this.api;
    if (!before || !api || this.readOnly) return;
    const change = ++this._latest;
    const optimistic: AnswerDetail = { ...before, ...(patch as Partial<Reviewed>) };
    this.publish(optimistic);
    this._error = '';
    this._message = '';
    try {
      const saved = await patchAnswer(api, before.id, patch);
      if (this.answer?.id !== before.id) return;
      // A newer change is on its way: its answer will carry this one too.
      if (change === this._latest) this.publish(saved);
      this._message = done;
    } catch (error) {
      const now = this.answer;
      if (!now || now.id !== before.id) return;
      // Only the fields this change set and nothing changed again since go back.
      const restored: AnswerDetail = { ...now };
      for (const key of Object.keys(patch) as (keyof Reviewed)[]) {
        if (JSON.stringify(now[key]) === JSON.stringify(optimistic[key])) (restored as Record<string, unknown>)[key] = before[key];
      }
      this.publish(restored);
      this._error = `${failed}: ${(error as Error).message} It is back as it was.`;
    }
  }

  private publish(answer: AnswerDetail): void {
    this.answer = answer;
    this.dispatchEvent(new CustomEvent<AnswerDetail>('rb-answer-updated', { detail: answer, bubbles: true }));
  }

  setStatus(status: AnswerStatus): void {
    if (!this.answer || this.answer.status === status) return;
    const entry = STATUSES.find((s) => s.value === status)!;
    void this.change({ status }, entry.done, 'The status could not be saved');
  }

  toggleStar(): void {
    if (!this.answer) return;
    const starred = !this.answer.starred;
    void this.change({ starred }, starred ? 'Starred' : 'Star removed', 'The star could not be saved');
  }

  /** Puts the cursor in the tag input (the `t` shortcut). */
  focusTagInput(): void {
    this.renderRoot.querySelector<HTMLInputElement>('#tag-input')?.focus();
  }

  private addTag(): void {
    const answer = this.answer;
    if (!answer) return;
    const tag = normaliseTag(this._tagDraft);
    if (!tag) {
      this._error = this._tagDraft.trim() ? 'A tag is at most 40 characters.' : '';
      return;
    }
    this._tagDraft = '';
    this._suggestions = [];
    if (answer.tags.includes(tag)) {
      this._message = `“${tag}” is already a tag of this answer`;
      return;
    }
    if (answer.tags.length >= MAX_TAGS) {
      this._error = `An answer can have at most ${MAX_TAGS} tags.`;
      return;
    }
    void this.change({ tags: [...answer.tags, tag] }, `Tag “${tag}” added`, `The tag “${tag}” could not be added`);
  }

  private removeTag(tag: string): void {
    const answer = this.answer;
    if (!answer) return;
    void this.change({ tags: answer.tags.filter((t) => t !== tag) }, `Tag “${tag}” removed`, `The tag “${tag}” could not be removed`);
    // The chip and its button are gone: keep the keyboard in the tags.
    void this.updateComplete.then(() => this.focusTagInput());
  }

  private onTagInput(event: Event): void {
    this._tagDraft = (event.target as HTMLInputElement).value;
    clearTimeout(this._suggestTimer);
    const prefix = this._tagDraft.trim().toLowerCase();
    if (!prefix) {
      this._suggestions = [];
      return;
    }
    // Wait for a pause in typing rather than asking on every key.
    this._suggestTimer = setTimeout(() => void this.suggest(prefix), 150);
  }

  private async suggest(prefix: string): Promise<void> {
    if (!this.api) return;
    this._suggestFor = prefix;
    try {
      const tags = await tagSuggestions(this.api, prefix);
      if (this._suggestFor !== prefix) return;
      this._suggestions = tags.filter((t) => !this.answer?.tags.includes(t));
    } catch {
      // Suggestions are a help, not essential: typing a tag still works.
      this._suggestions = [];
    }
  }

  private onTagKey(event: KeyboardEvent): void {
    if (event.key === 'Enter' || event.key === ',') {
      event.preventDefault();
      this.addTag();
    }
  }

  private saveNote(): void {
    const answer = this.answer;
    const field = this.renderRoot.querySelector<HTMLTextAreaElement>('#note');
    if (!answer || !field) return;
    // The field itself, not only what input events said: autofill and scripted edits count too.
    const typed = field.value;
    const note = typed.trim() ? typed : null;
    this._noteDraft = null;
    if (note === answer.note) return;
    void this.change({ note }, note === null ? 'Note removed' : 'Note saved', 'The note could not be saved');
  }

  private renderTags(answer: AnswerDetail) {
    if (this.readOnly) {
      return html`<p class="label" id="tags-label">Tags</p>
        ${answer.tags.length
          ? html`<ul class="tags" aria-labelledby="tags-label">
              ${answer.tags.map((tag) => html`<li class="chip readonly">${tag}</li>`)}
            </ul>`
          : html`<p class="muted">No tags.</p>`}`;
    }
    return html`<p class="label" id="tags-label">Tags</p>
      ${answer.tags.length
        ? html`<ul class="tags" aria-labelledby="tags-label">
            ${answer.tags.map(
              (tag) =>
                html`<li class="chip">
                  <span>${tag}</span
                  ><button type="button" aria-label="Remove tag ${tag}" title="Remove tag" @click=${() => this.removeTag(tag)}>
                    <span aria-hidden="true">×</span>
                  </button>
                </li>`,
            )}
          </ul>`
        : nothing}
      <div class="row">
        <label class="visually-hidden" for="tag-input">Add a tag</label>
        <input
          id="tag-input"
          type="text"
          list="tag-suggestions"
          autocomplete="off"
          maxlength="40"
          placeholder="Add a tag"
          aria-describedby="tag-hint"
          .value=${this._tagDraft}
          @input=${this.onTagInput}
          @keydown=${this.onTagKey}
        />
        <datalist id="tag-suggestions">${this._suggestions.map((tag) => html`<option value=${tag}></option>`)}</datalist>
        <button class="button quiet" type="button" @click=${this.addTag}>Add tag</button>
        <span id="tag-hint" class="visually-hidden">Press Enter to add the tag; suggestions come from this workspace's tags.</span>
      </div>`;
  }

  private renderNote(answer: AnswerDetail) {
    if (this.readOnly) {
      return html`<p class="label">Note</p>
        ${answer.note ? html`<p class="note-text">${answer.note}</p>` : html`<p class="muted">No note.</p>`}`;
    }
    const value = this._noteDraft ?? answer.note ?? '';
    return html`<div class="field">
        <label class="label" for="note">Note</label>
        <textarea
          id="note"
          maxlength="10000"
          .value=${value}
          @input=${(event: Event) => (this._noteDraft = (event.target as HTMLTextAreaElement).value)}
          @blur=${this.saveNote}
        ></textarea>
      </div>
      <div class="row">
        <button class="button quiet" type="button" @click=${this.saveNote}>Save note</button>
      </div>`;
  }

  override render() {
    const answer = this.answer;
    if (!answer) return nothing;
    return html`
      <fieldset>
        <legend>Status</legend>
        <div class="statuses">
          ${STATUSES.map(
            (s) =>
              html`<label>
                <input
                  type="radio"
                  name="status"
                  value=${s.value}
                  .checked=${answer.status === s.value}
                  ?disabled=${this.readOnly}
                  @change=${() => this.setStatus(s.value)}
                />
                ${s.label}
              </label>`,
          )}
        </div>
      </fieldset>
      <div class="row">
        <button class="button quiet" type="button" aria-pressed=${answer.starred ? 'true' : 'false'} ?disabled=${this.readOnly} @click=${this.toggleStar}>
          <span class="star" aria-hidden="true">${answer.starred ? '★' : '☆'}</span> Star
        </button>
      </div>
      ${this.renderTags(answer)} ${this.renderNote(answer)}
      <p class="muted live" role="status">${this._message}</p>
      <p class="error" role="alert">${this._error}</p>
    `;
  }
}

export function defineRbAnswerReview(tagName = 'rb-answer-review'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, RbAnswerReview);
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-answer-review': RbAnswerReview;
  }
  interface GlobalEventHandlersEventMap {
    'rb-answer-updated': CustomEvent<AnswerDetail>;
  }
}
