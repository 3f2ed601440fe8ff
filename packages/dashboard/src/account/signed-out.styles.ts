import { css } from 'lit';

/** The card the pages for people without a session sit on (as the login page's). */
export const signedOutStyles = css`
  :host {
    display: block;
    max-width: 26rem;
    margin: 10vh auto 0;
    padding: 0 var(--rb-space, 1rem);
  }
  .card {
    display: grid;
    gap: var(--rb-space, 1rem);
    padding: 1.5rem;
    border: 1px solid var(--rb-border, #d5d8e0);
    border-radius: var(--rb-radius-large, 10px);
    background: var(--rb-surface, #fff);
  }
  .card > * {
    margin: 0;
  }
  .product {
    font-weight: 600;
    color: var(--rb-muted, #545968);
  }
  form {
    display: grid;
    gap: var(--rb-space, 1rem);
  }
`;
