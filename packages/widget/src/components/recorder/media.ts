// Camera, microphone and MediaRecorder facts for <reelback-recorder>, and for the studio's prompt recorder
// (packages/dashboard/src/studio/media-recorder/, through the package export `@reelback/widget/recorder-media`):
// pure helpers only; `unavailableMessage`'s words come from the viewer's catalogue (`t`).
import type { ClipKind } from '@reelback/shared';
import type { Translate } from '../../util/i18n/catalogue.js';

/**
 * Container types in order of preference. MP4 with H.264/AAC first (what Safari records; the server's target
 * too), then WebM (Chromium, Firefox), and MP4 of any codecs last. Chromium also says yes to a bare
 * `video/mp4` (VP9/Opus in fragmented MP4), but WebM is its proven path, hence `video/mp4` after WebM.
 */
export const MIME_PREFERENCES: Record<ClipKind, string[]> = {
  video: ['video/mp4;codecs=avc1,mp4a.40.2', 'video/webm;codecs=vp9,opus', 'video/webm;codecs=vp8,opus', 'video/webm', 'video/mp4'],
  audio: ['audio/mp4', 'audio/webm;codecs=opus', 'audio/webm'],
};

/** The first type this browser can record, or '' (then MediaRecorder picks). */
export function pickMimeType(kind: ClipKind): string {
  return MIME_PREFERENCES[kind].find((type) => MediaRecorder.isTypeSupported(type)) ?? '';
}

/**
 * MediaRecorder's options for a kind: a key frame each second, because MP4 recorders (Safari; Chromium's) only
 * hand out data at key frames, so a timesliced recording would otherwise come in one lump at the end.
 */
export function recorderOptions(kind: ClipKind, mimeType: string, videoBitsPerSecond = 2_000_000): MediaRecorderOptions {
  return {
    ...(mimeType && { mimeType }),
    audioBitsPerSecond: 96_000,
    ...(kind === 'video' && { videoBitsPerSecond, videoKeyFrameIntervalDuration: 1000 }),
  } as MediaRecorderOptions;
}

export const stopTracks = (stream: MediaStream | null | undefined): void => stream?.getTracks().forEach((track) => track.stop());

export interface DeviceChoice {
  id: string;
  label: string;
}

/** The devices of one kind to offer in a picker; unnamed ones (labels come only once allowed) as `Camera 1`… */
export function deviceChoices(devices: MediaDeviceInfo[], kind: MediaDeviceKind, name: string): DeviceChoice[] {
  return devices.filter((d) => d.kind === kind && d.deviceId).map((d, i) => ({ id: d.deviceId, label: d.label || `${name} ${i + 1}` }));
}

/**
 * What went wrong when asking for a camera, microphone or screen, from the DOMException's name (browsers differ in
 * wording, not in names): `denied` (the person or a policy said no; also a cancelled screen picker), `missing` (no
 * such device, or none matching), `busy` (another app holds it, or the OS refused), `unsupported` (no API here).
 */
export type MediaProblem = 'unsupported' | 'denied' | 'missing' | 'busy' | 'other';

export function mediaProblem(error: unknown): MediaProblem {
  const name = (error as { name?: string } | null)?.name ?? '';
  if (!canRecord() || name === 'NotSupportedError') return 'unsupported';
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError') return 'missing';
  if (name === 'NotReadableError' || name === 'AbortError' || name === 'TrackStartError') return 'busy';
  return 'other';
}

export function canRecord(): boolean {
  return !!globalThis.navigator?.mediaDevices?.getUserMedia && typeof MediaRecorder === 'function';
}

/** Asks for the camera (video) and the microphone, on the given devices when known. */
export function openMedia(kind: ClipKind, cameraId?: string, microphoneId?: string): Promise<MediaStream> {
  const device = (id?: string) => (id ? { deviceId: { exact: id } } : {});
  return navigator.mediaDevices.getUserMedia({
    audio: { echoCancellation: true, noiseSuppression: true, ...device(microphoneId) },
    video: kind === 'video' && { width: { ideal: 1280 }, height: { ideal: 720 }, facingMode: 'user', ...device(cameraId) },
  });
}

/** Why recording cannot happen, and which kinds of recorded answer cannot happen here because of it. */
export interface Unavailable {
  /** Short plain words; they offer only the ways of answering that remain. */
  message: string;
  /** The recorded kinds that cannot work here (always the one asked for; both when the microphone is missing). */
  kinds: ClipKind[];
}

/** Why recording cannot happen, in short plain words (the flow then offers the other kinds of answer). */
export async function unavailableMessage(kind: ClipKind, error: unknown, t: Translate): Promise<Unavailable> {
  const problem = mediaProblem(error);
  const both: ClipKind[] = ['video', 'audio'];
  if (problem === 'unsupported') return { message: t('cannotRecord'), kinds: both };
  if (problem === 'missing') {
    const kinds = new Set((await navigator.mediaDevices.enumerateDevices().catch(() => [])).map((d) => d.kind));
    const mic = kinds.has('audioinput');
    const camera = kinds.has('videoinput');
    if (kind === 'video' && !camera && mic) {
      return { message: t('noCamera'), kinds: ['video'] };
    }
    // Without a microphone neither a video nor an audio answer can be recorded.
    if (kind === 'video' && !camera) return { message: t('noDevices'), kinds: both };
    return { message: t('noMic'), kinds: both };
  }
  const video = kind === 'video';
  if (problem === 'busy') return { message: t(video ? 'cameraBusy' : 'micBusy'), kinds: [kind] };
  return { message: t(video ? 'cameraFailed' : 'micFailed'), kinds: [kind] };
}

/**
 * Fewer bytes than this is no recording (a container header at most): a second of the lowest-rate audio is more.
 * WebKitGTK's video MediaRecorder gives 0 bytes when GStreamer lacks its fragmented-MP4 muxer.
 */
export const MIN_RECORDING_BYTES = 1024;

/** What to say when a take came out empty: this browser records nothing of that kind here; offer the others. */
export function emptyRecordingMessage(kind: ClipKind, t: Translate): Unavailable {
  return { message: t(kind === 'video' ? 'emptyVideo' : 'emptyAudio'), kinds: [kind] };
}

/**
 * A take stopped sooner than this after it started may hold no data yet in any engine (the first chunk comes
 * after a second): it is too short, not a sign that this browser cannot record.
 */
export const SHORTEST_TAKE_SECONDS = 1.5;

/** `m:ss` */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
