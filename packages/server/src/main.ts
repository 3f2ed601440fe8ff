import { BucketCheckError } from './blobs/check-bucket.js';
import { loadConfig } from './config/admin-key.js';
import { ConfigError } from './config/config.js';
import { limitHeapGrowth } from './heap-growth.js';
import { startServer } from './start-server.js';
import { startupLog } from './startup-log.js';

async function main(): Promise<void> {
  limitHeapGrowth();
  const config = await loadConfig(process.env);
  const server = await startServer(config);
  const facts = { listening: server.url, publicUrl: config.publicUrl, demo: config.demo, setup: server.setup, adminKeyFile: config.adminKeyFile, role: server.role };
  for (const line of startupLog(facts)) console.log(line);

  const shutdown = (signal: string) => {
    console.log(`${signal} received: shutting down`);
    // Requests in flight get a few seconds to finish; then we stop regardless.
    setTimeout(() => {
      console.error('shutdown took too long: exiting');
      process.exit(1);
    }, 10_000).unref();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('shutdown failed:', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  // Problems an operator fixes outside the code are one line (or a list), not a stack trace.
  console.error(error instanceof ConfigError || error instanceof BucketCheckError ? error.message : error);
  process.exit(1);
});
