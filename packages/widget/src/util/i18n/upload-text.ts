import type { UploadStatus } from '../../upload/upload-status.js';
import type { Translate } from './catalogue.js';

/**
 * An upload's state in the viewer's language. A refusal keeps the server's own words (they name what was wrong:
 * too large, too long…); the rest is said from the catalogue.
 */
export function uploadText(upload: UploadStatus, t: Translate, sending = t('uploadSending')): string {
  if (upload.state === 'failed') return upload.message || t('uploadFailed');
  if (upload.state === 'paused') return t(upload.waiting === 'network' ? 'waitingNetwork' : 'serverSilent');
  return upload.state === 'done' ? t('sent') : sending;
}
