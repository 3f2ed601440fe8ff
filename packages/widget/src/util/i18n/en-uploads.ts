// The words of uploads in English: they travel with the upload status feed (upload/upload-status.ts, a chunk the
// player loads once a flow is shown) and join the English catalogue when it loads (`addEnglish`), or the recorder.

export const enUploads = {
  uploadFailed: 'Your recording could not be sent.',
  uploadSending: 'Sending your recording…',
  sent: 'Recording sent.',
  waitingNetwork: 'Waiting for the network — keep this page open',
  serverSilent: 'The server is not answering. Trying again soon.',
};
