// The look of the studio's form panels (step, rules, variables, theme, versions): labelled fields in fieldsets.
import { css } from 'lit';

export const panelStyles = css`
  :host {
    display: block;
  }
  h2 {
    font-size: 1.1rem;
    margin: 0 0 0.5rem;
  }
  fieldset {
    border: 1px solid var(--rb-border, #d5d8e0);
    border-radius: var(--rb-radius, 6px);
    margin: 0 0 0.75rem;
    padding: 0.5rem 0.75rem;
  }
  legend {
    font-weight: 600;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 0.2rem;
    margin: 0 0 0.5rem;
  }
  .field input,
  .field select,
  .field textarea {
    font: inherit;
    padding: 0.3rem 0.4rem;
    border: 1px solid var(--rb-border-strong, #8a90a0);
    border-radius: var(--rb-radius, 6px);
  }
  .hint {
    font-size: 0.8125rem;
  }
  .check {
    display: flex;
    gap: 0.4rem;
    align-items: center;
    margin: 0 0 0.4rem;
  }
  .rows {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .row {
    border-bottom: 1px solid var(--rb-border, #d5d8e0);
    padding: 0.25rem 0 0.5rem;
    margin-bottom: 0.5rem;
  }
  .problems {
    color: var(--rb-problem, #a4262c);
    padding-left: 1.2rem;
  }
  code {
    font-family: ui-monospace, monospace;
  }
  .rule-actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
  }
  .inline {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
`;
