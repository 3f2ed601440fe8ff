// Camera, microphone and MediaRecorder facts for <reelback-recorder>.
import type { ClipKind } from '@reelback/shared';

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

/** Why recording cannot happen, in short plain words (the flow then offers the other kinds of answer). */
export async function unavailableMessage(kind: ClipKind, error: unknown): Promise<string> {
  const name = (error as { name?: string } | null)?.name ?? '';
  const other = kind === 'video' ? 'You can answer with audio or text instead.' : 'You can answer with text instead.';
  if (!canRecord() || name === 'NotSupportedError') return 'This browser cannot record here. You can answer with text instead.';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') {
    const kinds = new Set((await navigator.mediaDevices.enumerateDevices().catch(() => [])).map((d) => d.kind));
    const mic = kinds.has('audioinput');
    const camera = kinds.has('videoinput');
    if (kind === 'video' && !camera) {
      return mic
        ? 'We could not find a camera, but your microphone is there. You can answer with audio or text instead.'
        : 'We could not find a camera or a microphone. You can answer with text instead.';
    }
    return 'We could not find a microphone. You can answer with text instead.';
  }
  const device = kind === 'video' ? 'camera' : 'microphone';
  if (name === 'NotReadableError' || name === 'AbortError') return `We could not start your ${device}. Another app may be using it. ${other}`;
  return `We could not use your ${device}. ${other}`;
}

/** `m:ss` */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
