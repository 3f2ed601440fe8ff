// The package's public API (for bundlers and for tests); the dist/ bundles are what pages load.
export { ReelbackFlow, defineReelbackFlow, UNSUPPORTED_ANSWER_MESSAGE, type FlowPreview } from './components/flow/flow.component.js';
export {
  ReelbackPromptVideo,
  defineReelbackPromptVideo,
  type CaptionSource,
  type PromptVideoEventMap,
  type VideoProgressMark,
} from './components/prompt-video/prompt-video.component.js';
export { ReelbackBubble, defineReelbackBubble } from './components/bubble/bubble.component.js';
export { EventClient, eventClientFor, type EventClientOptions } from './events/event-client.js';
export { dispatchViewerEvent, type ReelbackEventMap } from './events/dom-events.js';
export { queueKey } from './events/event-queue.js';
export { sessionKey, RESUME_WINDOW_MS, type SessionState } from './session/session-store.js';
export { embed } from './embed/embed-loader.js';
