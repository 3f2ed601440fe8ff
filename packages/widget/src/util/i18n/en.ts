// The English catalogue: every word the widget shows, and the reference every other catalogue must match
// (i18n.test.ts compares their keys). Part of the player bundle (English needs no extra request).
// `{name}` is filled in by `format()`; numbers are formatted for the locale. A message that depends on a number
// is an object of plural forms (Intl.PluralRules categories; `other` is required), chosen by its `n`.

import type { enBubble } from './en-bubble.js';
import type { enRecorder } from './en-recorder.js';
import type { enUploads } from './en-uploads.js';

const enPlayer = {
  loading: 'Loading…',
  // the player
  errorLoad: 'Something went wrong while loading this video flow.',
  'error.network': 'We could not reach the server. Check your connection and try again.',
  'error.not-found': 'This video flow is not available.',
  'error.server': 'The server could not load this flow.',
  'error.invalid': 'The server sent a flow this player cannot read.',
  retry: 'Try again',
  nowShowing: 'Now showing: {title}',
  answerFailed: 'This answer could not be sent. Please check it and try again.',
  unsupported: 'This kind of answer is not available yet.',
  largerVideo: 'Larger video',
  optional: '(optional)',
  yourAnswer: 'Your answer',
  count: '{used} of {n} characters',
  tooMany: '({n} too many)',
  otherWay: 'Choose another way to answer',
  noWay: 'There is no other way to answer this question here, so it cannot be answered in this browser.',
  starting: 'Starting the recorder…',
  recordVideo: 'Record video',
  recordAudio: 'Record audio',
  typeAnswer: 'Type your answer',
  kindUnavailable: '{kind} is not available here.',
  recorderUnavailable: 'Recording is not available right now.',
  scoreOf: '{n} of {max}',
  chooseScore: 'Please choose a score first.',
  tickBox: 'Please tick this box to agree before sending.',
  typeFirst: 'Please type your answer first.',
  fillIn: 'Please fill this in.',
  emailLike: 'Please enter an e-mail address like name@example.com.',
  checkValue: 'Please check this value.',
  shorten: 'Please shorten your answer to {max} characters or fewer ({n} too many).',
  send: 'Send',
  // the prompt video
  playVideo: 'Play video',
  play: 'Play',
  pause: 'Pause',
  mute: 'Mute',
  progress: 'Video progress',
};

/** Every key: the player's, the bubble's, the recorder's and the uploads'. */
export type MessageKey = keyof typeof enPlayer | keyof typeof enBubble | keyof typeof enRecorder | keyof typeof enUploads;
/** A message: plain text, or plural forms chosen by `n`. */
export type Message = string | ({ other: string } & Partial<Record<Intl.LDMLPluralRule, string>>);
/** A catalogue: a text for every key. */
export type Catalogue = Record<MessageKey, Message>;

/**
 * English. The player does not carry words it may never show: the recorder's join it when the recorder's chunk
 * loads (en-recorder.ts), the uploads' with the upload status feed (en-uploads.ts); the bubble's stay in the bubble
 * (en-bubble.ts).
 */
export const en = enPlayer as Catalogue;
