import { css, html, LitElement, nothing } from 'lit';
import { ApiProblem, type ApiClient } from '../api/api-client.js';
import { sharedStyles } from '../styles/shared.styles.js';
import { type ExportFormat, type ExportProgress, type ExportWhat, runExport, saveFile } from './export-download.js';

const WHAT_LABELS: Record<ExportWhat, string> = { answers: 'Answers', sessions: 'Sessions', events: 'Raw events' };
/** How long signed media links stay valid, in seconds (the server takes 60 s to 366 days). */
const EXPIRIES = [
  { seconds: 86_400, label: '1 day' },
  { seconds: 7 * 86_400, label: '7 days' },
  { seconds: 30 * 86_400, label: '30 days' },
] as const;

const count = new Intl.NumberFormat(undefined);
const rowsText = (n: number) => `${count.format(n)} ${n === 1 ? 'row' : 'rows'}`;

/** "1,234 of 5,000 rows", or "1,234 rows" when the server gave no total. */
export function progressText(p: ExportProgress): string {
  return p.total === null ? rowsText(p.records) : `${count.format(p.records)} of ${rowsText(p.total)}`;
}

function problemText(error: unknown): string {
  if (!(error instanceof ApiProblem)) return error instanceof Error ? error.message : String(error);
  const issues = error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).filter((m) => !error.message.includes(m));
  return [error.message, ...issues].join(' — ');
}

/**
 * An export form: what (when there is a choice), CSV or NDJSON, and for answers how media are linked (member links
 * that never expire, or signed links for sharing outside with a chosen expiry). The filters come from the page in
 * `params` (the names `GET /api/v1/exports/*` takes). While it runs: a progress bar counting rows against the
 * server's total, and Cancel; when done the browser saves the file under the server's name. Any member may
 * export (managers included: it is a read).
 *
 * @tag rb-export
 */
export class RbExport extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      form {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem 1rem;
        align-items: flex-end;
      }
      fieldset {
        border: 1px solid var(--rb-border, #d5d8e0);
        border-radius: var(--rb-radius, 6px);
        padding: 0.25rem 0.75rem 0.5rem;
        margin: 0;
      }
      fieldset label {
        margin-right: 0.75rem;
        white-space: nowrap;
      }
      .progress {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: center;
        margin-top: 0.75rem;
      }
      progress {
        width: min(20rem, 100%);
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    kinds: { attribute: false },
    params: { attribute: false },
    label: {},
    _what: { state: true },
    _format: { state: true },
    _links: { state: true },
    _expiry: { state: true },
    _progress: { state: true },
    _running: { state: true },
    _problem: { state: true },
    _message: { state: true },
  };

  declare api: ApiClient;
  /** What may be exported; a choice is shown when there is more than one. */
  declare kinds: ExportWhat[];
  /** The page's filters as export query parameters (`flowId`, `from`, `to`, the inbox's others for answers). */
  declare params: URLSearchParams;
  /** The form's accessible name. */
  declare label: string;
  /** The choice made in the form; null: the first of `kinds`. */
  declare private _what: ExportWhat | null;
  declare private _format: ExportFormat;
  declare private _links: 'member' | 'signed';
  declare private _expiry: number;
  declare private _progress: ExportProgress | null;
  declare private _running: AbortController | null;
  declare private _problem: string;
  declare private _message: string;

  constructor() {
    super();
    this.kinds = ['answers'];
    this.params = new URLSearchParams();
    this.label = 'Export';
    this._what = null;
    this._format = 'csv';
    this._links = 'member';
    this._expiry = 7 * 86_400;
    this._progress = null;
    this._running = null;
    this._problem = '';
    this._message = '';
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._running?.abort();
  }

  private get what(): ExportWhat {
    return this._what && this.kinds.includes(this._what) ? this._what : this.kinds[0]!;
  }

  /** The export's path and query: the page's filters, then this form's choices. */
  exportPath(): string {
    const what = this.what;
    const query = new URLSearchParams(this.params);
    query.set('format', this._format);
    if (what === 'answers') {
      query.set('links', this._links);
      if (this._links === 'signed') query.set('linkExpiresIn', String(this._expiry));
    }
    return `/exports/${what}?${query}`;
  }

  private readonly onSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    if (this._running) return;
    const controller = new AbortController();
    const format = this._format;
    this._running = controller;
    this._problem = '';
    this._message = '';
    this._progress = null;
    try {
      const file = await runExport(this.api, this.exportPath(), format, controller.signal, (p) => (this._progress = p));
      saveFile(file.blob, file.filename);
      this._message = `Saved ${file.filename} (${rowsText(file.records)}).`;
    } catch (error) {
      if (controller.signal.aborted) this._message = 'Export cancelled; nothing was saved.';
      else this._problem = `The export failed: ${problemText(error)}`;
    } finally {
      this._running = null;
      this._progress = null;
    }
  };

  private renderChoices() {
    const what = this.what;
    const busy = this._running !== null;
    return html`<form aria-label=${this.label} @submit=${this.onSubmit}>
      ${this.kinds.length > 1
        ? html`<label class="field">
            Data
            <select name="what" ?disabled=${busy} @change=${(e: Event) => (this._what = (e.target as HTMLSelectElement).value as ExportWhat)}>
              ${this.kinds.map((k) => html`<option value=${k} ?selected=${k === what}>${WHAT_LABELS[k]}</option>`)}
            </select>
          </label>`
        : nothing}
      <fieldset ?disabled=${busy}>
        <legend>Format</legend>
        ${(['csv', 'ndjson'] as const).map(
          (f) => html`<label>
            <input type="radio" name="format" value=${f} .checked=${this._format === f} @change=${() => (this._format = f)} />
            ${f === 'csv' ? 'CSV' : 'NDJSON'}
          </label>`,
        )}
      </fieldset>
      ${what === 'answers'
        ? html`<fieldset ?disabled=${busy}>
            <legend>Media links</legend>
            <label>
              <input type="radio" name="links" value="member" .checked=${this._links === 'member'} @change=${() => (this._links = 'member')} />
              For members (never expire)
            </label>
            <label>
              <input type="radio" name="links" value="signed" .checked=${this._links === 'signed'} @change=${() => (this._links = 'signed')} />
              Signed, to share outside
            </label>
            ${this._links === 'signed'
              ? html`<label>
                  Expire after
                  <select name="expiry" @change=${(e: Event) => (this._expiry = Number((e.target as HTMLSelectElement).value))}>
                    ${EXPIRIES.map((x) => html`<option value=${x.seconds} ?selected=${x.seconds === this._expiry}>${x.label}</option>`)}
                  </select>
                </label>`
              : nothing}
          </fieldset>`
        : nothing}
      <button class="button" type="submit" ?disabled=${busy}>Download ${WHAT_LABELS[what].toLowerCase()} as ${this._format === 'csv' ? 'CSV' : 'NDJSON'}</button>
    </form>`;
  }

  // The alert is there only with a problem (an alert is announced as it appears), so the page's own stay the only ones.
  override render() {
    const p = this._progress;
    return html`${this.renderChoices()}
      ${this._running
        ? html`<div class="progress">
            <progress aria-label="Export progress" aria-describedby="export-count" max=${p?.total ?? nothing} value=${p && p.total !== null ? p.records : nothing}></progress>
            <span class="count" id="export-count">${p ? progressText(p) : 'Starting…'}</span>
            <button class="button quiet" type="button" @click=${() => this._running?.abort()}>Cancel</button>
          </div>`
        : nothing}
      <p role="status">${this._message}</p>
      ${this._problem ? html`<p class="error" role="alert">${this._problem}</p>` : nothing}`;
  }
}

export function defineRbExport(tagName = 'rb-export'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, RbExport);
}

defineRbExport();

declare global {
  interface HTMLElementTagNameMap {
    'rb-export': RbExport;
  }
}
