/** Entry points for e2e tests, benchmarks and embedding: see packages/server/README.md. */
export { createApp, API_VERSION, DEFAULT_MAX_JSON_BYTES, type AppDependencies, type ReelbackApp } from './app.js';
export { loadConfig, resolveAdminKey, type ResolvedConfig } from './config/admin-key.js';
export { parseConfig, ConfigError, type Config, type DatabaseConfig } from './config/config.js';
export { openStorage, type StorageOptions } from './storage/open-storage.js';
export { replayProjections } from './storage/kysely/replay-projections.js';
export { startServer, type RunningServer, type StartOptions } from './start-server.js';
export { seedDemoFlow, DEMO_FLOW_ID } from './demo/seed-demo.js';
export { buildOpenApiDocument } from './openapi/openapi.js';
export { systemClock, type Clock } from './ports/clock.js';
export type { Storage, FlowStore, SessionStore, EventLog } from './ports/storage.js';
export { composeMedia } from './compose-media.js';
export { limitHeapGrowth } from './heap-growth.js';
export type { MediaDependencies } from './app.js';
export { measureMeanVolumeDb } from './media/loudness.js';
export { OutboundClient, sharedOutboundClient, type OutboundClientOptions } from './outbound/outbound-client.js';
export { OutboundError } from './outbound/outbound-error.js';
export { sendWebhook, type SendResult, type SenderOptions } from './webhooks/webhook-sender.js';
