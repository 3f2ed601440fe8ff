import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A customer's site on another origin (`localhost` against the server's `127.0.0.1`): `/script?flow=…` embeds a
 * flow with the one-line script tag, `/bubble?flow=…` with the floating bubble; `/blank` has no widget.
 */
export async function startHostPages(widgetOrigin: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const flow = (url.searchParams.get('flow') ?? 'demo').replace(/[^\w-]/g, '');
    const body =
      url.pathname === '/blank'
        ? ''
        : url.pathname === '/bubble'
        ? `<script type="module" src="${widgetOrigin}/widget/reelback-bubble.js"></script>
           <reelback-bubble flow="${flow}" endpoint="${widgetOrigin}"></reelback-bubble>`
        : `<script src="${widgetOrigin}/embed.js" data-flow="${flow}"></script>`;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><title>Customer site</title><main><h1>Our product</h1>${body}</main></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  return {
    url: `http://localhost:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
