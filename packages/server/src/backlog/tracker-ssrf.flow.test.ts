import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from 'node:net';
import { uuidv7 } from '@reelback/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LOCALHOST_NAMES, NON_PUBLIC_FORMS } from '../test-support/address-forms.js';
import { eventsFor } from '../test-support/fixtures.js';
import { type Login, ownerSessions } from '../test-support/owner-sessions.js';
import { storageFactories } from '../test-support/storages.js';
import { uniqueFlowId, useTestApp } from '../test-support/test-app.js';
import { sealContext } from './backlog.service.js';
import { SecretBox } from './secret-box.js';

/**
 * Finding 2 of #11: tracker settings pointed at an internal service made the server send the tracker credentials
 * there and read its answer back in the check's `reason`. Here the "internal service" is a local HTTP server whose
 * every answer holds SECRET (as text, as JSON error fields, in a redirect's Location): with private addresses
 * refused it is never reached; with them allowed, SECRET never appears in what the API answers.
 */
const SECRET = 'INTERNAL-ONLY-4f9d2c-credentials-table';
const SECRET_WEBHOOK = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

interface Internal {
  base: string;
  hits: string[];
  close(): Promise<void>;
}

/** The internal service: what it answers depends on the path (`/<status>/<kind>`), SECRET in every answer. */
async function startInternal(): Promise<Internal> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    req.resume();
    const [, status = '200', kind = 'text'] = (req.url ?? '/').split('/');
    const code = Number(status) || 200;
    if (kind === 'json') res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify({ message: SECRET, errorMessages: [SECRET], errors: [{ message: SECRET, extensions: { code: SECRET, userPresentableMessage: SECRET } }], detail: SECRET }));
    else if (kind === 'redirect') res.writeHead(302, { location: `http://169.254.169.254/${SECRET}` }).end(SECRET);
    else res.writeHead(code, { 'content-type': 'text/plain' }).end(`${SECRET}\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Each kind of tracker, pointed at `base` (its URL field named). */
function trackersAt(base: string) {
  return [
    { field: 'baseUrl', config: { kind: 'jira', baseUrl: base, email: 'ops@acme.test', apiToken: 'jira-token-123', projectKey: 'FEED', timeoutMs: 2000 } },
    { field: 'apiBase', config: { kind: 'github', owner: 'acme', repo: 'widgets', token: 'ghp_token_123', apiBase: base, timeoutMs: 2000 } },
    { field: 'apiUrl', config: { kind: 'linear', apiKey: 'lin_api_123', teamId: 'team-1', apiUrl: base, timeoutMs: 2000 } },
    { field: 'url', config: { kind: 'webhook', url: base, secret: SECRET_WEBHOOK, timeoutMs: 2000 } },
  ] as const;
}

const flow = {
  name: 'SSRF',
  steps: [
    { id: 'say', prompt: { title: 'Say it' }, answer: { type: 'open', kinds: ['text'] }, next: 'end' },
    { id: 'end', prompt: { title: 'Thanks' }, answer: { type: 'end' } },
  ],
};

describe.each(storageFactories)('tracker URLs and the outbound guard on $name', (factory) => {
  let internal: Internal;
  beforeAll(async () => {
    internal = await startInternal();
  });
  afterAll(async () => internal?.close());
  beforeEach(() => {
    internal.hits.length = 0;
  });

  describe('private addresses refused (the default)', () => {
    const secretKey = randomBytes(32);
    const t = useTestApp(factory, { secretKey });
    const s = ownerSessions(t);
    let admin: Login;
    beforeAll(async () => {
      admin = await s.bootstrap(`ssrf-off-${factory.name}@example.org`, 'Acme');
    });

    it('refuses each URL field at save with a 400 naming it: the reported URL, every non-public form, localhost names', async () => {
      const hosts = [...NON_PUBLIC_FORMS.map((f) => f.host), ...LOCALHOST_NAMES];
      for (const host of hosts) {
        for (const { field, config } of trackersAt(`http://${host}:8080/internal`)) {
          const res = await s.expectStatus(s.as(admin, 'PUT', '/api/v1/workspace/tracker', config), 400);
          const body = (await res.json()) as { error: { code: string; message: string; issues: { path: string[]; message: string }[] } };
          expect(body.error.code, `${config.kind} ${host}`).toBe('tracker-url-refused');
          expect(body.error.issues, `${config.kind} ${host}`).toEqual([{ path: [field], message: expect.stringMatching(/^points at (a non-public address|localhost)/) }]);
          expect(body.error.message).toMatch(new RegExp(`^${field} points at .*REELBACK_OUTBOUND_ALLOW_PRIVATE=1`));
        }
      }
      // The reproduction from the report, exactly.
      const reported = await s.expectStatus(s.as(admin, 'PUT', '/api/v1/workspace/tracker', trackersAt(`${internal.base}/internal`)[0].config), 400);
      expect(await reported.text()).toContain('baseUrl');
      expect(await (await s.expectStatus(s.as(admin, 'GET', '/api/v1/workspace/tracker'), 200)).json()).toEqual({ tracker: null });
      expect(internal.hits).toEqual([]);
    });

    it('refuses at connect time a tracker stored before the check (the check says so and reads nothing)', async () => {
      for (const { config } of trackersAt(`${internal.base}/200/json`).filter((t) => t.config.kind !== 'webhook')) {
        // As if saved before this check existed: sealed straight into the store.
        const box = new SecretBox(secretKey);
        await t.storage.backlog.putTracker(admin.workspaceId, { kind: config.kind, sealed: box.seal(JSON.stringify(config), sealContext(admin.workspaceId, config.kind)), updatedAt: new Date().toISOString() });
        const res = await s.expectStatus(s.as(admin, 'POST', '/api/v1/workspace/tracker/check'), 200);
        const text = await res.text();
        expect(JSON.parse(text), config.kind).toEqual({ ok: false, retryable: false, reason: expect.stringMatching(/refused: 127\.0\.0\.1 is, or resolves to, a loopback, private, link-local or reserved address/) });
        expect(text).not.toContain(SECRET);
      }
      expect(internal.hits).toEqual([]);
    });
  });

  describe('private addresses allowed (REELBACK_OUTBOUND_ALLOW_PRIVATE=1)', () => {
    const t = useTestApp(factory, { outbound: { allowPrivate: true } });
    const s = ownerSessions(t);
    let admin: Login;
    let flowId: string;

    beforeAll(async () => {
      admin = await s.bootstrap(`ssrf-on-${factory.name}@example.org`, 'Acme');
      flowId = uniqueFlowId('ssrf');
      await s.expectStatus(s.as(admin, 'POST', '/api/v1/flows', { id: flowId, definition: flow }), 201);
      await s.expectStatus(s.as(admin, 'POST', `/api/v1/flows/${flowId}/versions`), 201);
    });

    /** A fresh answer to hand off (an answer with an item would answer that item again). */
    async function newAnswer(): Promise<string> {
      const sessionId = uuidv7();
      await s.expectStatus(t.request('POST', '/api/v1/sessions', { body: { flowId, sessionId, context: { embedMode: 'inline' } } }), 201);
      const e = eventsFor({ sessionId, flowId, flowVersion: 1 });
      const walk = [e.started(), e.viewed('say')]; // ids are UUIDv7: made in order
      const answer = { ...e.viewed('say'), type: 'reelback.answer.submitted', data: { sessionId, flowId, flowVersion: 1, stepId: 'say', answer: { kind: 'text', text: 'Hello' }, nextStepId: 'end' } };
      await s.expectStatus(t.request('POST', '/api/v1/events', { body: { events: [...walk, answer] } }), 202);
      return answer.id;
    }

    const answers = ['200/text', '200/json', '401/json', '403/text', '404/json', '422/json', '500/text', '503/json', '302/redirect'];

    it.each(answers)('the check and a hand-off never repeat what the service answered (%s)', async (path) => {
      for (const { config } of trackersAt(`${internal.base}/${path}`)) {
        await s.expectStatus(s.as(admin, 'PUT', '/api/v1/workspace/tracker', config), 200);
        const check = await s.expectStatus(s.as(admin, 'POST', '/api/v1/workspace/tracker/check'), 200);
        const checked = await check.text();
        expect(checked, `${config.kind} check`).not.toContain(SECRET);
        const handOff = await s.as(admin, 'POST', `/api/v1/answers/${await newAnswer()}/backlog-item`, {});
        const said = await handOff.text();
        expect(said, `${config.kind} hand-off (${handOff.status})`).not.toContain(SECRET);
        expect(said).not.toContain('169.254.169.254');
        // Any 2xx from a webhook receiver makes an item (its URL is the webhook's own, with the message id).
        const made = config.kind === 'webhook' && path.startsWith('200/');
        expect(handOff.status, said).toBe(made ? 201 : 502);
      }
      expect(internal.hits.length).toBeGreaterThan(0); // it was reached: this is the allowed case
    });

    it('says the same for a closed port and a port that does not speak HTTP (no port map)', async () => {
      const closed = await freePort();
      const banner = await bannerServer(`SSH-2.0-OpenSSH_9.2 ${SECRET}\r\n`);
      try {
        const reasons: string[] = [];
        for (const port of [closed, banner.port]) {
          await s.expectStatus(s.as(admin, 'PUT', '/api/v1/workspace/tracker', trackersAt(`http://127.0.0.1:${port}`)[0].config), 200);
          const check = (await (await s.expectStatus(s.as(admin, 'POST', '/api/v1/workspace/tracker/check'), 200)).json()) as { reason: string };
          reasons.push(check.reason.replace(`:${port}`, ':PORT'));
        }
        expect(reasons[0]).toBe(reasons[1]);
        expect(reasons[0]).toMatch(/^Jira: no answer from http:\/\/127\.0\.0\.1:PORT: it could not be reached, refused or dropped the connection/);
        expect(reasons.join()).not.toContain(SECRET);
      } finally {
        await new Promise<void>((resolve) => banner.server.close(() => resolve()));
      }
    });
  });
});

async function freePort(): Promise<number> {
  const probe = createTcpServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const free = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return free;
}

async function bannerServer(banner: string): Promise<{ server: TcpServer; port: number }> {
  const tcp = createTcpServer((socket) => socket.resume().end(banner));
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  return { server: tcp, port: (tcp.address() as AddressInfo).port };
}
