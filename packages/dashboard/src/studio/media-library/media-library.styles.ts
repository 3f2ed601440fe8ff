import { css } from 'lit';

/** The library dialog: a search bar, uploads in progress, the assets as a list of rows with their picture. */
export const mediaLibraryStyles = css`
  dialog {
    width: min(56rem, calc(100vw - 2rem));
    max-height: calc(100vh - 2rem);
    border: 1px solid var(--rb-border, #d5d8e0);
    border-radius: var(--rb-radius, 6px);
    padding: 0;
    color: inherit;
    background: var(--rb-page, #f7f8fa);
  }
  dialog::backdrop {
    background: rgb(20 22 30 / 0.45);
  }
  header {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    padding: 0.75rem 1rem 0;
  }
  header h2 {
    margin: 0;
    font-size: 1.2rem;
    flex: 1;
  }
  .body {
    padding: 0.5rem 1rem 1rem;
  }
  .bar {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: end;
    margin-bottom: 0.75rem;
  }
  .bar .field {
    flex: 1 1 14rem;
  }
  .drop {
    border: 2px dashed transparent;
    border-radius: var(--rb-radius, 6px);
    min-height: 8rem;
  }
  .drop[data-dragging] {
    border-color: var(--rb-accent, #2f3fb8);
    background: var(--rb-accent-soft, #e8ebfb);
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .asset,
  .upload {
    display: grid;
    grid-template-columns: 96px 1fr auto;
    gap: 0.25rem 0.75rem;
    align-items: center;
    padding: 0.5rem;
    border-bottom: 1px solid var(--rb-border, #d5d8e0);
    background: var(--rb-surface, #fff);
  }
  .asset[data-current] {
    box-shadow: inset 4px 0 0 var(--rb-accent, #2f3fb8);
  }
  .thumb {
    width: 96px;
    height: 54px;
    object-fit: cover;
    border-radius: 3px;
    background: var(--rb-code-bg, #f0f2f6);
    display: grid;
    place-items: center;
    font-size: 0.75rem;
  }
  .name {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .info {
    display: flex;
    flex-direction: column;
    gap: 0.125rem;
    min-width: 0;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
    justify-content: end;
  }
  .confirm {
    grid-column: 1 / -1;
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
  }
  progress {
    width: 100%;
  }
  .record {
    margin-bottom: 0.75rem;
  }
  .notice:empty {
    display: none;
  }
`;
