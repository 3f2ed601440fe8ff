// What a prompt recording is made of, per mode of <rb-prompt-recorder>: the camera and microphone (camera mode: the
// camera is required; screen mode: both are optional; audio mode: the microphone only), and the screen
// (getDisplayMedia). Problems come out as `CaptureProblem`s the element turns into words (capture-messages.ts).
import { canRecord, mediaProblem, stopTracks, type MediaProblem } from '@reelback/widget/recorder-media';

export type RecordingMode = 'camera' | 'screen' | 'audio';

export const RECORDING_MODES: readonly RecordingMode[] = ['camera', 'screen', 'audio'];

/** What is missing when a mode goes on without it (a notice, not an error). */
export type MissingDevice = 'camera' | 'microphone' | 'both';

export interface DeviceSources {
  /** The live camera/microphone stream (no tracks at all in screen mode without either). */
  stream: MediaStream;
  /** Set when the mode goes on without a device it would use: a silent take, or a screen without a face. */
  missing: MissingDevice | null;
}

/** Why capture could not start: what went wrong, and on what. */
export class CaptureProblem extends Error {
  constructor(
    readonly problem: MediaProblem | 'no-camera' | 'no-microphone',
    readonly source: 'devices' | 'screen',
    cause?: unknown,
  ) {
    super(`${source}: ${problem}`, { cause });
    this.name = 'CaptureProblem';
  }
}

export interface DeviceIds {
  cameraId?: string | undefined;
  microphoneId?: string | undefined;
}

const exact = (id?: string) => (id ? { deviceId: { exact: id } } : {});
const micConstraints = (ids: DeviceIds): MediaTrackConstraints => ({ echoCancellation: true, noiseSuppression: true, ...exact(ids.microphoneId) });
const cameraConstraints = (ids: DeviceIds): MediaTrackConstraints => ({ width: { ideal: 1280 }, height: { ideal: 720 }, ...exact(ids.cameraId) });

/**
 * Opens the camera and microphone a mode uses. When one is missing (NotFoundError), it looks at what the machine
 * has and goes on without what is optional: camera mode records a silent take without a microphone; screen mode
 * records the screen alone without a camera, without sound without a microphone. Without what is required (a
 * camera for camera mode, a microphone for audio mode) it throws a CaptureProblem, as for every other failure.
 */
export async function openDevices(mode: RecordingMode, ids: DeviceIds = {}): Promise<DeviceSources> {
  if (!canRecord()) throw new CaptureProblem('unsupported', 'devices');
  const ask = (audio: boolean, video: boolean) =>
    navigator.mediaDevices.getUserMedia({ audio: audio && micConstraints(ids), video: video && cameraConstraints(ids) });
  try {
    return { stream: await ask(true, mode !== 'audio'), missing: null };
  } catch (error) {
    if (mediaProblem(error) !== 'missing') throw new CaptureProblem(mediaProblem(error), 'devices', error);
    // A device picked earlier may be gone: its id no longer matches anything. Ask again for any.
    if (ids.cameraId || ids.microphoneId) return openDevices(mode, {});
    const kinds = new Set((await navigator.mediaDevices.enumerateDevices().catch(() => [])).map((d) => d.kind));
    const wantCamera = mode !== 'audio';
    const useCamera = wantCamera && kinds.has('videoinput');
    const useMicrophone = kinds.has('audioinput');
    if (mode === 'camera' && !useCamera) throw new CaptureProblem('no-camera', 'devices', error);
    if (mode === 'audio' && !useMicrophone) throw new CaptureProblem('no-microphone', 'devices', error);
    // Everything is there, yet nothing matched: not a device to go on without.
    if (useCamera === wantCamera && useMicrophone) throw new CaptureProblem('missing', 'devices', error);
    const missing: MissingDevice = !useMicrophone && wantCamera && !useCamera ? 'both' : useMicrophone ? 'camera' : 'microphone';
    if (missing === 'both') return { stream: new MediaStream(), missing };
    try {
      return { stream: await ask(useMicrophone, useCamera), missing };
    } catch (again) {
      throw new CaptureProblem(mediaProblem(again), 'devices', again);
    }
  }
}

export const canShareScreen = (): boolean => typeof navigator.mediaDevices?.getDisplayMedia === 'function';

/**
 * Asks for a screen, window or tab. Call it straight from the click (before any `await`): browsers only show the
 * picker during the click's user activation. The studio's own tab is left out of the choices (recording the
 * recorder shows a hall of mirrors); the screen's sound is not asked for (the microphone is the take's sound).
 */
export async function openScreen(): Promise<MediaStreamTrack> {
  if (!canShareScreen()) throw new CaptureProblem('unsupported', 'screen');
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getDisplayMedia({
      video: { frameRate: { ideal: 30 }, width: { max: 1920 }, height: { max: 1080 } },
      audio: false,
      selfBrowserSurface: 'exclude',
      surfaceSwitching: 'include',
    } as DisplayMediaStreamOptions);
  } catch (error) {
    throw new CaptureProblem(mediaProblem(error), 'screen', error);
  }
  const [track] = stream.getVideoTracks();
  if (!track) {
    stopTracks(stream);
    throw new CaptureProblem('other', 'screen');
  }
  return track;
}
