import { css } from 'lit';

/** The answer page's layout, player, transcript and its editor. */
export const answerStyles = css`
  :host {
    display: block;
  }
  .back {
    display: inline-block;
    margin-bottom: 0.5rem;
  }
  .layout {
    display: grid;
    grid-template-columns: minmax(0, 3fr) minmax(16rem, 2fr);
    gap: var(--rb-space, 1rem) 1.5rem;
    align-items: start;
  }
  @media (max-width: 48rem) {
    .layout {
      grid-template-columns: 1fr;
    }
  }
  section + section {
    margin-top: 1.5rem;
  }
  video {
    width: 100%;
    max-height: 70vh;
    background: #000;
    border-radius: var(--rb-radius, 6px);
  }
  audio {
    width: 100%;
  }
  .value {
    margin: 0;
    padding: 0.75rem 1rem;
    background: var(--rb-surface, #fff);
    border: 1px solid var(--rb-border, #d5d8e0);
    border-radius: var(--rb-radius, 6px);
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    font-size: 1.0625rem;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    align-items: center;
    margin: 0.75rem 0;
  }
  .actions input {
    min-width: 16rem;
    flex: 1;
    border: 1px solid var(--rb-border-strong, #767b8c);
    border-radius: var(--rb-radius, 6px);
    padding: 0.35em 0.6em;
  }
  .read-only {
    border-left: 4px solid var(--rb-border-strong, #767b8c);
    padding: 0.25rem 0.75rem;
    background: var(--rb-hover-bg, #f3f4f8);
  }
  dl.details {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 0.25rem 1rem;
    margin: var(--rb-space, 1rem) 0 0;
    font-size: 0.9375rem;
  }
  dl.details dt,
  .context dt {
    color: var(--rb-muted, #545968);
  }
  dl.details dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  h2 {
    font-size: 1.125rem;
    margin: 0 0 0.5rem;
  }
  .section-head {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: baseline;
    justify-content: space-between;
  }
  .transcript {
    list-style: none;
    margin: 0;
    padding: 0;
    max-height: 70vh;
    overflow-y: auto;
    border: 1px solid var(--rb-border, #d5d8e0);
    border-radius: var(--rb-radius, 6px);
  }
  .transcript button {
    display: grid;
    grid-template-columns: 3.5rem 1fr;
    gap: 0.5rem;
    width: 100%;
    text-align: start;
    border: 0;
    border-bottom: 1px solid var(--rb-border, #d5d8e0);
    background: transparent;
    color: inherit;
    padding: 0.5rem 0.75rem;
    cursor: pointer;
  }
  .transcript li:last-child button {
    border-bottom: 0;
  }
  .transcript button:hover {
    background: var(--rb-hover-bg, #f3f4f8);
  }
  .transcript button[aria-current='true'] {
    background: var(--rb-segment-current-bg, var(--rb-accent-soft, #e8ebfb));
    box-shadow: inset 4px 0 0 var(--rb-accent, #2f3fb8);
  }
  .time {
    font-variant-numeric: tabular-nums;
    color: var(--rb-muted, #545968);
  }
  .text {
    overflow-wrap: anywhere;
  }
  /* A word below the confidence threshold: dimmed, but still readable (the muted colour keeps 4.5:1). */
  .unclear {
    color: var(--rb-muted, #545968);
    font-style: italic;
    text-decoration: underline dotted;
    text-underline-offset: 0.2em;
  }
  .editor {
    list-style: none;
    margin: 0 0 0.5rem;
    padding: 0;
    display: grid;
    gap: 0.5rem;
  }
  .editor label {
    font-variant-numeric: tabular-nums;
    color: var(--rb-muted, #545968);
    font-size: 0.875rem;
  }
  .editor textarea {
    width: 100%;
    min-height: 2.75rem;
    resize: vertical;
    font: inherit;
    border: 1px solid var(--rb-border-strong, #767b8c);
    border-radius: var(--rb-radius, 6px);
    padding: 0.35em 0.6em;
  }
  .original {
    margin-top: 0.5rem;
    padding: 0.5rem 0.75rem;
    border: 1px dashed var(--rb-border-strong, #767b8c);
    border-radius: var(--rb-radius, 6px);
  }
  .original ol {
    margin: 0;
    padding-left: 0;
    list-style: none;
  }
  .original li {
    display: grid;
    grid-template-columns: 3.5rem 1fr;
    gap: 0.5rem;
    overflow-wrap: anywhere;
  }
`;
