import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { MediaAssetInfo } from '@reelback/shared';
import { deviceChoices, stopTracks, tapMicrophone, type DeviceChoice, type MicrophoneTap } from '@reelback/widget/recorder-media';
import type { ApiClient } from '../../api/api-client.js';
import { sharedStyles } from '../../styles/shared.styles.js';
import { CaptureProblem, openDevices, openScreen, RECORDING_MODES, type DeviceSources, type RecordingMode } from './capture.js';
import { captureMessage, missingNotice, type CaptureMessage } from './capture-messages.js';
import { watchLevel } from './mic-level.js';
import { promptRecorderStyles } from './prompt-recorder.styles.js';
import {
  actions,
  defaultName,
  devicePickers,
  modeRadios,
  reviewFields,
  stage,
  TAKE_PROBLEMS,
  timerLine,
  type RecorderActions,
  type RecorderState,
  type RecorderView,
} from './prompt-recorder.view.js';
import { ScreenComposite } from './screen-composite.js';
import { takeProblem, TakeRecorder, type Take } from './take-recorder.js';
import { uploadAsset, type UploadProgress } from './upload-asset.js';

/**
 * Records a prompt for the workspace media library: with the camera and microphone, the screen with the camera in
 * a corner, or the microphone alone. Device pickers and a live preview (with the microphone's level), start/stop
 * without a countdown, elapsed time against a limit (it stops itself there), the take played back for review, then
 * "Record again" (discarded) or "Use this take": uploaded as a library asset (tus, resumable, cancellable, with
 * progress), after which it dispatches `prompt-media-added`. Devices are released once a take is stopped and when
 * the element leaves the page (an upload under way is then cancelled).
 *
 * @tag rb-prompt-recorder
 *
 * @attr mode - `camera` (default), `screen` (screen and camera) or `audio`; the owner can switch in the element.
 * @attr max-duration-seconds - The longest take (default 600); recording stops by itself there.
 * @attr asset-name - The name the take gets in the library (editable in review; default "Recording <date, time>").
 * @prop {ApiClient} api - The dashboard's API client (the upload's ticket, CSRF token).
 *
 * @fires prompt-media-added - A take is in the library (`detail: { asset: MediaAssetInfo }`, status `processing`):
 *   bubbles, composed.
 *
 * @cssproperty [--rb-recorder-stage-background=#111] - Behind the preview and playback.
 * @cssproperty [--rb-recorder-danger=#b42318] - The recording badge and the Stop button.
 */
export class RbPromptRecorder extends LitElement {
  static override styles = [sharedStyles, promptRecorderStyles];

  static override properties = {
    api: { attribute: false },
    mode: {},
    maxDurationSeconds: { type: Number, attribute: 'max-duration-seconds' },
    assetName: { attribute: 'asset-name' },
    _state: { state: true },
    _preview: { state: true },
    _screen: { state: true },
    _cameras: { state: true },
    _microphones: { state: true },
    _problem: { state: true },
    _notice: { state: true },
    _elapsed: { state: true },
    _take: { state: true },
    _takeUrl: { state: true },
    _name: { state: true },
    _progress: { state: true },
    _error: { state: true },
    _said: { state: true },
    _stopping: { state: true },
  };

  declare api: ApiClient | undefined;
  declare mode: RecordingMode;
  declare maxDurationSeconds: number;
  declare assetName: string;

  declare private _state: RecorderState;
  /** What the preview shows: the camera/microphone, or the screen composite. */
  declare private _preview: MediaStream | null;
  declare private _screen: ScreenComposite | null;
  declare private _cameras: DeviceChoice[];
  declare private _microphones: DeviceChoice[];
  declare private _problem: CaptureMessage | null;
  declare private _notice: string;
  declare private _elapsed: number;
  declare private _take: Take | null;
  declare private _takeUrl: string;
  declare private _name: string;
  declare private _progress: UploadProgress | null;
  /** A problem with the take or its upload (in review). */
  declare private _error: string;
  /** What the live region says: state changes, sparingly. */
  declare private _said: string;
  /** Between the Stop press and the take's last fragment (an MP4 take runs on ~1.8 s, take-recorder.ts). */
  declare private _stopping: boolean;

  private _devices: DeviceSources | null = null;
  private _cameraId: string | undefined;
  private _microphoneId: string | undefined;
  private _recorder: TakeRecorder | null = null;
  private _timer: ReturnType<typeof setInterval> | undefined;
  private _warned = false;
  private _upload: AbortController | null = null;
  private _generation = 0;
  private _stopLevel = () => {};
  /** The microphone's sound through Web Audio: the level meter, and the sound of MP4 takes (take-recorder.ts). */
  private _tap: MicrophoneTap | null = null;

  constructor() {
    super();
    this.api = undefined;
    this.mode = 'camera';
    this.maxDurationSeconds = 600;
    this.assetName = '';
    this._state = 'opening';
    this._preview = null;
    this._screen = null;
    this._cameras = [];
    this._microphones = [];
    this._problem = null;
    this._notice = '';
    this._elapsed = 0;
    this._take = null;
    this._takeUrl = '';
    this._name = '';
    this._progress = null;
    this._error = '';
    this._said = '';
    this._stopping = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Properties set right after the element is attached still count: open once they are in.
    void this.updateComplete.then(() => {
      if (this.isConnected && this._state === 'opening') void this._open();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._upload?.abort();
    this._release();
    this._discardTake();
    this._state = 'opening';
  }

  protected override updated(changed: PropertyValues<this>): void {
    // Another mode before a take (the radios, or from outside): its devices instead. An open still under way for the
    // previous mode is superseded (its generation is stale). During and after a take the radios are locked.
    const idle = this._state === 'opening' || this._state === 'ready' || this._state === 'unavailable';
    if (changed.has('mode') && changed.get('mode') !== undefined && idle && this.isConnected) void this._open();
  }

  /** The longest take (seconds). */
  private get _limit(): number {
    return Math.max(1, this.maxDurationSeconds || 600);
  }

  private async _focus(selector: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  /** Opens the mode's camera/microphone (again) for the preview; a shared screen stays. */
  private async _open(): Promise<void> {
    const generation = ++this._generation;
    const mode = RECORDING_MODES.includes(this.mode) ? this.mode : 'camera';
    this._releaseDevices();
    if (mode !== 'screen') this._releaseScreen();
    this._state = 'opening';
    this._problem = null;
    this._notice = '';
    let sources: DeviceSources;
    try {
      sources = await openDevices(mode, { cameraId: this._cameraId, microphoneId: this._microphoneId });
    } catch (error) {
      if (generation !== this._generation) return;
      this._release();
      this._problem = captureMessage(mode, error instanceof CaptureProblem ? error : new CaptureProblem('other', 'devices', error));
      this._state = 'unavailable';
      return void this._focus('.retry');
    }
    if (generation !== this._generation || !this.isConnected) return stopTracks(sources.stream);
    this._devices = sources;
    const [camera] = sources.stream.getVideoTracks();
    const [microphone] = sources.stream.getAudioTracks();
    this._cameraId = camera?.getSettings().deviceId ?? this._cameraId;
    this._microphoneId = microphone?.getSettings().deviceId ?? this._microphoneId;
    this._notice = sources.missing ? missingNotice(mode, sources.missing) : '';
    const devices = await navigator.mediaDevices.enumerateDevices().catch(() => []);
    if (generation !== this._generation) return;
    this._cameras = mode === 'audio' ? [] : deviceChoices(devices, 'videoinput', 'Camera');
    this._microphones = deviceChoices(devices, 'audioinput', 'Microphone');
    await this._screen?.useDevices(camera ?? null, microphone ?? null);
    this._showPreview(this._screen?.stream ?? sources.stream);
    this._state = 'ready';
    void this._focus(mode === 'screen' && !this._screen ? '.share' : '.start');
  }

  private _showPreview(stream: MediaStream | null): void {
    this._stopLevel();
    this._preview = stream;
    const sound = this._devices?.stream;
    const tap = sound && tapMicrophone(sound);
    if (!tap) return;
    this._tap = tap;
    const stopWatching = watchLevel(tap.analyser, (level) => this.renderRoot?.querySelector<HTMLElement>('.level')?.style.setProperty('--level', String(level)));
    this._stopLevel = () => {
      stopWatching();
      tap.close();
      this._tap = null;
      this._stopLevel = () => {};
    };
  }

  private _switchMode(mode: RecordingMode): void {
    if (mode === this.mode) return;
    this.mode = mode; // updated() reopens
  }

  private _switchDevice(which: 'camera' | 'microphone', id: string): void {
    if (which === 'camera') this._cameraId = id;
    else this._microphoneId = id;
    void this._open();
  }

  /** Asks for a screen: straight from the click, as browsers show their picker only during one. */
  private async _shareScreen(): Promise<void> {
    const asking = openScreen();
    const generation = this._generation;
    this._error = '';
    try {
      const screen = await asking;
      if (generation !== this._generation || this._state !== 'ready') return screen.stop();
      const [camera] = this._devices?.stream.getVideoTracks() ?? [];
      const [microphone] = this._devices?.stream.getAudioTracks() ?? [];
      this._releaseScreen();
      const composite = await ScreenComposite.start(screen, camera ?? null, microphone ?? null);
      composite.onscreenended = () => this._screenEnded(composite);
      this._screen = composite;
      this._problem = null;
      this._showPreview(composite.stream);
      this._said = 'Screen shared. Ready to record.';
      void this._focus('.start');
    } catch (error) {
      this._problem = captureMessage('screen', error instanceof CaptureProblem ? error : new CaptureProblem('other', 'screen', error));
      void this._focus('.share');
    }
  }

  /** The owner stopped sharing from the browser's own bar: a take under way ends there. */
  private _screenEnded(composite: ScreenComposite): void {
    if (composite !== this._screen) return;
    if (this._state === 'recording') return void this._stop('screen');
    this._releaseScreen();
    this._showPreview(this._devices?.stream ?? null);
    this._said = 'Screen sharing stopped.';
  }

  private _start(): void {
    const stream = this.mode === 'screen' ? this._screen?.stream : this._devices?.stream;
    if (this._state !== 'ready' || !stream) return;
    let recorder: TakeRecorder;
    try {
      // The press lets a suspended audio context start (the tap's sound is recorded only once it runs).
      this._tap?.wake();
      recorder = new TakeRecorder(stream, this.mode === 'audio' ? 'audio' : 'video', this._tap);
      recorder.start();
    } catch (error) {
      this._problem = captureMessage(this.mode, new CaptureProblem('unsupported', 'devices', error));
      this._state = 'unavailable';
      return;
    }
    recorder.onerror = () => void this._stop('failed');
    this._recorder = recorder;
    this._warned = false;
    this._elapsed = 0;
    this._error = '';
    this._state = 'recording';
    this._said = 'Recording.';
    this._timer = setInterval(() => this._tick(), 250);
    void this._focus('.stop');
  }

  private _tick(): void {
    this._elapsed = this._recorder?.elapsedSeconds ?? 0;
    const left = this._limit - this._elapsed;
    if (left <= 0) return void this._stop('limit');
    if (!this._warned && this._limit >= 120 && left <= 60) {
      this._warned = true;
      this._said = 'One minute left.';
    }
  }

  private async _stop(why: 'owner' | 'limit' | 'screen' | 'failed' = 'owner'): Promise<void> {
    const recorder = this._recorder;
    if (!recorder || this._state !== 'recording' || !recorder.recording) return;
    clearInterval(this._timer);
    this._stopping = true;
    let take: Awaited<ReturnType<typeof recorder.stop>>;
    try {
      take = await recorder.stop(this._limit);
    } finally {
      this._stopping = false;
    }
    if (recorder !== this._recorder) return;
    this._recorder = null;
    // The camera's light goes off while the owner reviews; "Record again" opens it again.
    this._release();
    this._take = take;
    this._takeUrl = URL.createObjectURL(take.blob);
    this._elapsed = take.durationSeconds;
    this._name = this._name || this.assetName || defaultName();
    const problem = takeProblem(take);
    this._error = problem ? TAKE_PROBLEMS[problem] : why === 'failed' ? 'Recording stopped: a device stopped delivering. Check this take before using it.' : '';
    this._state = 'review';
    this._said = { owner: 'Recording stopped.', limit: 'Time is up. Recording stopped.', screen: 'Screen sharing stopped, and so did recording.', failed: 'Recording stopped.' }[why];
    void this._focus(problem ? '.again' : '.use');
  }

  private _recordAgain(): void {
    this._discardTake();
    this._said = 'Take discarded.';
    void this._open();
  }

  private async _use(): Promise<void> {
    const take = this._take;
    const name = this._name.trim();
    if (!take || !this.api || this._state !== 'review' || !name || takeProblem(take)) return;
    const controller = (this._upload = new AbortController());
    this._state = 'uploading';
    this._error = '';
    this._progress = { bytesSent: 0, bytesTotal: take.blob.size, waiting: false };
    this._said = 'Uploading the take.';
    void this._focus('.cancel');
    try {
      const asset = await uploadAsset(take.blob, { api: this.api, name, signal: controller.signal, onProgress: (p) => (this._progress = p) });
      if (controller !== this._upload) return;
      this._upload = null;
      this._added(asset);
    } catch (error) {
      if (controller !== this._upload) return;
      this._upload = null;
      this._state = 'review';
      const aborted = (error as { name?: string }).name === 'AbortError';
      this._error = aborted ? '' : `The take was not added: ${(error as Error).message}`;
      this._said = aborted ? 'Upload cancelled. The take is still here.' : '';
      void this._focus('.use');
    }
  }

  private _added(asset: MediaAssetInfo): void {
    this._discardTake();
    this._state = 'added';
    this._said = `Added “${asset.name}” to the media library.`;
    this.dispatchEvent(new CustomEvent('prompt-media-added', { detail: { asset }, bubbles: true, composed: true }));
    void this._focus('.another');
  }

  private _recordAnother(): void {
    this._name = '';
    void this._open();
  }

  private _discardTake(): void {
    this._recorder?.discard();
    this._recorder = null;
    clearInterval(this._timer);
    if (this._takeUrl) URL.revokeObjectURL(this._takeUrl);
    this._takeUrl = '';
    this._take = null;
    this._progress = null;
    this._error = '';
  }

  private _releaseDevices(): void {
    this._stopLevel();
    this._stopLevel = () => {};
    stopTracks(this._devices?.stream);
    this._devices = null;
  }

  private _releaseScreen(): void {
    this._screen?.stop();
    this._screen = null;
  }

  /** Camera, microphone and screen off; the preview empty. */
  private _release(): void {
    this._generation++;
    this._releaseDevices();
    this._releaseScreen();
    this._preview = null;
  }

  private readonly _act: RecorderActions = {
    switchMode: (mode) => this._switchMode(mode),
    switchDevice: (which, id) => this._switchDevice(which, id),
    retry: () => void this._open(),
    shareScreen: () => void this._shareScreen(),
    start: () => this._start(),
    stop: () => void this._stop(),
    use: () => void this._use(),
    recordAgain: () => this._recordAgain(),
    cancelUpload: () => this._upload?.abort(),
    recordAnother: () => this._recordAnother(),
    rename: (name) => (this._name = name),
  };

  protected override render(): TemplateResult {
    const take = this._take;
    const view: RecorderView = {
      state: this._state,
      mode: this.mode,
      preview: this._preview,
      screenShared: !!this._screen,
      stopping: this._stopping,
      hearing: !!this._devices?.stream.getAudioTracks().length,
      elapsed: this._elapsed,
      limit: this._limit,
      takeUrl: this._takeUrl,
      cameras: this._cameras,
      microphones: this._microphones,
      cameraId: this._cameraId,
      microphoneId: this._microphoneId,
      name: this._name,
      progress: this._progress,
      usable: !!take && !takeProblem(take) && !!this._name.trim() && !!this.api,
    };
    const live = this._state === 'ready' || this._state === 'recording';
    return html`<div class="recorder" part="recorder">
      ${modeRadios(view, this._act)}
      <div class="stage ${this.mode}" part="stage">${stage(view, this._act)}</div>
      ${timerLine(view)} ${devicePickers(view, this._act)} ${this._notice && live ? html`<p class="notice" part="notice">${this._notice}</p>` : nothing}
      ${this._problem
        ? html`<div class="problem" part="problem" role="alert"><p><strong>${this._problem.message}</strong></p><p>${this._problem.advice}</p></div>`
        : nothing}
      ${this._error ? html`<p class="problem" part="problem" role="alert">${this._error}</p>` : nothing} ${reviewFields(view, this._act)}
      <div class="actions" part="actions">${actions(view, this._act)}</div>
      <p class="visually-hidden" aria-live="polite">${this._said}</p>
    </div>`;
  }
}

/** The events `<rb-prompt-recorder>` dispatches. */
export interface PromptRecorderEventMap {
  'prompt-media-added': CustomEvent<{ asset: MediaAssetInfo }>;
}

/** Registers `<rb-prompt-recorder>` unless the page has one already. */
export function definePromptRecorder(tagName = 'rb-prompt-recorder'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, RbPromptRecorder);
}

declare global {
  interface HTMLElementTagNameMap {
    'rb-prompt-recorder': RbPromptRecorder;
  }
  interface GlobalEventHandlersEventMap extends PromptRecorderEventMap {}
}
