import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { ApiProblem, type ApiClient, type Role } from '../api/api-client.js';
import { settingsPath } from '../app/routes.js';
import { sharedStyles } from '../styles/shared.styles.js';
import { formatClock, safeHttpUrl } from '../util/format.js';
import { type AnswerDetail, createBacklogItem } from './answer-api.js';

const TRACKERS: Record<string, string> = { github: 'GitHub', jira: 'Jira', linear: 'Linear', webhook: 'webhook' };

type Problem = { kind: 'no-tracker'; message: string } | { kind: 'failed'; message: string; retryable: boolean; retryAfterSeconds: number | null };

/**
 * Hands an answer off to the workspace's backlog tracker (`POST /answers/:id/backlog-item`), or links to the
 * item it already has. Says what to do when no tracker is set up, and offers a retry when the tracker failed.
 *
 * @tag rb-backlog-item
 * @fires rb-answer-updated - `detail` is the answer with its `backlogItem` set.
 */
export class RbBacklogItem extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
      }
      p {
        margin: 0.25rem 0;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    answer: { attribute: false },
    role: { attribute: false },
    at: { attribute: false },
    _busy: { state: true },
    _problem: { state: true },
  };

  declare api: ApiClient | undefined;
  declare answer: AnswerDetail | null;
  declare role: Role;
  /** Seconds into the clip to link back to (the player's position), or null. */
  declare at: number | null;
  declare private _busy: boolean;
  declare private _problem: Problem | null;

  constructor() {
    super();
    this.answer = null;
    this.role = 'manager';
    this.at = null;
    this._busy = false;
    this._problem = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const previous = changed.get('answer') as AnswerDetail | null | undefined;
    if (changed.has('answer') && previous?.id !== this.answer?.id) {
      this._busy = false;
      this._problem = null;
    }
  }

  private get canCreate(): boolean {
    return this.role === 'owner' || this.role === 'admin';
  }

  private async create(): Promise<void> {
    const answer = this.answer;
    if (!answer || !this.api || this._busy) return;
    this._busy = true;
    const at = this.at !== null && this.at > 0 ? Math.round(this.at * 10) / 10 : null;
    try {
      const updated = await createBacklogItem(this.api, answer.id, at);
      if (this.answer?.id !== answer.id) return;
      this._problem = null;
      this.answer = updated;
      this.dispatchEvent(new CustomEvent<AnswerDetail>('rb-answer-updated', { detail: updated, bubbles: true }));
    } catch (error) {
      if (this.answer?.id !== answer.id) return;
      const message = (error as Error).message;
      this._problem =
        error instanceof ApiProblem && error.code === 'no_tracker'
          ? { kind: 'no-tracker', message }
          : {
              kind: 'failed',
              message,
              retryable: error instanceof ApiProblem ? (error.retryable ?? (error.status === 0 || error.status >= 500)) : true,
              retryAfterSeconds: error instanceof ApiProblem ? error.retryAfterSeconds : null,
            };
    } finally {
      if (this.answer?.id === answer.id) this._busy = false;
    }
  }

  private renderProblem(problem: Problem) {
    if (problem.kind === 'no-tracker') {
      return html`<p class="error">
        No backlog tracker is set up for this workspace.
        ${this.role === 'admin'
          ? html`<a href=${settingsPath}>Set one up in Settings</a>.`
          : html`Ask an admin of the workspace to set one up in Settings.`}
      </p>`;
    }
    const wait = problem.retryAfterSeconds
      ? ` The tracker asks to wait ${problem.retryAfterSeconds} s before trying again.`
      : problem.retryable
        ? ''
        : ' Trying again will not help until the tracker settings are fixed.';
    return html`<p class="error">The backlog item could not be created: ${problem.message}${wait}</p>
      <div class="row"><button id="retry" class="button" type="button" ?disabled=${this._busy} @click=${this.create}>Retry</button></div>`;
  }

  override render() {
    const answer = this.answer;
    if (!answer) return nothing;
    const item = answer.backlogItem;
    if (item) {
      const link = safeHttpUrl(item.url);
      const tracker = TRACKERS[item.tracker] ?? item.tracker;
      return html`<p>
        Backlog item:
        ${link ? html`<a href=${link} rel="noopener noreferrer" target="_blank">${item.key}</a>` : html`<span>${item.key}</span>`}
        <span class="muted">(${tracker})</span>
      </p>`;
    }
    if (!this.canCreate) return nothing;
    const at = this.at !== null && this.at > 0 ? this.at : null;
    return html`
      ${this._problem?.kind === 'failed'
        ? nothing
        : html`<div class="row">
            <button class="button quiet" type="button" ?disabled=${this._busy} aria-describedby=${at !== null ? 'backlog-at' : nothing} @click=${this.create}>
              Create backlog item
            </button>
            ${at !== null ? html`<span id="backlog-at" class="muted">linking back to ${formatClock(at)}</span>` : nothing}
          </div>`}
      <p role="status" class="muted">${this._busy ? 'Creating the backlog item…' : ''}</p>
      ${this._problem ? this.renderProblem(this._problem) : nothing}
    `;
  }
}

export function defineRbBacklogItem(tagName = 'rb-backlog-item'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, RbBacklogItem);
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-backlog-item': RbBacklogItem;
  }
}
