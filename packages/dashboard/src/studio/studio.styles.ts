import { css } from 'lit';

/** The studio page's layout: map and problems, the step panel, the preview, side by side on wide screens. */
export const studioStyles = css`
  :host {
    display: block;
  }
  h2 {
    font-size: 1.1rem;
    margin: 0.75rem 0 0.5rem;
  }
  code {
    font-family: ui-monospace, monospace;
    font-size: 0.875rem;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 0.75rem;
    align-items: center;
    padding: 0.5rem 0;
    position: sticky;
    top: 0;
    z-index: 1;
    background: var(--rb-page, #f7f8fa);
  }
  .save {
    margin-left: auto;
    font-size: 0.875rem;
  }
  .save[data-state='error'],
  .save[data-state='conflict'],
  .save[data-state='held'] {
    color: var(--rb-problem, #a4262c);
  }
  .notice:empty {
    display: none;
  }
  .conflict {
    border: 2px solid var(--rb-problem, #a4262c);
    border-radius: var(--rb-radius, 6px);
    background: var(--rb-surface, #fff);
    padding: 0.5rem 0.75rem;
    margin: 0.5rem 0;
  }
  .conflict p {
    margin: 0 0 0.5rem;
  }
  .note {
    border-left: 4px solid var(--rb-accent, #2f3fb8);
    padding-left: 0.5rem;
  }
  .layout {
    display: grid;
    gap: 1rem;
    grid-template-columns: 1fr;
  }
  @media (min-width: 64rem) {
    .layout {
      grid-template-columns: minmax(0, 1.4fr) minmax(18rem, 1fr);
    }
    .preview {
      grid-column: 1 / -1;
    }
  }
  @media (min-width: 100rem) {
    .layout {
      grid-template-columns: minmax(0, 1.4fr) minmax(18rem, 1fr) minmax(20rem, 1fr);
    }
    .preview {
      grid-column: auto;
    }
  }
  .flow-fields {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    margin-bottom: 0.5rem;
  }
  .flow-fields .field {
    display: flex;
    flex-direction: column;
    gap: 0.2rem;
  }
  .hint {
    font-size: 0.8125rem;
  }
  .problems ul {
    padding-left: 1.2rem;
  }
  .problems li {
    margin-bottom: 0.25rem;
  }
  .link {
    all: unset;
    color: var(--rb-link, var(--rb-accent, #2f3fb8));
    text-decoration: underline;
    cursor: pointer;
  }
  .link:focus-visible {
    outline: 2px solid var(--rb-accent, #2f3fb8);
  }
  .publish[disabled] {
    cursor: not-allowed;
  }
  .panel {
    align-self: start;
  }
  .share h3 {
    font-size: 0.95rem;
    margin: 0.75rem 0 0.25rem;
  }
  .share pre {
    overflow-x: auto;
    white-space: pre-wrap;
    word-break: break-all;
    background: var(--rb-code-bg, #f0f2f6);
    border-radius: var(--rb-radius, 6px);
    padding: 0.5rem;
    font-size: 0.8125rem;
  }
`;
