import { html, LitElement, nothing, type TemplateResult } from 'lit';
import type { ClipKind, UploadTicket, UploadTicketRequest } from '@reelback/shared';
import { requestUploadTicket } from '../../api/upload-ticket.js';
import { uploads, type ClipUpload } from '../../upload/upload-manager.js';
import type { UploadStatus } from '../../upload/upload-status.js';
import '../../util/i18n/en-recorder.js';
import { LocaleController } from '../../util/i18n/locale.controller.js';
import { uploadText } from '../../util/i18n/upload-text.js';
import { normalizeEndpoint } from '../../util/urls.js';
import { tapMicrophone, type MicrophoneTap } from './microphone-tap.js';
import { canRecord, clock, deviceChoices, emptyRecordingMessage, MIN_RECORDING_BYTES, SHORTEST_TAKE_SECONDS, openMedia, pickMimeType, recorderOptions, stopTracks, unavailableMessage, type DeviceChoice } from './media.js';
import { recorderStyles } from './recorder.styles.js';

/** The recorder's timeslice: a chunk (an MP4 fragment) a second, uploaded as it comes. */
const TIMESLICE_MS = 1000;

type RecorderState = 'starting' | 'ready' | 'countdown' | 'recording' | 'review' | 'submitting' | 'submitted' | 'unavailable';

type Device = DeviceChoice;

/**
 * Records a video or audio answer: asks for the camera and microphone when it starts, shows a muted live
 * preview with a device picker, counts down 3-2-1 (skippable), records with elapsed and remaining time until
 * the viewer stops or the time is up, plays the recording back for review, and lets the viewer record again
 * or submit. The clip is uploaded while it is being recorded (tus, resumable; every chunk is kept in IndexedDB
 * first) and the upload goes on in the background after submit (`watchUploads()` in upload/upload-status.ts).
 * Loaded on demand by `<reelback-flow>` when a viewer chooses to record.
 *
 * @tag reelback-recorder
 *
 * @attr kind - `video` (camera and microphone, the default) or `audio` (microphone only).
 * @attr max-duration-seconds - The longest recording (default 120; the ticket's limit wins when shorter).
 * @attr endpoint - The API origin (`https://api.example`, or '' for the page's origin).
 * @attr session-id - The viewer's session.
 * @attr step-id - The step the answer belongs to.
 * @attr countdown-seconds - The countdown before recording (default 3; 0: none).
 *
 * @prop {(request: UploadTicketRequest) => Promise<UploadTicket>} requestTicket - Asks the server for an upload
 *   ticket (default: `POST {endpoint}/api/v1/sessions/{sessionId}/clips`).
 *
 * @fires reelback-recorder-submit - The viewer submitted a recording
 *   (`detail: { clipId, kind, durationSeconds }`); its upload may still be under way.
 * @fires reelback-recorder-unavailable - No camera or microphone could be used (denied, missing, busy)
 *   (`detail: { kind, message, kinds }`, `kinds`: the recorded kinds that cannot work here): offer the others.
 * @fires reelback-recorder-cancel - The viewer backed out (`detail: null`).
 *
 * All three bubble and are composed.
 *
 * @csspart recorder - The box around everything.
 * @csspart stage - The dark box with the preview, playback, countdown and level meter.
 * @csspart preview - The live camera `<video>` (muted).
 * @csspart microphone - What stands for the preview when recording audio.
 * @csspart playback - The recording's `<video>` or `<audio>`, with controls.
 * @csspart countdown - The 3-2-1 number.
 * @csspart recording-badge - The "Recording" badge.
 * @csspart level - The microphone level meter.
 * @csspart timer - Elapsed and remaining time.
 * @csspart devices - The camera and microphone pickers (shown when there is a choice).
 * @csspart device-select - Each picker.
 * @csspart actions - The row of buttons.
 * @csspart button - Every button (also one of `record-button`, `skip-button`, `stop-button`, `submit-button`,
 *   `rerecord-button`, `cancel-button`, `retry-button`; `primary` on the main one).
 * @csspart status - The upload's progress.
 * @csspart message - Problems, in words.
 *
 * @cssproperty [--reelback-recorder-aspect-ratio=16 / 9] - The stage's shape for video.
 * @cssproperty [--reelback-recorder-background=#000] - The stage's background.
 * @cssproperty [--reelback-recorder-radius=var(--reelback-radius, 12px)] - The stage's corner radius.
 * @cssproperty [--reelback-recorder-preview-transform=scaleX(-1)] - Mirrors the live preview (the recording is not).
 * @cssproperty [--reelback-recorder-danger=#dc2626] - The recording badge, stop button and level meter peak.
 * @cssproperty [--reelback-recorder-countdown-size=4em] - The countdown number's size.
 * @cssproperty [--reelback-accent=#4f46e5] - The main button and focus rings.
 * @cssproperty [--reelback-accent-contrast=#fff] - Text on the accent color.
 * @cssproperty [--reelback-button-radius=var(--reelback-radius, 12px)] - The buttons' corner radius.
 * @cssproperty [--reelback-button-padding=10px 16px] - The buttons' padding.
 * @cssproperty [--reelback-focus-ring=2px solid var(--reelback-accent, #4f46e5)] - The keyboard focus outline.
 * @cssproperty [--reelback-gap=12px] - Space between the pieces.
 */
export class ReelbackRecorder extends LitElement {
  static override styles = recorderStyles;

  static override properties = {
    kind: {},
    maxDurationSeconds: { type: Number, attribute: 'max-duration-seconds' },
    endpoint: {},
    sessionId: { attribute: 'session-id' },
    stepId: { attribute: 'step-id' },
    countdownSeconds: { type: Number, attribute: 'countdown-seconds' },
    requestTicket: { attribute: false },
    _state: { state: true },
    _stream: { state: true },
    _count: { state: true },
    _elapsed: { state: true },
    _cameras: { state: true },
    _microphones: { state: true },
    _reviewUrl: { state: true },
    _upload: { state: true },
    _error: { state: true },
    _said: { state: true },
  };

  declare kind: ClipKind;
  declare maxDurationSeconds: number;
  declare endpoint: string;
  declare sessionId: string;
  declare stepId: string;
  declare countdownSeconds: number;
  declare requestTicket: ((request: UploadTicketRequest) => Promise<UploadTicket>) | undefined;

  declare private _state: RecorderState;
  declare private _stream: MediaStream | null;
  declare private _count: number;
  declare private _elapsed: number;
  declare private _cameras: Device[];
  declare private _microphones: Device[];
  declare private _reviewUrl: string;
  declare private _upload: UploadStatus | null;
  declare private _error: string;
  /** What the live region says (sparingly: start, stop, ten seconds left). */
  declare private _said: string;

  private _cameraId: string | undefined;
  private _microphoneId: string | undefined;
  private _recorder: MediaRecorder | null = null;
  private _clip: ClipUpload | null = null;
  private _chunks: Blob[] = [];
  private _mimeType = '';
  private _startedAt = 0;
  private _duration = 0;
  private _stopping = false;
  private _autoStopped = false;
  private _warned = false;
  private _ticket: UploadTicket | null = null;
  private _timer: ReturnType<typeof setInterval> | undefined;
  private _countdown: ReturnType<typeof setTimeout> | undefined;
  private _generation = 0;
  private _stopMeter = () => {};
  private _tap: MicrophoneTap | null = null;
  /** The tracks the current take records (the tap's sound for MP4 recorders, else the stream's own). */
  private _recorded: MediaStream | null = null;
  /** Its words follow the flow's language (the nearest `lang`). */
  private readonly _l = new LocaleController(this);

  constructor() {
    super();
    this.kind = 'video';
    this.maxDurationSeconds = 120;
    this.endpoint = '';
    this.sessionId = '';
    this.stepId = '';
    this.countdownSeconds = 3;
    this.requestTicket = undefined;
    this._state = 'starting';
    this._stream = null;
    this._count = 0;
    this._elapsed = 0;
    this._cameras = [];
    this._microphones = [];
    this._reviewUrl = '';
    this._upload = null;
    this._error = '';
    this._said = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Properties set right after the element is attached still count: start once they are in.
    if (this._state === 'starting') {
      void this.updateComplete.then(() => {
        if (this.isConnected) void this._open();
      });
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._teardown();
    this._state = 'starting';
  }

  /** The longest recording allowed now (seconds). */
  private get _limit(): number {
    return Math.max(1, Math.min(this.maxDurationSeconds || 120, this._ticket?.maxDurationSeconds ?? Infinity));
  }

  private _emit<K extends keyof RecorderEventMap>(type: K, detail: RecorderEventMap[K]['detail']): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  private async _focus(part: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`[part~="${part}"]`)?.focus();
  }

  /** Opens the camera/microphone (again) and shows the preview. */
  private async _open(): Promise<void> {
    const generation = ++this._generation;
    this._state = 'starting';
    this._error = '';
    let stream: MediaStream;
    try {
      if (!canRecord()) throw new Error('no MediaRecorder');
      stream = await openMedia(this.kind, this._cameraId, this._microphoneId);
    } catch (error) {
      if (generation === this._generation && this.isConnected) await this._unavailable(error);
      return;
    }
    if (generation !== this._generation || !this.isConnected) return stopTracks(stream);
    this._useStream(stream);
    const devices = await navigator.mediaDevices.enumerateDevices().catch(() => []);
    this._cameras = this.kind === 'video' ? deviceChoices(devices, 'videoinput', this._l.t('camera')) : [];
    this._microphones = deviceChoices(devices, 'audioinput', this._l.t('microphone'));
    this._state = 'ready';
    void this._focus('record-button');
  }

  private _useStream(stream: MediaStream): void {
    stopTracks(this._stream);
    this._stream = stream;
    this._cameraId = stream.getVideoTracks()[0]?.getSettings().deviceId ?? this._cameraId;
    this._microphoneId = stream.getAudioTracks()[0]?.getSettings().deviceId ?? this._microphoneId;
    this._meter(stream);
  }

  private _stopStream(): void {
    this._stopMeter();
    stopTracks(this._stream);
    this._stream = null;
  }

  /** A small microphone level meter (drawn outside Lit: it changes every frame), on the microphone's tap. */
  private _meter(stream: MediaStream): void {
    this._stopMeter();
    const tap = (this._tap = tapMicrophone(stream));
    if (!tap) return;
    const { analyser } = tap;
    const samples = new Uint8Array(analyser.fftSize);
    let frame = 0;
    const draw = () => {
      analyser.getByteTimeDomainData(samples);
      let peak = 0;
      for (const sample of samples) peak = Math.max(peak, Math.abs(sample - 128));
      this.renderRoot?.querySelector<HTMLElement>('.level')?.style.setProperty('--level', String(Math.min(1, peak / 64)));
      frame = requestAnimationFrame(draw);
    };
    draw();
    this._stopMeter = () => {
      cancelAnimationFrame(frame);
      tap.close();
      this._tap = null;
      this._stopMeter = () => {};
    };
  }

  private async _switchDevice(which: 'camera' | 'microphone', id: string): Promise<void> {
    const before = [this._cameraId, this._microphoneId];
    if (which === 'camera') this._cameraId = id;
    else this._microphoneId = id;
    this._stopStream(); // some devices cannot be opened twice
    try {
      this._useStream(await openMedia(this.kind, this._cameraId, this._microphoneId));
      this._error = '';
    } catch {
      [this._cameraId, this._microphoneId] = before;
      this._error = this._l.t('deviceFailed');
      this._useStream(await openMedia(this.kind, this._cameraId, this._microphoneId).catch(() => new MediaStream()));
    }
  }

  private async _unavailable(error: unknown): Promise<void> {
    this._teardown();
    const { message, kinds } = await unavailableMessage(this.kind, error, this._l.t);
    this._state = 'unavailable';
    this._error = message;
    this._emit('reelback-recorder-unavailable', { kind: this.kind, message, kinds });
  }

  private _startCountdown(): void {
    if (!this._stream) return;
    this._tap?.wake();
    const tick = () => {
      if (this._count <= 0) return this._record();
      this._countdown = setTimeout(() => {
        this._count--;
        tick();
      }, 1000);
    };
    this._state = 'countdown';
    this._count = Math.max(0, Math.floor(this.countdownSeconds));
    this._error = '';
    if (this._count) {
      this._said = this._l.t('startsIn', { n: this._count });
      void this._focus('skip-button');
    }
    tick();
  }

  private _skipCountdown(): void {
    clearTimeout(this._countdown);
    this._record();
  }

  private _record(): void {
    const stream = this._stream;
    if (!stream || this._state !== 'countdown') return;
    const { kind, stepId, sessionId } = this;
    const endpoint = normalizeEndpoint(this.endpoint ?? '');
    const chosen = pickMimeType(kind);
    // MP4 recorders run on past the Stop press (see _stop), so they record the tap, which can be silenced then.
    const recorded = (/mp4/i.test(chosen) && this._tap?.recordable()) || stream;
    let recorder: MediaRecorder;
    try {
      recorder = new MediaRecorder(recorded, recorderOptions(kind, chosen));
    } catch (error) {
      void this._unavailable(error);
      return;
    }
    const mimeType = chosen || recorder.mimeType || `${kind}/webm`;
    const ask = this.requestTicket ?? ((request: UploadTicketRequest) => requestUploadTicket(endpoint, sessionId, request));
    this._ticket = null;
    const clip = uploads.record({
      endpoint,
      sessionId,
      stepId,
      kind,
      mimeType,
      requestTicket: async () => (this._ticket = await ask({ stepId, kind, mimeType })),
    });
    clip.onchange = (status) => {
      this._upload = status;
      // The server refused the upload (too large, ticket gone): recording on would be for nothing.
      if (status.state === 'failed') this._stop();
    };
    recorder.ondataavailable = (event) => {
      if (!event.data.size) return;
      this._chunks.push(event.data);
      void clip.append(event.data);
      // Stop before the server's byte limit (the last chunk still has to fit).
      if (this._ticket && clip.bytes > this._ticket.maxBytes * 0.9) this._stop(true);
    };
    recorder.onstop = () => this._stopped(recorder, clip);
    recorder.onerror = () => this._stop();
    this._clip = clip;
    this._recorder = recorder;
    this._recorded = recorded;
    this._chunks = [];
    this._mimeType = mimeType;
    this._upload = null;
    this._stopping = this._autoStopped = this._warned = false;
    recorder.start(TIMESLICE_MS);
    this._startedAt = performance.now();
    this._elapsed = 0;
    this._state = 'recording';
    this._said = this._l.t('recordingNow');
    this._timer = setInterval(() => this._tick(), 200);
    void this._focus('stop-button');
  }

  private _tick(): void {
    this._elapsed = (performance.now() - this._startedAt) / 1000;
    const left = this._limit - this._elapsed;
    if (left <= 0) return this._stop(true);
    if (left <= 10 && this._limit >= 30 && !this._warned) {
      this._warned = true;
      this._said = this._l.t('secondsLeft', { n: 10 });
    }
  }

  private _stop(auto = false): void {
    if (this._state !== 'recording' || this._stopping) return;
    this._stopping = true;
    this._autoStopped = auto;
    clearInterval(this._timer);
    const elapsed = (performance.now() - this._startedAt) / 1000;
    this._duration = Math.round(Math.min(elapsed, this._limit) * 10) / 10;
    this._elapsed = this._duration;
    const recorder = this._recorder;
    if (!recorder) return;
    if (recorder.state !== 'recording') return recorder.stop();
    if (!/mp4/i.test(this._mimeType)) {
      // WebM recorders (Chromium, Firefox) hand out everything on stop.
      recorder.requestData();
      return recorder.stop();
    }
    // MP4 recorders write whole fragments (WebKit: one a timeslice, handed out about 0.3 s after its end), and
    // WebKit's stop() hands out the partial last one only now and then: up to a second of the end was lost, measured.
    // So the take runs on, silent and black from the press (nothing after it is recorded), until the fragment
    // holding the press is written; then what is buffered is asked for, and the recorder stops once it is in.
    // The silence comes from the tap's gain: a disabled audio track would fill WebKitGTK's take with minutes of
    // silence in that wait (microphone-tap.ts). Without a running tap the sound stays on for the wait instead.
    if (this._recorded !== this._stream) this._tap?.hush();
    this._recorded?.getVideoTracks().forEach((track) => (track.enabled = false));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = () => {
      clearTimeout(timer);
      recorder.removeEventListener('dataavailable', arrived);
      if (recorder.state !== 'inactive') recorder.stop();
    };
    const arrived = (event: BlobEvent) => void (event.data.size && stop());
    timer = setTimeout(() => {
      if (recorder.state === 'inactive') return;
      recorder.addEventListener('dataavailable', arrived);
      recorder.requestData();
      // At most ~1.8 s of silence after the press: within the server's 2 s of slack over a step's limit.
      timer = setTimeout(stop, 500);
    }, TIMESLICE_MS + 300);
  }

  /** After the recorder's last chunk: the clip is complete; play it back. */
  private _stopped(recorder: MediaRecorder, clip: ClipUpload): void {
    if (recorder !== this._recorder) return;
    this._recorder = null;
    const bytes = this._chunks.reduce((sum, chunk) => sum + chunk.size, 0);
    if (bytes < MIN_RECORDING_BYTES) {
      // Never send an empty take as an answer. Stopped at once: too short, record again. Longer: this engine
      // records nothing of this kind here (WebKitGTK's video MediaRecorder with some GStreamer builds).
      if (this._duration < SHORTEST_TAKE_SECONDS) return this._tooShort();
      void this._empty();
      return;
    }
    void clip.finish(this._duration);
    this._stopStream();
    this._reviewUrl = URL.createObjectURL(new Blob(this._chunks, { type: this._mimeType }));
    this._state = 'review';
    this._said = this._l.t(this._autoStopped ? 'timeUp' : 'stopped');
    void this._focus(clip.state === 'failed' ? 'rerecord-button' : 'submit-button');
  }

  /** Stopped before anything was recorded: back to the start, camera and microphone still open. */
  private _tooShort(): void {
    this._discard();
    // The MP4 stop path turned the tracks off.
    this._stream?.getTracks().forEach((track) => (track.enabled = true));
    this._state = 'ready';
    this._error = this._said = this._l.t('tooShort');
    void this._focus('record-button');
  }

  /** The take came out empty (or next to it): say so, and let the flow offer the other ways to answer. */
  private async _empty(): Promise<void> {
    this._teardown();
    const { message, kinds } = emptyRecordingMessage(this.kind, this._l.t);
    this._state = 'unavailable';
    this._error = message;
    this._emit('reelback-recorder-unavailable', { kind: this.kind, message, kinds });
  }

  private _rerecord(): void {
    this._discard();
    void this._open();
  }

  private async _submit(): Promise<void> {
    const clip = this._clip;
    if (!clip || this._state !== 'review') return;
    this._state = 'submitting';
    this._error = '';
    try {
      const clipId = await clip.submit();
      this._clip = null; // it belongs to the upload manager now
      this._state = 'submitted';
      this._said = this._l.t('sent');
      this._emit('reelback-recorder-submit', { clipId, kind: this.kind, durationSeconds: this._duration });
    } catch (error) {
      this._state = 'review';
      // Our own errors are plain words; a browser's (a failed fetch or import: TypeError) are not for viewers.
      const ours = error instanceof Error && error.name === 'Error' && error.message;
      this._error = ours || this._l.t('sendFailed');
    }
  }

  private _cancel(): void {
    this._teardown();
    this._emit('reelback-recorder-cancel', null);
  }

  /** Forgets the current recording (locally; its server upload is abandoned). */
  private _discard(): void {
    if (this._clip && !this._clip.submitted) void this._clip.discard();
    if (this._clip) this._clip.onchange = null;
    this._clip = null;
    this._chunks = [];
    this._upload = null;
    if (this._reviewUrl) URL.revokeObjectURL(this._reviewUrl);
    this._reviewUrl = '';
  }

  /** Stops everything (camera, microphone, recorder, timers) and forgets an unsent recording. */
  private _teardown(): void {
    this._generation++;
    clearInterval(this._timer);
    clearTimeout(this._countdown);
    if (this._recorder) {
      this._recorder.onstop = this._recorder.ondataavailable = null;
      if (this._recorder.state !== 'inactive') this._recorder.stop();
      this._recorder = null;
    }
    this._stopStream();
    this._discard();
  }

  private _uploadLine(): TemplateResult | typeof nothing {
    const upload = this._upload;
    // While recording, only what needs the viewer (no network, a refusal); progress shows in review.
    if (!upload || (this._state === 'recording' && upload.state !== 'paused' && upload.state !== 'failed')) return nothing;
    const { t } = this._l;
    if (upload.state === 'failed') return html`<p class="message" part="message" role="alert">${uploadText(upload, t)}</p>`;
    const percent = upload.bytesTotal ? Math.floor((upload.bytesSent / upload.bytesTotal) * 100) : null;
    const text = uploadText(upload, t, percent === null ? t('sending') : t('sendingPercent', { n: percent }));
    return html`<p class="status" part="status">${text}</p>`;
  }

  private _button(part: string, label: string, onClick: () => void, disabled = false): TemplateResult {
    return html`<button type="button" part="button ${part}" ?disabled=${disabled} @click=${onClick}>${label}</button>`;
  }

  protected override render(): TemplateResult {
    const state = this._state;
    const { t } = this._l;
    const video = this.kind !== 'audio';
    const live = state === 'ready' || state === 'countdown' || state === 'recording';
    const reviewing = state === 'review' || state === 'submitting' || state === 'submitted';
    const error = this._error ? html`<p class="message" part="message" role="alert">${this._error}</p>` : nothing;
    const said = html`<p class="visually-hidden" aria-live="polite">${this._said}</p>`;

    if (state === 'unavailable') {
      return html`<div class="recorder" part="recorder">
        ${error}
        <div class="actions" part="actions">
          ${this._button('primary retry-button', t('retry'), () => void this._open())} ${this._button('cancel-button', t('back'), this._cancel)}
        </div>
      </div>`;
    }

    const devices = (label: string, which: 'camera' | 'microphone', list: Device[], current: string | undefined) =>
      list.length > 1
        ? html`<label
            >${label}
            <select part="device-select" ?disabled=${state !== 'ready'} @change=${(e: Event) => void this._switchDevice(which, (e.target as HTMLSelectElement).value)}>
              ${list.map((d) => html`<option value=${d.id} ?selected=${d.id === current}>${d.label}</option>`)}
            </select></label
          >`
        : nothing;

    let stage: TemplateResult;
    if (reviewing) {
      stage = video
        ? html`<video part="playback" class="playback" src=${this._reviewUrl} controls playsinline aria-label=${t('yourRecording')}></video>`
        : html`<audio part="playback" class="playback" src=${this._reviewUrl} controls aria-label=${t('yourRecording')}></audio>`;
    } else if (video) {
      stage = html`<video part="preview" class="preview" aria-label=${t('cameraPreview')} .srcObject=${this._stream} .muted=${true} autoplay playsinline></video>`;
    } else {
      stage = html`<p class="microphone" part="microphone">${live ? t('micOn') : ''}</p>`;
    }

    let actions: TemplateResult;
    switch (state) {
      case 'starting':
        actions = html`<p class="hint">${t(video ? 'allowCamera' : 'allowMic')}</p>
          ${this._button('cancel-button', t('back'), this._cancel)}`;
        break;
      case 'ready':
        actions = html`${this._button('primary record-button', t('startRecording'), this._startCountdown, !this._stream)}
        ${this._button('cancel-button', t('back'), this._cancel)}`;
        break;
      case 'countdown':
        actions = html`${this._button('primary skip-button', t('startNow'), this._skipCountdown)} ${this._button('cancel-button', t('back'), this._cancel)}`;
        break;
      case 'recording':
        actions = this._button('primary stop-button', t('stopRecording'), () => this._stop(), this._stopping);
        break;
      case 'submitted':
        actions = html`<p class="hint">${t('thanks')}</p>`;
        break;
      default:
        actions = html`${this._button('primary submit-button', t('send'), this._submit, state !== 'review' || this._upload?.state === 'failed')}
        ${this._button('rerecord-button', t('recordAgain'), this._rerecord, state !== 'review')} ${this._button('cancel-button', t('back'), this._cancel, state !== 'review')}`;
    }

    return html`<div class="recorder" part="recorder">
      <div class="stage ${video ? 'video' : 'audio'}" part="stage">
        ${stage}
        ${state === 'countdown' && this._count ? html`<div class="countdown" part="countdown" aria-hidden="true">${this._count}</div>` : nothing}
        ${state === 'recording' ? html`<div class="badge" part="recording-badge">${t('badge')}</div>` : nothing}
        ${live && this._stream ? html`<div class="level" part="level" aria-hidden="true"><div></div></div>` : nothing}
      </div>
      ${state === 'recording' || reviewing
        ? html`<p class="timer" part="timer" role="timer">
            <span>${clock(this._elapsed)}</span>${state === 'recording' ? html` <span>${t('timeLeft', { time: clock(this._limit - this._elapsed) })}</span>` : nothing}
          </p>`
        : nothing}
      ${state === 'ready' && (this._cameras.length > 1 || this._microphones.length > 1)
        ? html`<div class="devices" part="devices">
            ${devices(t('camera'), 'camera', this._cameras, this._cameraId)} ${devices(t('microphone'), 'microphone', this._microphones, this._microphoneId)}
          </div>`
        : nothing}
      <div class="actions" part="actions">${actions}</div>
      ${error} ${this._uploadLine()} ${said}
    </div>`;
  }
}

/** The events `<reelback-recorder>` dispatches (typed in `GlobalEventHandlersEventMap`). */
export interface RecorderEventMap {
  'reelback-recorder-submit': CustomEvent<{ clipId: string; kind: ClipKind; durationSeconds: number }>;
  /** `kinds`: every recorded kind that cannot work here (no microphone: video and audio both). */
  'reelback-recorder-unavailable': CustomEvent<{ kind: ClipKind; message: string; kinds?: ClipKind[] }>;
  'reelback-recorder-cancel': CustomEvent<null>;
}

/** Registers `<reelback-recorder>` unless this page already has one (a second copy of the bundle is harmless). */
export function defineReelbackRecorder(tagName = 'reelback-recorder'): void {
  if (!customElements.get(tagName)) customElements.define(tagName, ReelbackRecorder);
}

// Importing the module defines the element (the flow loads it with `import()` when a viewer chooses to record).
defineReelbackRecorder();

declare global {
  interface HTMLElementTagNameMap {
    'reelback-recorder': ReelbackRecorder;
  }
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface GlobalEventHandlersEventMap extends RecorderEventMap {}
}
