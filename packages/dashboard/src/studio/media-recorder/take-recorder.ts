// One take of <rb-prompt-recorder>: MediaRecorder on a stream, the container chosen as the widget's recorder
// chooses it (`pickMimeType`, `recorderOptions` of `@reelback/widget/recorder-media`), the chunks kept in memory,
// and the finished take as one Blob with its duration — and whether it is worth uploading. An MP4 take ends as the
// widget's does (recorder.component.ts `_stop`): it runs on, silent and black, until its last fragment is written.
import type { ClipKind } from '@reelback/shared';
import { pickMimeType, recorderOptions, type MicrophoneTap } from '@reelback/widget/recorder-media';

export interface Take {
  blob: Blob;
  /** The container and codecs recorded (`video/webm;codecs=vp9,opus`, `video/mp4;…`, `audio/webm;…`). */
  mimeType: string;
  durationSeconds: number;
}

/** Shorter than this is a slip of the finger, not a prompt. */
export const SHORTEST_TAKE_SECONDS = 1;

/** `short`: under a second; `empty`: the recorder handed out no bytes (a device that delivered nothing). */
export type TakeProblem = 'empty' | 'short';

/** Short first: a take stopped at once has no bytes either (the encoder had nothing to hand out yet). */
export function takeProblem(take: Pick<Take, 'blob' | 'durationSeconds'>): TakeProblem | null {
  if (take.durationSeconds < SHORTEST_TAKE_SECONDS) return 'short';
  if (take.blob.size === 0) return 'empty';
  return null;
}

/** One-second slices: a failure later keeps what came before, and Safari hands out nothing without them. */
const TIMESLICE_MS = 1000;

export class TakeRecorder {
  /** Called when the recorder fails while recording (a device unplugged, an encoder error); the take so far stays. */
  onerror: ((error: unknown) => void) | null = null;

  private readonly recorder: MediaRecorder;
  /** What the recorder records: the stream, or its video with the tap's sound (MP4). */
  private readonly recorded: MediaStream;
  /** The tap whose sound is recorded (MP4 only): hushed at the Stop press. */
  private readonly tap: MicrophoneTap | null = null;
  private readonly chunks: Blob[] = [];
  private readonly mimeType: string;
  private startedAt = 0;
  private stopping: Promise<Take> | null = null;

  /**
   * Throws (NotSupportedError…) when this browser cannot record the stream. `tap`: the microphone's tap
   * (`tapMicrophone` of the stream's microphone); an MP4 take records its sound so that the run-on after the Stop
   * press can be silenced without disabling the track (WebKitGTK fills a disabled one with minutes of silence).
   */
  constructor(stream: MediaStream, kind: ClipKind, tap: MicrophoneTap | null = null) {
    const chosen = pickMimeType(kind);
    // A smaller picture (the camera alone) needs fewer bits than a screen, whose text must stay sharp.
    const pixels = stream.getVideoTracks()[0]?.getSettings();
    const bits = pixels && (pixels.width ?? 0) * (pixels.height ?? 0) > 1280 * 720 ? 5_000_000 : 2_500_000;
    // The stream's own video (the screen composite's canvas, or the camera) with the tap's sound; null while the
    // tap's audio context does not run: then the stream itself, whose sound stays on during the run-on.
    const tapped = /mp4/i.test(chosen) && tap?.recordable();
    if (tapped) this.tap = tap;
    this.recorded = tapped ? new MediaStream([...stream.getVideoTracks(), ...tapped.getAudioTracks()]) : stream;
    this.recorder = new MediaRecorder(this.recorded, recorderOptions(kind, chosen, bits));
    // Firefox empties `mimeType` once stopped: read it now.
    this.mimeType = chosen || this.recorder.mimeType || `${kind}/webm`;
    this.recorder.ondataavailable = (event) => {
      if (event.data.size) this.chunks.push(event.data);
    };
    this.recorder.onerror = (event) => this.onerror?.((event as Event & { error?: unknown }).error ?? event);
  }

  start(): void {
    this.recorder.start(TIMESLICE_MS);
    this.startedAt = performance.now();
  }

  get elapsedSeconds(): number {
    return this.startedAt ? (performance.now() - this.startedAt) / 1000 : 0;
  }

  get recording(): boolean {
    return this.recorder.state !== 'inactive' && !this.stopping;
  }

  /** Stops and resolves with the whole take (after the recorder's last chunk). */
  stop(limitSeconds = Infinity): Promise<Take> {
    this.stopping ??= new Promise<Take>((resolve) => {
      const durationSeconds = Math.round(Math.min(this.elapsedSeconds, limitSeconds) * 10) / 10;
      const done = () => resolve({ blob: new Blob(this.chunks, { type: this.mimeType }), mimeType: this.mimeType, durationSeconds });
      if (this.recorder.state === 'inactive') return done();
      this.recorder.addEventListener('stop', done, { once: true });
      if (this.recorder.state !== 'recording' || !/mp4/i.test(this.mimeType)) {
        // WebM recorders (Chromium, Firefox) hand out everything on stop.
        this.recorder.requestData();
        return this.recorder.stop();
      }
      this.tap?.hush();
      this.recorded.getVideoTracks().forEach((track) => (track.enabled = false));
      this.stopAfterLastFragment();
    });
    return this.stopping;
  }

  /**
   * MP4 recorders write whole fragments (WebKit: one a timeslice, handed out about 0.3 s after its end), and WebKit's
   * stop() hands out the partial last one only now and then: up to a second of the end of a take was lost (#16). So
   * the take runs on, silent and black from the press, until the fragment holding the press is written; then what
   * is buffered is asked for, and the recorder stops once it is in (at most ~1.8 s after the press). The same wait
   * as the widget's `_stop`, whose inline copy stays there: a shared function would grow the widget's recorder chunk.
   */
  private stopAfterLastFragment(): void {
    const recorder = this.recorder;
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
      timer = setTimeout(stop, 500);
    }, TIMESLICE_MS + 300);
  }

  /** Stops without keeping anything. */
  discard(): void {
    this.recorder.ondataavailable = null;
    this.recorder.onerror = null;
    if (this.recorder.state !== 'inactive') this.recorder.stop();
    this.chunks.length = 0;
  }
}
