import { css } from 'lit';

export const flowStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
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
  .media {
    position: relative;
    border-radius: var(--reelback-video-radius, var(--reelback-radius, 12px));
    overflow: hidden;
    background: var(--reelback-video-background, #000);
  }
  video {
    display: block;
    width: 100%;
    aspect-ratio: var(--reelback-video-aspect-ratio, 16 / 9);
    object-fit: var(--reelback-video-fit, contain);
    background: inherit;
  }
  .play-button {
    position: absolute;
    inset: 0;
    margin: auto;
    width: var(--reelback-play-button-size, 72px);
    height: var(--reelback-play-button-size, 72px);
    border-radius: 50%;
    border: 0;
    background: var(--reelback-play-button-background, var(--reelback-accent, #4f46e5));
    color: var(--reelback-accent-contrast, #fff);
    display: grid;
    place-items: center;
    cursor: pointer;
    box-shadow: 0 4px 16px rgb(0 0 0 / 0.35);
    transition: transform var(--reelback-transition-duration, 150ms) ease;
  }
  .play-button:hover {
    transform: scale(1.06);
  }
  .play-button svg {
    width: 45%;
    height: 45%;
    margin-left: 6%;
  }
  .controls {
    display: flex;
    align-items: center;
    gap: var(--reelback-controls-gap, 8px);
    padding: var(--reelback-controls-padding, 6px 8px);
    background: var(--reelback-controls-background, rgb(0 0 0 / 0.72));
    color: var(--reelback-controls-color, #fff);
  }
  .control {
    flex: none;
    min-width: 36px;
    min-height: 36px;
    border: 0;
    border-radius: var(--reelback-control-radius, 6px);
    background: transparent;
    color: inherit;
    font: inherit;
    font-size: 0.85em;
    cursor: pointer;
    display: grid;
    place-items: center;
  }
  .control svg {
    width: 20px;
    height: 20px;
  }
  .progress {
    flex: 1;
    height: var(--reelback-progress-height, 4px);
    border-radius: 2px;
    background: var(--reelback-progress-track, rgb(255 255 255 / 0.3));
    overflow: hidden;
  }
  .progress > div {
    height: 100%;
    background: var(--reelback-progress-color, var(--reelback-accent, #4f46e5));
    transition: width var(--reelback-transition-duration, 150ms) linear;
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
  a:focus-visible {
    outline: var(--reelback-focus-ring, 2px solid var(--reelback-accent, #4f46e5));
    outline-offset: 2px;
  }
  .media button:focus-visible {
    outline-color: var(--reelback-focus-ring-on-video, #fff);
  }
  .status,
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
  .sr-only {
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
