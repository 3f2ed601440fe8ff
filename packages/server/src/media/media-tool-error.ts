/**
 * Why running ffmpeg/ffprobe went wrong, as opposed to what a file holds: an `InspectVerdict` speaks about
 * the recording, this speaks about the machine (a missing binary, a timeout, an abort), so a job queue can
 * retry these and must not retry a rejected recording.
 */
export type MediaToolFailure = 'aborted' | 'timed-out' | 'not-installed' | 'failed';

export class MediaToolError extends Error {
  constructor(
    readonly failure: MediaToolFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = failure === 'aborted' ? 'AbortError' : 'MediaToolError';
  }
}
