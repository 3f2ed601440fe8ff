import { css } from 'lit';

/** The inbox's own look (on top of sharedStyles): bars, rows, toggles, the shortcuts dialog. */
export const inboxStyles = css`
  :host {
    display: block;
  }
  .bar {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 0.75rem;
    align-items: end;
    margin-bottom: 0.75rem;
  }
  form[role='search'] {
    display: flex;
    gap: 0.5rem;
    align-items: end;
    flex: 1 1 20rem;
    max-width: 36rem;
  }
  form[role='search'] .field {
    flex: 1;
  }
  .field select,
  .field input {
    border: 1px solid var(--rb-border-strong, #767b8c);
    border-radius: var(--rb-radius, 6px);
    padding: 0.4em 0.5em;
    background: var(--rb-surface, #fff);
    color: inherit;
    font: inherit;
    min-width: 0;
  }
  .filters .field {
    font-size: 0.875rem;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    align-items: center;
    margin-bottom: 0.5rem;
  }
  .actions .count {
    margin: 0 auto 0 0;
  }
  .export {
    margin: 0 0 1rem;
    padding: 0.75rem;
    border: 1px solid var(--rb-border, #d5d8e0);
    border-radius: var(--rb-radius, 6px);
    background: var(--rb-surface, #fff);
  }
  ol {
    list-style: none;
    margin: 0;
    padding: 0;
    border-top: 1px solid var(--rb-border, #d5d8e0);
  }
  .row {
    display: grid;
    grid-template-columns: auto 4.5rem minmax(0, 1fr) auto;
    gap: 0.25rem 0.75rem;
    align-items: start;
    padding: 0.6rem 0.5rem;
    border-bottom: 1px solid var(--rb-border, #d5d8e0);
  }
  .row.active {
    background: var(--rb-row-active-bg, var(--rb-accent-soft, #e8ebfb));
  }
  .pick {
    margin-top: 0.6rem;
  }
  .thumb {
    width: 4.5rem;
    aspect-ratio: 16 / 9;
    border-radius: 4px;
    background: var(--rb-badge-bg, #eceef3);
    object-fit: cover;
    display: grid;
    place-items: center;
    font-size: 0.75rem;
    color: var(--rb-muted, #545968);
  }
  .main {
    display: grid;
    gap: 0.15rem;
    color: inherit;
    text-decoration: none;
    border-radius: 4px;
  }
  .main:hover .snippet {
    text-decoration: underline;
  }
  .snippet {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .row.unread .snippet {
    font-weight: 650;
  }
  .meta,
  .tags {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 0.5rem;
    font-size: 0.875rem;
    align-items: center;
  }
  .tags {
    margin-top: 0.25rem;
  }
  .tag button {
    border: 0;
    background: none;
    padding: 0 0 0 0.25em;
    cursor: pointer;
    color: inherit;
    font-size: 0.875em;
  }
  .side {
    display: flex;
    gap: 0.5rem;
    align-items: center;
  }
  .toggle {
    border: 1px solid var(--rb-border, #d5d8e0);
    border-radius: var(--rb-radius, 6px);
    background: var(--rb-surface, #fff);
    color: inherit;
    padding: 0.15em 0.5em;
    cursor: pointer;
    font-size: 0.875rem;
  }
  .toggle[aria-pressed='true'] {
    border-color: var(--rb-accent, #2f3fb8);
    background: var(--rb-accent, #2f3fb8);
    color: var(--rb-on-accent, #fff);
  }
  .tag-editor {
    display: flex;
    gap: 0.5rem;
    align-items: center;
    margin-top: 0.35rem;
    font-size: 0.875rem;
  }
  .more {
    margin-top: var(--rb-space, 1rem);
  }
  kbd {
    font: inherit;
    font-family: ui-monospace, monospace;
    border: 1px solid var(--rb-border, #d5d8e0);
    border-radius: 4px;
    padding: 0 0.3em;
  }
  dialog {
    border: 1px solid var(--rb-border, #d5d8e0);
    border-radius: var(--rb-radius, 6px);
    max-width: 28rem;
  }
  dialog h2 {
    font-size: 1.125rem;
    margin: 0 0 0.5rem;
  }
  dl {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 0.25rem 1rem;
    margin: 0 0 1rem;
  }
  dd {
    margin: 0;
  }
  @media (max-width: 40rem) {
    .row {
      grid-template-columns: auto minmax(0, 1fr);
    }
    .thumb {
      display: none;
    }
    .side {
      grid-column: 2;
    }
  }
`;
