// What <rb-prompt-recorder> shows, as template functions of its state: the mode radios, the stage (preview or
// playback), the clock, the device pickers, the name and upload progress, and the buttons of each state.
import { html, nothing, type TemplateResult } from 'lit';
import { clock, type DeviceChoice } from '@reelback/widget/recorder-media';
import { RECORDING_MODES, type RecordingMode } from './capture.js';
import type { TakeProblem } from './take-recorder.js';
import type { UploadProgress } from './upload-asset.js';

export type RecorderState = 'opening' | 'ready' | 'recording' | 'review' | 'uploading' | 'added' | 'unavailable';

export interface RecorderView {
  state: RecorderState;
  mode: RecordingMode;
  /** The live preview: the camera (also in screen mode until a screen is shared), or the screen composite. */
  preview: MediaStream | null;
  screenShared: boolean;
  /** Stop was pressed; the take is being finished. */
  stopping: boolean;
  /** Whether the microphone is on (the level meter shows). */
  hearing: boolean;
  elapsed: number;
  limit: number;
  takeUrl: string;
  cameras: DeviceChoice[];
  microphones: DeviceChoice[];
  cameraId: string | undefined;
  microphoneId: string | undefined;
  name: string;
  progress: UploadProgress | null;
  /** "Use this take" is possible: a take worth uploading, a name, an API. */
  usable: boolean;
}

export interface RecorderActions {
  switchMode(mode: RecordingMode): void;
  switchDevice(which: 'camera' | 'microphone', id: string): void;
  retry(): void;
  shareScreen(): void;
  start(): void;
  stop(): void;
  use(): void;
  recordAgain(): void;
  cancelUpload(): void;
  recordAnother(): void;
  rename(name: string): void;
}

const MODE_LABELS: Record<RecordingMode, string> = { camera: 'Camera', screen: 'Screen and camera', audio: 'Audio only' };
export const TAKE_PROBLEMS: Record<TakeProblem, string> = {
  empty: 'This take is empty: the recorder received nothing from the devices. Record again.',
  short: 'This take is shorter than a second. Record again.',
};

/** A name for a take until the owner gives one: "Recording 3 Mar 2025, 14:05". */
export const defaultName = (at = new Date()) =>
  `Recording ${at.toLocaleString(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' })}`;

const SHARE_HINT = 'Choose “Share screen” to pick what to record.';

export function modeRadios(view: RecorderView, act: RecorderActions): TemplateResult {
  const locked = view.state === 'recording' || view.state === 'review' || view.state === 'uploading';
  return html`<fieldset class="modes" part="modes">
    <legend>Record</legend>
    ${RECORDING_MODES.map(
      (mode) => html`<label
        ><input type="radio" name="mode" value=${mode} .checked=${view.mode === mode} ?disabled=${locked} @change=${() => act.switchMode(mode)} />
        ${MODE_LABELS[mode]}</label
      >`,
    )}
  </fieldset>`;
}

export function stage(view: RecorderView, act: RecorderActions): TemplateResult {
  const { state, mode } = view;
  if ((state === 'review' || state === 'uploading') && view.takeUrl) {
    return mode === 'audio'
      ? html`<audio class="playback" part="playback" src=${view.takeUrl} controls aria-label="Your take" @loadedmetadata=${knowDuration}></audio>`
      : html`<video class="playback" part="playback" src=${view.takeUrl} controls playsinline aria-label="Your take" @loadedmetadata=${knowDuration}></video>`;
  }
  const live = state === 'ready' || state === 'recording';
  const badge = state === 'recording' ? html`<span class="badge recording" part="recording-badge">Recording</span>` : nothing;
  const level = live && view.hearing ? html`<div class="level" part="level" aria-hidden="true"><div></div></div>` : nothing;
  if (live && mode !== 'audio' && view.preview?.getVideoTracks().length) {
    const label = view.screenShared ? 'Preview: your screen with the camera in the corner' : 'Camera preview';
    return html`<video
        class="preview ${view.screenShared ? '' : 'mirrored'}"
        part="preview"
        aria-label=${label}
        .srcObject=${view.preview}
        .muted=${true}
        autoplay
        playsinline
      ></video>
      ${mode === 'screen' && !view.screenShared ? html`<p class="overlay">${SHARE_HINT}</p>` : nothing} ${badge}${level}`;
  }
  const words =
    state === 'opening'
      ? `Asking for the ${mode === 'audio' ? 'microphone' : 'camera and microphone'}…`
      : state === 'added'
        ? 'Added to the media library.'
        : live && mode === 'audio'
          ? 'Microphone on'
          : live && !view.screenShared
            ? SHARE_HINT
            : '';
  return html`<p class="placeholder" part="placeholder">${words}</p>
    ${badge}${level}`;
}

export function timerLine(view: RecorderView): TemplateResult | typeof nothing {
  if (view.state !== 'recording' && view.state !== 'review' && view.state !== 'uploading') return nothing;
  return html`<p class="timer" part="timer" role="timer">
    <span class="elapsed">${clock(view.elapsed)}</span> <span class="limit">/ ${clock(view.limit)}</span>
  </p>`;
}

export function devicePickers(view: RecorderView, act: RecorderActions): TemplateResult | typeof nothing {
  if (view.state !== 'ready' && view.state !== 'recording') return nothing;
  const picker = (label: string, which: 'camera' | 'microphone', list: DeviceChoice[], current: string | undefined) =>
    list.length
      ? html`<label class="device"
          >${label}
          <select ?disabled=${view.state !== 'ready'} @change=${(e: Event) => act.switchDevice(which, (e.target as HTMLSelectElement).value)}>
            ${list.map((d) => html`<option value=${d.id} ?selected=${d.id === current}>${d.label}</option>`)}
          </select></label
        >`
      : nothing;
  return html`<div class="devices" part="devices">
    ${picker('Camera', 'camera', view.cameras, view.cameraId)} ${picker('Microphone', 'microphone', view.microphones, view.microphoneId)}
  </div>`;
}

export function reviewFields(view: RecorderView, act: RecorderActions): TemplateResult | typeof nothing {
  if (view.state !== 'review' && view.state !== 'uploading') return nothing;
  const progress = view.progress;
  const percent = progress && progress.bytesTotal ? Math.floor((progress.bytesSent / progress.bytesTotal) * 100) : 0;
  return html`<div class="field name" part="name">
      <label for="asset-name">Name in the media library</label>
      <input
        id="asset-name"
        type="text"
        maxlength="200"
        required
        .value=${view.name}
        ?readonly=${view.state === 'uploading'}
        @input=${(e: Event) => act.rename((e.target as HTMLInputElement).value)}
      />
    </div>
    ${view.state === 'uploading' && progress
      ? html`<div class="upload" part="upload">
          <label for="upload-progress">${progress.waiting ? 'Waiting for the network — the upload goes on by itself' : `Uploading… ${percent}%`}</label>
          <progress id="upload-progress" max="100" .value=${percent}></progress>
        </div>`
      : nothing}`;
}

export function actions(view: RecorderView, act: RecorderActions): TemplateResult | typeof nothing {
  const button = (cls: string, label: string, onClick: () => void, disabled = false) =>
    html`<button type="button" class="button ${cls}" ?disabled=${disabled} @click=${onClick}>${label}</button>`;
  switch (view.state) {
    case 'opening':
      return nothing;
    case 'unavailable':
      return button('retry', 'Try again', act.retry);
    case 'ready': {
      const screenMode = view.mode === 'screen';
      return html`${screenMode ? button(`share${view.screenShared ? ' quiet' : ''}`, view.screenShared ? 'Change screen' : 'Share screen', act.shareScreen) : nothing}
      ${button('start', 'Start recording', act.start, screenMode && !view.screenShared)}`;
    }
    case 'recording':
      return view.stopping ? button('stop', 'Stopping…', act.stop, true) : button('stop', 'Stop recording', act.stop);
    case 'review':
      return html`${button('use', 'Use this take', act.use, !view.usable)} ${button('again quiet', 'Record again', act.recordAgain)}`;
    case 'uploading':
      return button('cancel quiet', 'Cancel upload', act.cancelUpload);
    case 'added':
      return button('another', 'Record another', act.recordAnother);
  }
}

/** MediaRecorder's WebM has no duration in its header: seek to the end once so the player's scrubber knows it. */
function knowDuration(event: Event): void {
  const media = event.target as HTMLMediaElement;
  if (media.duration !== Infinity) return;
  media.addEventListener('durationchange', () => (media.currentTime = 0), { once: true });
  media.currentTime = Number.MAX_SAFE_INTEGER;
}
