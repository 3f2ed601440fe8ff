import { css } from 'lit';

export const promptVideoStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
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
  button:focus-visible {
    outline: var(--reelback-focus-ring, 2px solid var(--reelback-accent, #4f46e5));
    outline-color: var(--reelback-focus-ring-on-video, #fff);
    outline-offset: 2px;
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
