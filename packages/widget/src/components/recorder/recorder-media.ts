// What the studio's prompt recorder (packages/dashboard/src/studio/media-recorder/) shares with <reelback-recorder>,
// as the package export `@reelback/widget/recorder-media`: the pure helpers of media.ts and the microphone tap that
// lets an MP4 take run on, silent, past the Stop press (microphone-tap.ts). A file of its own so that the widget's
// recorder chunk, which imports both directly, is built exactly as before.
export * from './media.js';
export { tapMicrophone, type MicrophoneTap } from './microphone-tap.js';
