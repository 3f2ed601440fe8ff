import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A proxy between the browser and the Reelback server that can drop the network (every connection cut, new
 * ones refused) and fail chosen paths once: the same faults for every engine, whatever its driver can emulate.
 */
export interface FlakyProxy {
  url: string;
  /** Cuts every open connection and refuses new requests until `up()`. */
  down(): void;
  up(): void;
  /** Cuts every request whose path matches until the returned function is called (a network that lets only some through). */
  refuse(match: (path: string) => boolean): () => void;
  /** The next request whose path matches answers 404 (once); resolves with that path when it happened. */
  failOnce(match: (path: string) => boolean): Promise<string>;
  /** Paths requested so far (without the query). */
  requested: string[];
  close(): Promise<void>;
}

export async function startFlakyProxy(target: string): Promise<FlakyProxy> {
  const upstream = new URL(target);
  const sockets = new Set<Socket>();
  const failures: { match: (path: string) => boolean; done: (path: string) => void }[] = [];
  const requested: string[] = [];
  let isDown = false;
  const refused = new Set<(path: string) => boolean>();

  const forward = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0]!;
    requested.push(path);
    if (isDown || [...refused].some((match) => match(path))) return req.socket.destroy();
    const failure = failures.find((f) => f.match(path));
    if (failure) {
      failures.splice(failures.indexOf(failure), 1);
      res.writeHead(404, { 'content-type': 'text/plain', 'access-control-allow-origin': '*' }).end('failed once by the test');
      failure.done(path);
      return;
    }
    const out = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
      (answer) => {
        // The widget's chunks are cached immutably (docs/host-page.md): one browser runs every test of a file, and a
        // chunk cached by an earlier test would never be asked for again, so this proxy's failure could not happen.
        const headers = { ...answer.headers };
        if (req.url?.startsWith('/widget/')) {
          headers['cache-control'] = 'no-store';
          delete headers.etag;
        }
        res.writeHead(answer.statusCode ?? 502, headers);
        answer.pipe(res);
      },
    );
    out.on('error', () => res.destroy());
    req.pipe(out);
  };

  const server: Server = createServer(forward);
  server.on('connection', (socket) => {
    if (isDown) return socket.destroy();
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requested,
    down: () => {
      isDown = true;
      for (const socket of sockets) socket.destroy();
    },
    up: () => void (isDown = false),
    refuse: (match) => {
      refused.add(match);
      return () => void refused.delete(match);
    },
    failOnce: (match) => new Promise((done) => failures.push({ match, done })),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
