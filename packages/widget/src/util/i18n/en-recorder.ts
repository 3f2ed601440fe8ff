// The recorder's words in English. They travel in the recorder's chunk (loaded when a viewer chooses to record),
// not in the player's bundle, and join the English catalogue as that chunk loads. Other languages keep every word
// in their one catalogue.
import { addEnglish } from './catalogue.js';
import { enUploads } from './en-uploads.js';

export const enRecorder = {
  // the recorder
  camera: 'Camera',
  microphone: 'Microphone',
  deviceFailed: 'We could not use that device. Pick another one.',
  startsIn: { one: 'Recording starts in {n} second.', other: 'Recording starts in {n} seconds.' },
  recordingNow: 'Recording.',
  secondsLeft: { one: '{n} second left.', other: '{n} seconds left.' },
  timeUp: 'Time is up. Recording stopped.',
  stopped: 'Recording stopped.',
  sendFailed: 'We could not send your recording. Try again.',
  sending: 'Sending…',
  sendingPercent: 'Sending… {n}%',
  back: 'Back',
  yourRecording: 'Your recording',
  cameraPreview: 'Camera preview',
  micOn: 'Microphone on',
  allowCamera: 'Allow the camera and microphone to record.',
  allowMic: 'Allow the microphone to record.',
  startRecording: 'Start recording',
  startNow: 'Start now',
  stopRecording: 'Stop recording',
  thanks: 'Thank you! Your recording is on its way.',
  recordAgain: 'Record again',
  badge: 'Recording',
  timeLeft: '{time} left',
  // why recording cannot happen (the recorder's media checks)
  cannotRecord: 'This browser cannot record here. You can answer with text instead.',
  noCamera: 'We could not find a camera, but your microphone is there. You can answer with audio or text instead.',
  noDevices: 'We could not find a camera or a microphone. You can answer with text instead.',
  noMic: 'We could not find a microphone. You can answer with text instead.',
  cameraBusy: 'We could not start your camera. Another app may be using it. You can answer with audio or text instead.',
  micBusy: 'We could not start your microphone. Another app may be using it. You can answer with text instead.',
  cameraFailed: 'We could not use your camera. You can answer with audio or text instead.',
  micFailed: 'We could not use your microphone. You can answer with text instead.',
  tooShort: 'That was too short to keep. Press Start recording and speak for a few seconds.',
  emptyVideo: 'Your recording came out empty: this browser cannot record video here. You can answer with audio or text instead.',
  emptyAudio: 'Your recording came out empty: this browser cannot record audio here. You can answer with text instead.',
};

addEnglish(enRecorder, enUploads);
