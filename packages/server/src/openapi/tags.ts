/**
 * Every tag a route may name, with what it groups. The OpenAPI test lints the document: a route with a tag that is
 * not here leaves a tag without a description, and fails it.
 */
export const TAG_DESCRIPTIONS: Record<string, string> = {
  Health: 'Liveness and readiness of the server, for load balancers and orchestrators.',
  Flows: 'Interactive video flows: drafts, validation, immutable published versions, and the published flow widgets load.',
  Sessions: 'Viewer sessions: started by the widget on a published version (public), read and deleted by owners.',
  Privacy: "Erasing a viewer's data on request.",
  Events: 'Viewer events the widget sends (CloudEvents batches), and the live stream of stored events for owners.',
  Clips: 'Recorded video and audio answers: upload tickets, processing status and the converted media.',
  Uploads: 'The tus 1.0 resumable upload protocol for clips and prompt media, authorised by an upload ticket.',
  'Media library': "The workspace's prompt media: upload tickets, processing into web renditions, posters and captions, and immutable public files.",
  Transcripts: "Clips' transcripts: the engine's text with timings, owners' edits, WebVTT/SRT captions and search.",
  Answers: "The owners' review inbox: answers with their clips, statuses, stars, tags, notes, the viewer's path and live updates.",
  Backlog: 'Handing an answer to an issue tracker (GitHub, Jira, Linear or a signed webhook) and its settings.',
  Auth: 'Logging in and out, the caller, invites and workspace switching.',
  Setup: "The first run: whether the server waits for its first workspace and admin, and making them with the setup code from the server's log.",
  Workspace: 'The members, invites, roles and API keys of the caller\'s workspace, and new workspaces.',
  Analytics: 'Funnels, drop-off, choices and time series of a flow, in the workspace time zone.',
  Exports: 'Answers, sessions and events as CSV or NDJSON streams, and signed media links.',
  Webhooks: 'Webhook endpoints per event type (Standard Webhooks signatures), their deliveries and replays.',
  'Audit log': "Who did what in the workspace (members, keys, settings, erasures, publishing), for admins to read and export.",
  Documentation: 'This OpenAPI document and its browsable Swagger UI page.',
};
