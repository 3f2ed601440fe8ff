import { css } from 'lit';

/**
 * What every page shares: the custom properties' fallbacks, buttons, fields, focus rings, badges.
 * Themable from the page with `--rb-*` custom properties (defaults in index.html's :root).
 */
export const sharedStyles = css`
  :host {
    color: var(--rb-text, #1c1e24);
    font: var(--rb-font-size, 1rem) / 1.5 var(--rb-font, system-ui, sans-serif);
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  h1 {
    font-size: 1.5rem;
    line-height: 1.25;
    margin: 0 0 var(--rb-space, 1rem);
  }
  h1:focus {
    outline: none;
  }
  a {
    color: var(--rb-link, var(--rb-accent, #2f3fb8));
  }
  :focus-visible {
    outline: var(--rb-focus-width, 3px) solid var(--rb-focus, var(--rb-accent, #2f3fb8));
    outline-offset: 2px;
  }
  button,
  input {
    font: inherit;
  }
  .button {
    appearance: none;
    border: 1px solid var(--rb-accent, #2f3fb8);
    border-radius: var(--rb-radius, 6px);
    background: var(--rb-accent, #2f3fb8);
    color: var(--rb-on-accent, #fff);
    padding: 0.45em 1em;
    cursor: pointer;
    transition: background-color 120ms ease;
  }
  .button:hover {
    background: var(--rb-accent-strong, #222f8f);
  }
  .button[disabled] {
    cursor: progress;
    opacity: 0.75;
  }
  .button.quiet {
    background: transparent;
    color: var(--rb-accent, #2f3fb8);
  }
  .button.quiet:hover {
    background: var(--rb-accent-soft, #e8ebfb);
  }
  .field {
    display: grid;
    gap: 0.25rem;
  }
  .field input {
    border: 1px solid var(--rb-border-strong, #767b8c);
    border-radius: var(--rb-radius, 6px);
    padding: 0.45em 0.6em;
    background: var(--rb-surface, #fff);
    color: inherit;
  }
  .muted {
    color: var(--rb-muted, #545968);
  }
  .badge {
    display: inline-block;
    border-radius: 999px;
    padding: 0 0.6em;
    font-size: 0.8125rem;
    line-height: 1.6;
    background: var(--rb-badge-bg, #eceef3);
    color: var(--rb-badge-text, #2b2f3a);
    white-space: nowrap;
  }
  .badge[data-status='ready'],
  .badge[data-status='received'] {
    background: var(--rb-ok-bg, #dcefe3);
    color: var(--rb-ok-text, #14532d);
  }
  .badge[data-status='uploading'],
  .badge[data-status='uploaded'],
  .badge[data-status='queued'] {
    background: var(--rb-wait-bg, #fdf1c8);
    color: var(--rb-wait-text, #5c4305);
  }
  .badge[data-status='rejected'],
  .badge[data-status='failed'],
  .badge[data-status='unknown'] {
    background: var(--rb-bad-bg, #fbe0e0);
    color: var(--rb-bad-text, #7f1d1d);
  }
  .error {
    border-left: 4px solid var(--rb-bad-text, #7f1d1d);
    background: var(--rb-bad-bg, #fbe0e0);
    color: var(--rb-bad-text, #7f1d1d);
    padding: 0.5rem 0.75rem;
    border-radius: var(--rb-radius, 6px);
  }
  .error:empty {
    padding: 0;
    border: 0;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      transition: none !important;
      animation: none !important;
      scroll-behavior: auto !important;
    }
  }
`;

/** Smooth scrolling unless the person asked for less motion. */
export function scrollBehavior(): ScrollBehavior {
  return matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth';
}
