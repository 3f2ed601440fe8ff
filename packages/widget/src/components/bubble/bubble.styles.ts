// Plain CSS text: the bubble carries no Lit, so it stays tiny until the player is needed.
export const bubbleStyles = `
:host {
  --_offset: var(--reelback-bubble-offset, 20px);
  --_size: var(--reelback-bubble-size, 60px);
  position: fixed;
  right: var(--_offset);
  bottom: var(--_offset);
  z-index: var(--reelback-bubble-z-index, 2147483000);
  font-family: var(--reelback-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
}
:host([position='left']) {
  right: auto;
  left: var(--_offset);
}
:host([hidden]) {
  display: none;
}
.launcher[hidden] {
  display: none;
}
.launcher {
  width: var(--_size);
  height: var(--_size);
  border-radius: var(--reelback-bubble-radius, 50%);
  border: 0;
  padding: 0;
  display: grid;
  place-items: center;
  cursor: pointer;
  background: var(--reelback-bubble-background, var(--reelback-accent, #4f46e5));
  color: var(--reelback-bubble-color, var(--reelback-accent-contrast, #fff));
  box-shadow: var(--reelback-bubble-shadow, 0 6px 20px rgb(0 0 0 / 0.3));
  transition: transform var(--reelback-transition-duration, 150ms) ease;
}
.launcher:hover {
  transform: scale(1.06);
}
.launcher svg {
  width: 46%;
  height: 46%;
}
.launcher .avatar {
  width: 100%;
  height: 100%;
  object-fit: cover;
  border-radius: inherit;
}
button:focus-visible {
  outline: var(--reelback-focus-ring, 2px solid var(--reelback-accent, #4f46e5));
  outline-offset: 3px;
}
.panel {
  position: absolute;
  right: 0;
  bottom: calc(var(--_size) + 12px);
  width: var(--reelback-panel-width, min(380px, calc(100vw - 2 * var(--_offset))));
  max-height: var(--reelback-panel-max-height, calc(100vh - var(--_size) - 3 * var(--_offset)));
  overflow: auto;
  background: var(--reelback-background, #fff);
  border-radius: var(--reelback-radius, 12px);
  box-shadow: var(--reelback-panel-shadow, 0 12px 40px rgb(0 0 0 / 0.3));
}
:host([position='left']) .panel {
  right: auto;
  left: 0;
}
.panel[hidden] {
  display: none;
}
.close {
  position: absolute;
  top: 6px;
  inset-inline-end: 6px;
  z-index: 1;
  width: 32px;
  height: 32px;
  border: 0;
  border-radius: 50%;
  background: var(--reelback-close-background, rgb(0 0 0 / 0.6));
  color: var(--reelback-close-color, #fff);
  font: inherit;
  font-size: 20px;
  line-height: 1;
  cursor: pointer;
}
.message {
  margin: 0;
  padding: 48px 16px 16px;
}
reelback-flow {
  max-width: none;
}
.sr-only {
  position: absolute;
  width: 1px;
  height: 1px;
  overflow: hidden;
  clip: rect(0 0 0 0);
  white-space: nowrap;
}
@media (prefers-reduced-motion: reduce) {
  .launcher {
    transition: none;
  }
}
`;
