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
export const WEBHOOK_EVENT_TYPES = [...VIEWER_EVENT_TYPES, ...SERVER_EVENT_TYPES] as const;
