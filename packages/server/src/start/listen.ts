import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Teardown } from './teardown.js';

/** Serves `fetch` on host:port; resolves once listening (rejects with the bind error, EADDRINUSE and the like). */
export async function listen(fetch: (request: Request) => Response | Promise<Response>, host: string, port: number, teardown: Teardown): Promise<{ url: string; port: number }> {
  const server = serve({ fetch, port, hostname: host });
  teardown.add('the HTTP server', () =>
    new Promise<void>((resolve) => {
      // A server that never bound answers close() with an error: nothing is left to stop then either.
      server.close(() => resolve());
      // Idle keep-alive connections would otherwise hold close() open until they time out.
      if ('closeIdleConnections' in server) server.closeIdleConnections();
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const bound = (server.address() as AddressInfo).port;
  return { url: `http://${urlHost(host)}:${bound}`, port: bound };
}

/** A host to put in a URL that reaches the server: a wildcard address is reachable as localhost. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}
