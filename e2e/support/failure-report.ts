// What an end-to-end test prints when it fails: the log of every server it started (from the test's start on) and
// every upload request its browsers made, with offsets and answers. A race between a page and the server is otherwise
// invisible in a failure that only says "clip stayed uploading".
//
// startReelbackServer and launchChromium register here; failure-hooks.ts (a setup file of the e2e project, so every
// e2e file has it) marks where each test starts and prints the report when one fails.
import type { BrowserContext, Request } from 'playwright-core';

interface WatchedServer {
  label: string;
  output: () => string;
}

const servers = new Set<WatchedServer>();
/** Servers stopped during the current test: reported for it, dropped when the next one starts. */
const stopped = new Set<WatchedServer>();
const uploads: string[] = [];
const pageNumbers = new WeakMap<object, number>();
let nextPage = 1;
let testStartedAt = performance.now();
let serverLogStart = new Map<WatchedServer, number>();

/** A server whose output belongs in failure reports (until `forget`). */
export function watchServer(label: string, output: () => string): () => void {
  const server = { label, output };
  servers.add(server);
  serverLogStart.set(server, 0);
  return () => {
    // Its log stays readable for the report of the test that stopped it; dropped at the next test's start.
    stopped.add(server);
  };
}

const pageOf = (request: Request): number => {
  let frame;
  try {
    frame = request.frame();
  } catch {
    return 0; // a service worker's request
  }
  const page = frame.page();
  let n = pageNumbers.get(page);
  if (n === undefined) pageNumbers.set(page, (n = nextPage++));
  return n;
};

const isUpload = (request: Request) => new URL(request.url()).pathname.startsWith('/api/v1/uploads');

function describeRequest(request: Request): string {
  const h = request.headers();
  const url = new URL(request.url());
  const sent = ['upload-offset', 'upload-length', 'content-length']
    .filter((name) => h[name] !== undefined)
    .map((name) => `${name}=${h[name]}`)
    .join(' ');
  return `${request.method()} ${url.pathname}${sent ? ` [${sent}]` : ''}`;
}

/** Records the upload requests of every page of `context`: when each was sent and how it ended. */
export function watchBrowser(context: BrowserContext): void {
  const stamp = () => `${((performance.now() - testStartedAt) / 1000).toFixed(2).padStart(7)} s`;
  const push = (request: Request, what: string) => uploads.push(`${stamp()} page ${pageOf(request)}: ${what}`);
  context.on('request', (request) => {
    if (isUpload(request)) push(request, `→ ${describeRequest(request)}`);
  });
  context.on('requestfinished', (request) => {
    if (!isUpload(request)) return;
    void request.response().then(
      (response) => {
        const offset = response?.headers()['upload-offset'];
        push(request, `← ${response?.status() ?? '?'} ${describeRequest(request)}${offset === undefined ? '' : ` (server offset ${offset})`}`);
      },
      () => push(request, `← (no response) ${describeRequest(request)}`),
    );
  });
  context.on('requestfailed', (request) => {
    if (isUpload(request)) push(request, `✗ ${describeRequest(request)}: ${request.failure()?.errorText ?? 'failed'}`);
  });
}

/** Called as each test starts: the report covers this test only. */
export function markTestStart(): void {
  testStartedAt = performance.now();
  uploads.length = 0;
  for (const server of stopped) servers.delete(server);
  stopped.clear();
  serverLogStart = new Map([...servers].map((server) => [server, server.output().length]));
}

/** The report for a failed test, or '' when there is nothing to tell. */
export function failureReport(): string {
  const parts: string[] = [];
  for (const server of servers) {
    const log = server.output().slice(serverLogStart.get(server) ?? 0).trimEnd();
    // The last 20,000 characters at most: the end of a log is where a failure shows.
    const shown = log.length > 20_000 ? `…${log.slice(-20_000)}` : log;
    parts.push(`── log of ${server.label} during the test ──\n${shown || '(nothing)'}`);
  }
  if (uploads.length > 0) parts.push(`── upload requests (${uploads.length}) ──\n${uploads.join('\n')}`);
  return parts.join('\n');
}
