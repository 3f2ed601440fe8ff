// The look of <rb-prompt-recorder>: a dark stage (preview, playback), then the controls under it.
import { css } from 'lit';

export const promptRecorderStyles = css`
  :host {
    display: block;
  }
  .recorder {
    display: grid;
    gap: 0.75rem;
    max-width: 48rem;
  }
  .modes {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1rem;
    border: 1px solid var(--rb-border, #d5d8e0);
    border-radius: var(--rb-radius, 6px);
    margin: 0;
    padding: 0.4rem 0.75rem 0.6rem;
  }
  .modes legend {
    font-weight: 600;
  }
  .modes label {
    display: inline-flex;
    gap: 0.35rem;
    align-items: center;
  }
  .stage {
    position: relative;
    aspect-ratio: 16 / 9;
    background: var(--rb-recorder-stage-background, #111);
    border-radius: var(--rb-radius, 6px);
    overflow: hidden;
    display: grid;
    place-items: center;
  }
  .stage.audio {
    aspect-ratio: auto;
    min-height: 8rem;
  }
  .preview,
  .playback {
    width: 100%;
    height: 100%;
    object-fit: contain;
    background: #000;
  }
  audio.playback {
    height: auto;
    width: calc(100% - 2rem);
  }
  .preview.mirrored {
    transform: scaleX(-1);
  }
  .placeholder,
  .overlay {
    color: #f4f5f8;
    margin: 0;
    padding: 1rem;
    text-align: center;
  }
  .overlay {
    position: absolute;
    inset: 0 0 auto;
    background: rgba(0, 0, 0, 0.65);
  }
  .badge.recording {
    position: absolute;
    top: 0.6rem;
    left: 0.6rem;
    background: var(--rb-recorder-danger, #b42318);
    color: #fff;
    font-weight: 600;
  }
  .badge.recording::before {
    content: '';
    display: inline-block;
    width: 0.55em;
    height: 0.55em;
    margin-right: 0.4em;
    border-radius: 50%;
    background: currentColor;
    /* sharedStyles turns animations off under prefers-reduced-motion. */
    animation: pulse 1.2s ease-in-out infinite;
  }
  @keyframes pulse {
    50% {
      opacity: 0.25;
    }
  }
  .level {
    position: absolute;
    left: 0.6rem;
    bottom: 0.6rem;
    width: 6rem;
    height: 0.4rem;
    border-radius: 999px;
    background: rgba(255, 255, 255, 0.3);
    overflow: hidden;
  }
  .level > div {
    height: 100%;
    width: 100%;
    background: #4ade80;
    transform-origin: left;
    transform: scaleX(var(--level, 0));
  }
  .timer {
    margin: 0;
    font-variant-numeric: tabular-nums;
  }
  .timer .limit {
    color: var(--rb-muted, #545968);
  }
  .devices {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
  }
  .device {
    display: grid;
    gap: 0.2rem;
  }
  select {
    font: inherit;
    padding: 0.3rem 0.4rem;
    border: 1px solid var(--rb-border-strong, #767b8c);
    border-radius: var(--rb-radius, 6px);
    max-width: 22rem;
  }
  .notice {
    margin: 0;
  }
  .problem {
    margin: 0;
    color: var(--rb-problem, #a4262c);
  }
  .problem p {
    margin: 0 0 0.25rem;
  }
  .upload {
    display: grid;
    gap: 0.25rem;
  }
  progress {
    width: 100%;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .button.stop {
    background: var(--rb-recorder-danger, #b42318);
    border-color: var(--rb-recorder-danger, #b42318);
  }
`;
