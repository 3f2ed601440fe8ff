// What <reelback-flow> uses of its neighbours, in one place: the recorder element's inputs and events
// (components/recorder/), the upload status feed (upload/upload-status.ts) and the ticket call
// (api/upload-ticket.ts). Type-only: nothing here reaches the player bundle. Test stand-ins implement these.
import type { OpenAnswerKind, UploadTicket, UploadTicketRequest } from '@reelback/shared';
import type { ReelbackRecorder } from '../recorder/recorder.component.js';
import type { UploadStatus } from '../../upload/upload-status.js';

export type RecordedKind = Exclude<OpenAnswerKind, 'text'>;

/** What the flow sets on `<reelback-recorder>`. */
export type RecorderElement = HTMLElement & Pick<ReelbackRecorder, 'kind' | 'maxDurationSeconds' | 'endpoint' | 'sessionId' | 'stepId' | 'requestTicket'>;

/** The recorder's events: submit (`{ clipId, kind, durationSeconds }`), unavailable (`{ kind, message }`), cancel. */
export type { RecorderEventMap } from '../recorder/recorder.component.js';

/** `requestUploadTicket` of `api/upload-ticket.js`: asks the server for one clip's upload ticket. */
export type RequestUploadTicket = (endpoint: string, sessionId: string, body: UploadTicketRequest) => Promise<UploadTicket>;

export type { UploadStatus };

/**
 * The part of `upload/upload-status.js` the player uses: `watchUploads` and `resumePendingUploads`; and, when given,
 * `uploadText` with `enUploads` (an upload's state in words; without them the line says nothing).
 */
export type UploadStatusModule = Pick<typeof import('../../upload/upload-status.js'), 'watchUploads' | 'resumePendingUploads'> &
  Partial<Pick<typeof import('../../upload/upload-status.js'), 'uploadText' | 'enUploads'>>;
