// What <rb-prompt-recorder> tells an owner when capture fails or goes on without a device: what happened, and
// what to do about it (the owner's words; the widget's recorder has its own, for viewers).
import type { CaptureProblem, MissingDevice, RecordingMode } from './capture.js';

export interface CaptureMessage {
  /** What happened. */
  message: string;
  /** What to do about it. */
  advice: string;
}

const devicesOf = (mode: RecordingMode) => (mode === 'audio' ? 'microphone' : 'camera and microphone');

export function captureMessage(mode: RecordingMode, problem: CaptureProblem): CaptureMessage {
  const devices = devicesOf(mode);
  if (problem.source === 'screen') {
    switch (problem.problem) {
      case 'unsupported':
        return {
          message: 'This browser cannot share a screen.',
          advice: 'Use a desktop browser (Chrome, Edge, Firefox or Safari), or record with the camera only.',
        };
      case 'denied':
        return {
          message: 'Screen sharing was cancelled or is not allowed.',
          advice:
            'Choose “Share screen” again and pick a screen, window or tab. If no picker appears, allow screen sharing for this browser ' +
            '(on macOS: System Settings → Privacy & Security → Screen Recording).',
        };
      default:
        return { message: 'The screen could not be shared.', advice: 'Choose “Share screen” again, or pick another window or tab.' };
    }
  }
  switch (problem.problem) {
    case 'unsupported':
      return {
        message: 'This browser cannot record here.',
        advice: 'Use a recent Chrome, Edge, Firefox or Safari on a page served over HTTPS, or upload a video file instead.',
      };
    case 'denied':
      return {
        message: `The browser is not allowed to use your ${devices}.`,
        advice: `Allow the ${devices} for this site (the camera icon in the address bar, or the site's settings), then choose “Try again”.`,
      };
    case 'no-camera':
      return {
        message: 'No camera was found.',
        advice: 'Connect a camera and choose “Try again”, or choose “Audio only”, or upload a video file instead.',
      };
    case 'no-microphone':
      return { message: 'No microphone was found.', advice: 'Connect a microphone (or a headset) and choose “Try again”.' };
    case 'missing':
      return { message: `The chosen ${devices} could not be found.`, advice: 'Check that it is connected, then choose “Try again”.' };
    case 'busy':
      return {
        message: `Your ${devices} could not be started. Another app may be using it.`,
        advice: 'Close the other app (a video call, for instance), then choose “Try again”.',
      };
    default:
      return { message: `Your ${devices} could not be used.`, advice: 'Choose “Try again”; if it fails again, reload the page.' };
  }
}

/** A mode going on without a device: said once the preview is live. */
export function missingNotice(mode: RecordingMode, missing: MissingDevice): string {
  if (missing === 'both') return 'No camera or microphone was found: the screen is recorded alone, without sound.';
  if (missing === 'camera') return 'No camera was found: the screen is recorded without you in the corner.';
  return mode === 'screen'
    ? 'No microphone was found: the screen is recorded without sound.'
    : 'No microphone was found: this take will have no sound.';
}
