// Plain constants (no zod) so the widget can import them without the schemas.
export const VIEWER_EVENT_TYPES = [
  'reelback.session.started',
  'reelback.step.viewed',
  'reelback.video.progressed',
  'reelback.choice.selected',
  'reelback.answer.submitted',
  'reelback.cta.clicked',
  'reelback.session.completed',
] as const;

export type ViewerEventType = (typeof VIEWER_EVENT_TYPES)[number];

export const EMBED_MODES = ['inline', 'bubble', 'script', 'preview'] as const;
export type EmbedMode = (typeof EMBED_MODES)[number];

export const VIDEO_PROGRESS_MARKS = [25, 50, 75, 100] as const;

export const SERVER_EVENT_TYPES = [
  'reelback.clip.uploaded',
  'reelback.clip.processed',
  'reelback.clip.failed',
  'reelback.transcript.ready',
  'reelback.transcript.failed',
  'reelback.answer.analyzed',
] as const;
export type ServerEventType = (typeof SERVER_EVENT_TYPES)[number];

/** Every stored event type a webhook (or the event stream) can ask for: the viewer's and the server's. */
// A pure call, not a spread (which a bundler must keep, iterators may have effects): the widget imports this file for
// VIDEO_PROGRESS_MARKS and would otherwise ship every event type with it.
export const WEBHOOK_EVENT_TYPES = /* @__PURE__ */ (VIEWER_EVENT_TYPES as readonly string[]).concat(SERVER_EVENT_TYPES) as unknown as readonly [
  ...typeof VIEWER_EVENT_TYPES,
  ...typeof SERVER_EVENT_TYPES,
];
