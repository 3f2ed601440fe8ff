import { css } from 'lit';

/*
 * The reserve and the player share one grid cell: the player is at least as tall as the reserve, so a published
 * flow's player has its size from its first paint (CLS 0), before its definition has even been fetched. Sized for
 * a usual first step (a 16:9 video, a heading, a line of text, two or three answers) at any width: the video grows
 * with the width (56 % of it) while the words, wrapping less, need less height (measured on the demo's flow from
 * 296 to 536 px: 32 % of the width plus 24.25em, within a few pixels; the demo's own styling, bolder choices,
 * wraps more: so 26em, a little room to spare).
 *
 * :host has its own width (100 %, up to --reelback-max-width) even where the page sizes items to their content (a
 * centred grid or flex column): the reserve is a share of it. (Comments stay out of the css template below: they would ship.)
 */
export const flowStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
    width: 100%;
    max-width: var(--reelback-max-width, 480px);
    font-family: var(--reelback-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    font-size: var(--reelback-font-size, 16px);
    line-height: 1.45;
    color: var(--reelback-color, #1b1b1f);
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  .frame {
    display: grid;
  }
  .frame > * {
    grid-area: 1 / 1;
    min-width: 0;
  }
  .reserve {
    visibility: hidden;
    padding-top: calc(32% + var(--reelback-reserved-height, 26em));
  }
  .reserve[hidden] {
    display: none;
  }
  .container {
    background: var(--reelback-background, #fff);
    border-radius: var(--reelback-radius, 12px);
    border: var(--reelback-border, 1px solid rgb(0 0 0 / 0.12));
    padding: var(--reelback-padding, 16px);
    display: grid;
    gap: var(--reelback-gap, 12px);
  }
  .end {
    display: grid;
    gap: var(--reelback-gap, 12px);
  }
  h2 {
    margin: 0;
    font-size: var(--reelback-title-size, 1.25em);
    line-height: 1.25;
  }
  h2:focus {
    outline: none;
  }
  h2:focus-visible {
    outline: var(--reelback-focus-ring, 2px solid var(--reelback-accent, #4f46e5));
    outline-offset: 2px;
  }
  .prompt-image {
    display: block;
    width: 100%;
    height: auto;
    max-height: var(--reelback-image-max-height, 60vh);
    object-fit: var(--reelback-image-fit, contain);
    border-radius: var(--reelback-image-radius, var(--reelback-radius, 12px));
    background: var(--reelback-image-background, transparent);
  }
  .prompt-media {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: var(--reelback-gap, 12px);
  }
  .prompt-media.small reelback-prompt-video {
    width: var(--reelback-thumbnail-width, 160px);
  }
  .prompt-media.large reelback-prompt-video {
    width: 100%;
  }
  .resize {
    width: auto;
  }
  .text {
    margin: 0;
    white-space: pre-line;
  }
  .choices {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: var(--reelback-choice-gap, 8px);
  }
  .button {
    display: block;
    width: 100%;
    min-height: 44px;
    padding: var(--reelback-button-padding, 10px 16px);
    border-radius: var(--reelback-button-radius, var(--reelback-radius, 12px));
    font: inherit;
    text-align: center;
    text-decoration: none;
    cursor: pointer;
    transition:
      background-color var(--reelback-transition-duration, 150ms) ease,
      transform var(--reelback-transition-duration, 150ms) ease;
  }
  .choice {
    border: var(--reelback-choice-border, 1px solid var(--reelback-accent, #4f46e5));
    background: var(--reelback-choice-background, transparent);
    color: var(--reelback-choice-color, var(--reelback-accent, #4f46e5));
  }
  .choice:hover {
    background: var(--reelback-choice-hover-background, rgb(79 70 229 / 0.08));
  }
  .cta {
    border: 0;
    background: var(--reelback-cta-background, var(--reelback-accent, #4f46e5));
    color: var(--reelback-cta-color, var(--reelback-accent-contrast, #fff));
  }
  .button:active {
    transform: scale(0.98);
  }
  button:focus-visible,
  a:focus-visible,
  input:focus-visible,
  textarea:focus-visible,
  .scale-option input:focus-visible + span {
    outline: var(--reelback-focus-ring, 2px solid var(--reelback-accent, #4f46e5));
    outline-offset: 2px;
  }
  .answer,
  .field,
  .upload-status {
    display: grid;
    gap: var(--reelback-field-gap, 6px);
  }
  .answer {
    gap: var(--reelback-gap, 12px);
  }
  .scale {
    display: flex;
    flex-wrap: wrap;
    gap: var(--reelback-scale-gap, 4px);
  }
  .scale-option {
    position: relative;
    display: grid;
    flex: 1 0 2.25em;
  }
  .scale-option span {
    display: grid;
    place-items: center;
    min-height: 44px;
    border: var(--reelback-choice-border, 1px solid var(--reelback-accent, #4f46e5));
    color: var(--reelback-choice-color, var(--reelback-accent, #4f46e5));
    font-variant-numeric: tabular-nums;
    cursor: pointer;
    transition: background-color var(--reelback-transition-duration, 150ms) ease;
  }
  .scale-option span,
  input:not([type='checkbox'], [type='radio']),
  textarea {
    background: var(--reelback-input-background, #fff);
    border-radius: var(--reelback-input-radius, min(var(--reelback-radius, 12px), 8px));
  }
  .scale-option:hover span {
    background: var(--reelback-choice-hover-background, rgb(79 70 229 / 0.08));
  }
  .scale-option input:checked + span {
    background: var(--reelback-accent, #4f46e5);
    color: var(--reelback-accent-contrast, #fff);
  }
  .scale-labels {
    display: flex;
    justify-content: space-between;
  }
  input:not([type='checkbox'], [type='radio']),
  textarea {
    width: 100%;
    min-height: 44px;
    padding: 10px 12px;
    font: inherit;
    color: inherit;
    border: var(--reelback-input-border, 1px solid rgb(0 0 0 / 0.45));
  }
  [aria-invalid='true'] {
    border-color: var(--reelback-error-color, #b3261e) !important;
  }
  .consent {
    display: flex;
    align-items: flex-start;
    gap: 8px;
  }
  .consent input {
    flex: none;
    width: 20px;
    height: 20px;
    margin: 2px 0 0;
    accent-color: var(--reelback-accent, #4f46e5);
  }
  .hint,
  .count,
  .scale-labels {
    color: var(--reelback-muted-color, #56565f);
  }
  .count,
  .field-error,
  .scale-labels,
  .upload-status {
    margin: 0;
    font-size: 0.875em;
  }
  .count.over,
  .field-error {
    color: var(--reelback-error-color, #b3261e);
  }
  .status,
  .notice,
  .unsupported {
    margin: 0;
    padding: 12px;
    border-radius: var(--reelback-radius, 12px);
    background: var(--reelback-notice-background, #f4f4f6);
  }
  .error {
    display: grid;
    gap: 8px;
  }
  .error p {
    margin: 0;
  }
  .retry {
    justify-self: start;
    width: auto;
  }
  .sr-only,
  .upload-status:empty {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      transition: none !important;
      animation: none !important;
    }
  }
`;
