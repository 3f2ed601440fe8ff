import { css, html, LitElement, nothing } from 'lit';
import type { AnswerAnalysisView, InsightEngine } from '@reelback/shared';
import { sharedStyles } from '../styles/shared.styles.js';
import { formatClock } from '../util/format.js';

const SENTIMENT_WORDS = { positive: 'Positive', neutral: 'Neutral', negative: 'Negative' } as const;

const engineWords = (engine: InsightEngine) => `${engine.name} (${engine.kind === 'local' ? 'on this server' : 'language model'})`;

/** A score as a signed number with two decimals (`+0.37`, `−0.20`, `0.00`). */
const signed = (score: number) => `${score > 0 ? '+' : score < 0 ? '−' : ''}${Math.abs(score).toFixed(2)}`;

/**
 * An answer's analysis (#17): its sentiment as a chip (a word, with the score; never colour alone), which engine made
 * it, or why there is none; and its key phrases. A phrase said in a clip is a button that asks the page to play from
 * there (the word's time where the transcript has word timings, else its segment's start).
 *
 * @tag rb-answer-insights
 * @prop analysis - The answer's `analysis` (null: the answer has no text to analyse).
 * @prop times - When each key phrase is said, in seconds; null where not known (typed text).
 * @fires rb-seek-request - `detail.seconds`: play the clip from there.
 * @csspart chip - The sentiment chip.
 * @cssproperty --rb-sentiment-positive-bg - Chip background for positive answers (default: `--rb-ok-bg`).
 * @cssproperty --rb-sentiment-negative-bg - Chip background for negative answers (default: `--rb-bad-bg`).
 */
export class RbAnswerInsights extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      h2 {
        font-size: 1.125rem;
        margin: 0 0 0.5rem;
      }
      .chip[data-sentiment='positive'] {
        background: var(--rb-sentiment-positive-bg, var(--rb-ok-bg, #dcefe3));
        color: var(--rb-ok-text, #14532d);
      }
      .chip[data-sentiment='negative'] {
        background: var(--rb-sentiment-negative-bg, var(--rb-bad-bg, #fbe0e0));
        color: var(--rb-bad-text, #7f1d1d);
      }
      .phrases {
        display: flex;
        flex-wrap: wrap;
        gap: 0.375rem;
        list-style: none;
        padding: 0;
        margin: 0.5rem 0 0;
      }
      .phrase {
        border: 1px solid var(--rb-border-strong, #767b8c);
        border-radius: 999px;
        padding: 0.1em 0.6em;
        background: var(--rb-surface, #fff);
        color: inherit;
        font-size: 0.875rem;
      }
      button.phrase {
        cursor: pointer;
      }
      button.phrase:hover {
        background: var(--rb-accent-soft, #e8ebfb);
      }
      .time {
        font-variant-numeric: tabular-nums;
        color: var(--rb-muted, #545968);
      }
      p {
        margin: 0.25rem 0;
      }
    `,
  ];

  static override properties = {
    analysis: { attribute: false },
    times: { attribute: false },
  };

  declare analysis: AnswerAnalysisView | null;
  declare times: readonly (number | null)[];

  constructor() {
    super();
    this.analysis = null;
    this.times = [];
  }

  private seek(seconds: number): void {
    this.dispatchEvent(new CustomEvent<{ seconds: number }>('rb-seek-request', { detail: { seconds }, bubbles: true, composed: true }));
  }

  private renderState(analysis: AnswerAnalysisView) {
    switch (analysis.state) {
      case 'pending':
        return html`<p class="muted" role="status">Being analysed…</p>`;
      case 'empty':
        return html`<p class="muted">Nothing to analyse: the answer has no words.</p>`;
      case 'unsupported-language':
        return html`<p class="muted">
          Not analysed: ${analysis.language ? `the answer is in a language (${analysis.language}) that` : 'the answer’s language could not be told, and'} the engine does
          not know.
        </p>`;
      case 'failed':
        return html`<p class="error">The analysis failed${analysis.reason ? html`: ${analysis.reason}` : '.'}</p>`;
      case 'analyzed': {
        const sentiment = analysis.sentiment ?? 'neutral';
        return html`<p>
          <span class="badge chip" part="chip" data-sentiment=${sentiment}>
            <span class="visually-hidden">Sentiment: </span>${SENTIMENT_WORDS[sentiment]}${analysis.sentimentScore !== null ? html` ${signed(analysis.sentimentScore)}` : nothing}
          </span>
        </p>`;
      }
    }
  }

  private renderPhrases(analysis: AnswerAnalysisView) {
    if (analysis.state !== 'analyzed' || analysis.keyPhrases.length === 0) return nothing;
    return html`<ul class="phrases" aria-label="Key phrases">
      ${analysis.keyPhrases.map((phrase, i) => {
        const at = this.times[i] ?? null;
        return html`<li>
          ${at === null
            ? html`<span class="phrase">${phrase.text}</span>`
            : html`<button type="button" class="phrase" aria-label="${phrase.text} ${formatClock(at)}: play from there" @click=${() => this.seek(at)}>
                ${phrase.text} <span class="time">${formatClock(at)}</span>
              </button>`}
        </li>`;
      })}
    </ul>`;
  }

  override render() {
    const analysis = this.analysis;
    if (!analysis) return nothing;
    return html`<section aria-labelledby="insights-title">
      <h2 id="insights-title">Insights</h2>
      ${this.renderState(analysis)} ${this.renderPhrases(analysis)}
      ${analysis.engine && analysis.state !== 'pending' && analysis.state !== 'failed'
        ? html`<p class="muted">By ${engineWords(analysis.engine)}</p>`
        : nothing}
    </section>`;
  }
}

export function defineRbAnswerInsights(tagName = 'rb-answer-insights'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, RbAnswerInsights);
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-answer-insights': RbAnswerInsights;
  }
  interface GlobalEventHandlersEventMap {
    'rb-seek-request': CustomEvent<{ seconds: number }>;
  }
}
