// One take of <rb-prompt-recorder>: MediaRecorder on a stream, the container chosen as the widget's recorder
// chooses it (`pickMimeType`, `recorderOptions` of `@reelback/widget/recorder-media`), the chunks kept in memory,
// and the finished take as one Blob with its duration — and whether it is worth uploading.
import type { ClipKind } from '@reelback/shared';
import { pickMimeType, recorderOptions } from '@reelback/widget/recorder-media';

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

export class TakeRecorder {
  /** Called when the recorder fails while recording (a device unplugged, an encoder error); the take so far stays. */
  onerror: ((error: unknown) => void) | null = null;

  private readonly recorder: MediaRecorder;
  private readonly chunks: Blob[] = [];
  private readonly mimeType: string;
  private startedAt = 0;
  private stopping: Promise<Take> | null = null;

  /** Throws (NotSupportedError…) when this browser cannot record the stream. */
  constructor(stream: MediaStream, kind: ClipKind) {
    const chosen = pickMimeType(kind);
    // A smaller picture (the camera alone) needs fewer bits than a screen, whose text must stay sharp.
    const pixels = stream.getVideoTracks()[0]?.getSettings();
    const bits = pixels && (pixels.width ?? 0) * (pixels.height ?? 0) > 1280 * 720 ? 5_000_000 : 2_500_000;
    this.recorder = new MediaRecorder(stream, recorderOptions(kind, chosen, bits));
    // Firefox empties `mimeType` once stopped: read it now.
    this.mimeType = chosen || this.recorder.mimeType || `${kind}/webm`;
    this.recorder.ondataavailable = (event) => {
      if (event.data.size) this.chunks.push(event.data);
    };
    this.recorder.onerror = (event) => this.onerror?.((event as Event & { error?: unknown }).error ?? event);
  }

  start(): void {
    // One-second slices: a failure later keeps what came before, and Safari hands out nothing without them.
    this.recorder.start(1000);
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
      // WebKit loses the last second of a take stopped without asking for it first.
      this.recorder.requestData();
      this.recorder.stop();
    });
    return this.stopping;
  }

  /** Stops without keeping anything. */
  discard(): void {
    this.recorder.ondataavailable = null;
    this.recorder.onerror = null;
    if (this.recorder.state !== 'inactive') this.recorder.stop();
    this.chunks.length = 0;
  }
}
