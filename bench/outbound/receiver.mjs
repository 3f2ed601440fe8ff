// The webhook receiver for bench/outbound: reads each POST whole and answers 204, keeping connections alive.
// A process of its own, so its work is not counted in the sender's CPU time. Prints {"port":N} when listening.
import { createServer } from 'node:http';

const server = createServer((req, res) => {
  req.on('data', () => {});
  req.on('end', () => res.writeHead(204).end());
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
