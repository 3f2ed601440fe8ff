import { css } from 'lit';

export const recorderStyles = css`
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
  .recorder {
    display: grid;
    gap: var(--reelback-gap, 12px);
  }
  .stage {
    position: relative;
    overflow: hidden;
    border-radius: var(--reelback-recorder-radius, var(--reelback-radius, 12px));
    background: var(--reelback-recorder-background, #000);
    color: #fff;
  }
  .stage.video {
    aspect-ratio: var(--reelback-recorder-aspect-ratio, 16 / 9);
  }
  .stage.audio {
    min-height: 96px;
    display: grid;
    place-items: center;
  }
  video {
    display: block;
    width: 100%;
    height: 100%;
    object-fit: contain;
  }
  .preview {
    transform: var(--reelback-recorder-preview-transform, scaleX(-1));
  }
  audio.playback {
    width: calc(100% - 24px);
  }
  .microphone {
    margin: 0;
  }
  .countdown {
    position: absolute;
    inset: 0;
    display: grid;
    place-items: center;
    font-size: var(--reelback-recorder-countdown-size, 4em);
    font-weight: 700;
    background: rgb(0 0 0 / 0.35);
    text-shadow: 0 2px 8px rgb(0 0 0 / 0.6);
  }
  .badge {
    position: absolute;
    top: 8px;
    inset-inline-start: 8px;
    padding-block: 2px;
    padding-inline: 6px 8px;
    border-radius: 999px;
    background: rgb(0 0 0 / 0.6);
    font-size: 0.8em;
    display: flex;
    align-items: center;
    gap: 6px;
  }
  .badge::before {
    content: '';
    width: 10px;
    height: 10px;
    border-radius: 50%;
    background: var(--reelback-recorder-danger, #dc2626);
    animation: pulse 1.2s ease-in-out infinite;
  }
  @keyframes pulse {
    50% {
      opacity: 0.3;
    }
  }
  .level {
    position: absolute;
    inset-inline: 8px;
    bottom: 8px;
    height: 4px;
    border-radius: 2px;
    background: rgb(255 255 255 / 0.25);
    overflow: hidden;
  }
  .level > div {
    height: 100%;
    width: 100%;
    transform-origin: left;
    transform: scaleX(var(--level, 0));
    background: linear-gradient(to right, #22c55e 60%, #eab308 85%, var(--reelback-recorder-danger, #dc2626));
  }
  /* Right to left (Arabic, Hebrew): the meter fills from the right. */
  :host(:dir(rtl)) .level > div {
    transform-origin: right;
    background: linear-gradient(to left, #22c55e 60%, #eab308 85%, var(--reelback-recorder-danger, #dc2626));
  }
  .timer {
    margin: 0;
    display: flex;
    justify-content: space-between;
    font-variant-numeric: tabular-nums;
  }
  .devices {
    display: flex;
    flex-wrap: wrap;
    gap: 8px 16px;
  }
  .devices label {
    display: grid;
    gap: 4px;
    flex: 1 1 12em;
    font-size: 0.9em;
  }
  select {
    font: inherit;
    padding: 6px;
    border-radius: 6px;
    min-width: 0;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px;
  }
  button {
    font: inherit;
    cursor: pointer;
    padding: var(--reelback-button-padding, 10px 16px);
    border-radius: var(--reelback-button-radius, var(--reelback-radius, 12px));
    border: 1px solid var(--reelback-accent, #4f46e5);
    background: transparent;
    color: var(--reelback-accent, #4f46e5);
  }
  button[part~='primary'] {
    background: var(--reelback-accent, #4f46e5);
    color: var(--reelback-accent-contrast, #fff);
  }
  button[part~='stop-button'] {
    background: var(--reelback-recorder-danger, #dc2626);
    border-color: var(--reelback-recorder-danger, #dc2626);
  }
  button:disabled {
    opacity: 0.5;
    cursor: default;
  }
  button:focus-visible,
  select:focus-visible,
  video:focus-visible,
  audio:focus-visible {
    outline: var(--reelback-focus-ring, 2px solid var(--reelback-accent, #4f46e5));
    outline-offset: 2px;
  }
  .hint,
  .status,
  .message {
    margin: 0;
  }
  .message {
    color: var(--reelback-recorder-danger, #b91c1c);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
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
