// Screen and camera as one recordable video: the screen fills a canvas, the camera sits in its bottom-right
// corner, and the canvas's captured stream plus the microphone's track is what MediaRecorder records.
//
// Why a canvas: MediaRecorder records one video track per stream (a second one is ignored or stops the recorder),
// so two live videos must become one before recording. A canvas does that in every browser; the alternatives are
// Chromium-only (MediaStreamTrackProcessor/VideoTrackGenerator) or record two files to be joined on the server.

/** How a composite is drawn. */
export interface CompositeOptions {
  /** Frames per second drawn and captured (default 30). */
  frameRate?: number;
  /** The camera's width as a share of the screen's (default 0.22). */
  cameraShare?: number;
}

/** A `<video>` playing a track (not in the page: a canvas draws from it). */
async function playing(track: MediaStreamTrack): Promise<HTMLVideoElement> {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = new MediaStream([track]);
  await video.play();
  if (!video.videoWidth) await new Promise((resolve) => video.addEventListener('resize', resolve, { once: true }));
  return video;
}

/** Where the camera goes: the bottom-right corner, a margin in from the edges, its own shape kept. */
export function cameraBox(canvas: { width: number; height: number }, camera: { width: number; height: number }, share = 0.22) {
  const margin = Math.round(canvas.width * 0.02);
  const width = Math.round(canvas.width * share);
  const height = Math.round(width * (camera.height / camera.width || 0.75));
  return { x: canvas.width - width - margin, y: canvas.height - height - margin, width, height };
}

/** Where the screen goes: as large as fits, centred (a window shared later may change shape). */
export function screenBox(canvas: { width: number; height: number }, screen: { width: number; height: number }) {
  const scale = Math.min(canvas.width / (screen.width || canvas.width), canvas.height / (screen.height || canvas.height));
  const width = Math.round((screen.width || canvas.width) * scale);
  const height = Math.round((screen.height || canvas.height) * scale);
  return { x: Math.round((canvas.width - width) / 2), y: Math.round((canvas.height - height) / 2), width, height };
}

export class ScreenComposite {
  /** The canvas's video and the microphone: what the recorder records and the preview shows. */
  readonly stream: MediaStream;
  /** Called once when the person stops sharing (the browser's own "Stop sharing" button). */
  onscreenended: (() => void) | null = null;

  private frame = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastDrawn = 0;
  private stopped = false;

  private constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly screen: HTMLVideoElement,
    private camera: HTMLVideoElement | null,
    microphone: MediaStreamTrack | null,
    private readonly options: Required<CompositeOptions>,
  ) {
    const captured = canvas.captureStream(options.frameRate);
    this.stream = new MediaStream([...captured.getVideoTracks(), ...(microphone ? [microphone] : [])]);
    const screenTrack = (screen.srcObject as MediaStream).getVideoTracks()[0];
    screenTrack?.addEventListener('ended', () => this.onscreenended?.(), { once: true });
    this.draw();
    this.schedule();
  }

  /**
   * Starts drawing `screen` with `camera` in its corner. The canvas keeps the screen's size at the start (the
   * recording's dimensions are the screen's); a window that changes shape later is fitted inside it.
   */
  static async start(
    screen: MediaStreamTrack,
    camera: MediaStreamTrack | null,
    microphone: MediaStreamTrack | null,
    options: CompositeOptions = {},
  ): Promise<ScreenComposite> {
    const [screenVideo, cameraVideo] = await Promise.all([playing(screen), camera ? playing(camera) : null]);
    const canvas = document.createElement('canvas');
    // Even sizes: H.264 encoders refuse odd ones.
    const settings = screen.getSettings();
    canvas.width = (screenVideo.videoWidth || settings.width || 1280) & ~1;
    canvas.height = (screenVideo.videoHeight || settings.height || 720) & ~1;
    return new ScreenComposite(canvas, screenVideo, cameraVideo, microphone, { frameRate: 30, cameraShare: 0.22, ...options });
  }

  get width(): number {
    return this.canvas.width;
  }

  get height(): number {
    return this.canvas.height;
  }

  /**
   * The next frame: on the display's frame clock while the page shows; on a timer while it is hidden (an owner
   * recording another tab or window), where animation frames stop. Browsers slow hidden pages' timers (Chromium:
   * about once a second), so a take of another tab of this browser can stutter; recording a whole screen or another
   * app's window while the studio stays visible does not.
   */
  private schedule(): void {
    if (this.stopped) return;
    if (document.hidden) {
      this.timer = setTimeout(() => this.tick(), 1000 / this.options.frameRate);
    } else {
      this.frame = requestAnimationFrame(() => this.tick());
    }
  }

  private tick(): void {
    const now = performance.now();
    // Displays run at 60 Hz or more: draw no more often than the frame rate asked for.
    if (now - this.lastDrawn >= 1000 / this.options.frameRate - 4) {
      this.lastDrawn = now;
      this.draw();
    }
    this.schedule();
  }

  private draw(): void {
    const context = this.canvas.getContext('2d');
    if (!context) return;
    const { width, height } = this.canvas;
    context.fillStyle = '#000';
    context.fillRect(0, 0, width, height);
    const screen = screenBox(this.canvas, { width: this.screen.videoWidth, height: this.screen.videoHeight });
    context.drawImage(this.screen, screen.x, screen.y, screen.width, screen.height);
    const camera = this.camera;
    if (!camera || !camera.videoWidth) return;
    const box = cameraBox(this.canvas, { width: camera.videoWidth, height: camera.videoHeight }, this.options.cameraShare);
    const radius = Math.round(box.width * 0.06);
    context.save();
    context.beginPath();
    context.roundRect(box.x, box.y, box.width, box.height, radius);
    context.clip();
    context.drawImage(camera, box.x, box.y, box.width, box.height);
    context.restore();
    context.lineWidth = Math.max(2, Math.round(width / 640));
    context.strokeStyle = 'rgba(255, 255, 255, 0.85)';
    context.beginPath();
    context.roundRect(box.x, box.y, box.width, box.height, radius);
    context.stroke();
  }

  /** Puts another camera in the corner and another microphone in the stream (a device picked before recording). */
  async useDevices(camera: MediaStreamTrack | null, microphone: MediaStreamTrack | null): Promise<void> {
    if (this.camera) this.camera.srcObject = null;
    this.camera = camera ? await playing(camera) : null;
    for (const track of this.stream.getAudioTracks()) this.stream.removeTrack(track);
    if (microphone) this.stream.addTrack(microphone);
  }

  /** Stops drawing and ends the canvas's track and the screen (the camera and microphone belong to the caller). */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    cancelAnimationFrame(this.frame);
    clearTimeout(this.timer);
    for (const track of this.stream.getVideoTracks()) track.stop();
    for (const track of (this.screen.srcObject as MediaStream).getTracks()) track.stop();
    this.screen.srcObject = null;
    if (this.camera) this.camera.srcObject = null;
  }
}
