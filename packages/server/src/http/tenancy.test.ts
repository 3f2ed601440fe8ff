import { writeFile } from 'node:fs/promises';
import { join as joinPath } from 'node:path';
import { uuidv7 } from '@reelback/shared';
import { describe, expect, it } from 'vitest';
import { clipEvent } from '../clips/clip-events.js';
import type { ApiRoute } from './route.js';
import { branchingFlow, eventsFor } from '../test-support/fixtures.js';
import { storageFactories } from '../test-support/storages.js';
import { uniqueFlowId, useTestApp } from '../test-support/test-app.js';

/** The limit of the test that walks every owner route: it catches a hang, not a busy machine. */
const WALKS_EVERY_ROUTE_MS = 240_000;

/**
 * Tenancy: every owner route sees only its caller's workspace. Two workspaces get the same kind of data (a flow,
 * a version, a session, a ready clip with a video file and a transcript, a member of their own, an API key); then
 * every owner route of the route table is called by each workspace's admin with the other workspace's ids (404,
 * with the body a missing id gets) and with its own (it works). A new owner route without an entry in `CASES`
 * fails the test, so none can be forgotten.
 */

interface Login {
  cookie: string;
  csrf: string;
  userId: string;
  workspaceId: string;
}

/** What one workspace owns; the string ones must never appear in another workspace's answers. */
interface Ids {
  workspaceId: string;
  flowId: string;
  version: number;
  sessionId: string;
  clipId: string;
  /** A member of this workspace only. */
  userId: string;
  apiKeyId: string;
  /** That key's secret (read scope). */
  apiKey: string;
  /** A word only this workspace's transcript says. */
  word: string;
  /** The e-mail of this workspace's session's contact answer. */
  email: string;
  /** That contact answer (its event's id). */
  answerId: string;
  /** A webhook of this workspace, and the delivery of its test ping. */
  webhookId: string;
  deliveryId: string;
  /** A ready asset of this workspace's media library. */
  assetId: string;
  /** Two open invites of this workspace (one is made again, the other revoked). */
  inviteId: string;
  spareInviteId: string;
}

type Case =
  /** The path takes ids (or `query` does): the other workspace's are 404 like missing ones; its own answer `ok`. */
  | {
      kind: 'id';
      ok: number;
      body?: (ids: Ids) => unknown;
      query?: (ids: Ids) => string;
      /** Deletes the ids: run after the others on its own rows. */
      last?: true;
      /** Path parameters taken from other ids than their names say (two routes that each use up a row). */
      params?: (ids: Ids) => Record<string, string>;
    }
  /** A GET of the caller's own rows: never mentions another workspace's ids, and mentions some of its own. */
  | { kind: 'list'; query?: (ids: Ids) => string }
  /** Takes no id at all: acts on the caller's own workspace (or on nothing stored); nothing to point elsewhere. */
  | { kind: 'no-id'; reason: string };

/** One entry per owner route (by operationId); a route may need several cases. */
const CASES: Record<string, Case | Case[]> = {
  listFlows: { kind: 'list' },
  createFlow: { kind: 'no-id', reason: "creates a flow in the caller's workspace (a taken id of another workspace is a 409: flow ids are global)" },
  validateFlow: { kind: 'no-id', reason: 'checks the definition in its body; reads no stored rows' },
  getFlow: { kind: 'id', ok: 200 },
  updateFlowDraft: { kind: 'id', ok: 200, body: () => ({ definition: branchingFlow }) },
  listFlowTemplates: { kind: 'no-id', reason: 'the built-in template catalogue; reads no stored rows' },
  // Duplicating another workspace's flow is a 404 like a missing one (flows/flow-authoring.routes.test.ts too).
  duplicateFlow: { kind: 'id', ok: 201 },
  // Called in route table order: archived, then active again for the routes after it.
  archiveFlow: { kind: 'id', ok: 200 },
  unarchiveFlow: { kind: 'id', ok: 200 },
  publishFlow: { kind: 'id', ok: 201 },
  listFlowVersions: { kind: 'id', ok: 200 },
  getFlowVersion: { kind: 'id', ok: 200 },
  restoreFlowVersion: { kind: 'id', ok: 200 },
  exportFlowBundle: { kind: 'id', ok: 200 },
  importFlowBundle: {
    kind: 'no-id',
    reason: "makes a new flow and new assets in the caller's workspace from the archive it is sent; reads no stored rows (flow-bundles/flow-bundle.flow.test.ts)",
  },
  listSessions: [{ kind: 'list' }, { kind: 'id', ok: 200, query: (ids) => `?flowId=${ids.flowId}` }],
  getSession: { kind: 'id', ok: 200 },
  deleteSession: { kind: 'id', ok: 200, last: true },
  eraseByEmail: {
    kind: 'no-id',
    reason: "takes an e-mail, not an id, and erases only the caller's workspace's sessions (another workspace's viewer's e-mail erases nothing: checked below)",
  },
  listSessionClips: { kind: 'id', ok: 200 },
  getClip: { kind: 'id', ok: 200 },
  getClipMedia: { kind: 'id', ok: 200 },
  getTranscript: { kind: 'id', ok: 200 },
  editTranscript: { kind: 'id', ok: 200, body: (ids) => ({ segments: [{ start: 0, end: 1, text: `${ids.word} edited` }] }) },
  getTranscriptWebVtt: { kind: 'id', ok: 200 },
  getTranscriptSrt: { kind: 'id', ok: 200 },
  searchTranscripts: { kind: 'list', query: (ids) => `?q=${ids.word}` },
  listAnswers: [
    { kind: 'list' },
    { kind: 'list', query: () => '?kind=contact&status=new' },
    { kind: 'id', ok: 200, query: (ids) => `?flowId=${ids.flowId}` },
  ],
  getAnswer: { kind: 'id', ok: 200 },
  getAnswerJourney: { kind: 'id', ok: 200 },
  updateAnswer: { kind: 'id', ok: 200, body: (ids) => ({ status: 'reviewed', starred: true, tags: [ids.flowId] }) },
  listAnswerTags: { kind: 'list' },
  // The seeded answer is a contact answer: its own workspace hears 409 (no text to analyse), another's 404.
  reanalyseAnswer: { kind: 'id', ok: 409 },
  streamAnswers: {
    kind: 'no-id',
    reason: "streams the caller's workspace's answers only (live.flow.test.ts: another workspace's stream gets nothing); it never ends, so it is not called here",
  },
  getTracker: { kind: 'no-id', reason: "the caller's workspace's tracker settings; takes no id" },
  getTranscriptionEngine: { kind: 'no-id', reason: "the server's transcription engine (one per server, no workspace data); takes no id" },
  startModelDownload: { kind: 'no-id', reason: "fetches the server's Whisper model (one per server, no workspace data); takes no id" },
  putTracker: { kind: 'no-id', reason: "sets the caller's workspace's tracker; takes no id" },
  deleteTracker: { kind: 'no-id', reason: "removes the caller's workspace's tracker; takes no id" },
  checkTracker: { kind: 'no-id', reason: "calls the caller's workspace's tracker; takes no id" },
  // No tracker is set up in the tenancy workspaces: its own answer is found (409 no_tracker), another's is not.
  createBacklogItem: { kind: 'id', ok: 409, body: () => ({}) },
  bootstrap: { kind: 'no-id', reason: 'admin key only, once: makes the first workspace' },
  logout: { kind: 'no-id', reason: "ends the caller's own session" },
  getMe: { kind: 'list' },
  createInvite: { kind: 'no-id', reason: "invites into the caller's workspace" },
  listInvites: { kind: 'list' },
  // Made again: a new invite, the old one revoked; so revoking takes the other invite.
  resendInvite: { kind: 'id', ok: 201 },
  revokeInvite: { kind: 'id', ok: 204, params: (ids) => ({ inviteId: ids.spareInviteId }) },
  listMembers: { kind: 'list' },
  setMemberRole: { kind: 'id', ok: 200, body: () => ({ role: 'owner' }) },
  makeMemberResetLink: { kind: 'id', ok: 201, body: () => ({}) },
  changePassword: { kind: 'no-id', reason: "changes the caller's own password; takes no id" },
  removeMember: { kind: 'id', ok: 204 },
  createApiKey: { kind: 'no-id', reason: "makes a key of the caller's workspace" },
  getSignInSettings: { kind: 'no-id', reason: "the caller's workspace's sign-in settings; takes no id" },
  setSignInSettings: { kind: 'no-id', reason: "sets the caller's workspace's sign-in settings; takes no id (sso.flow.test.ts)" },
  listApiKeys: { kind: 'list' },
  revokeApiKey: { kind: 'id', ok: 204 },
  // The audit log lists the caller's workspace's entries only (the member's joining, the key and webhook made by seed).
  listAuditLog: [{ kind: 'list' }, { kind: 'list', query: (ids) => `?actor=${ids.userId}` }],
  exportAuditLog: [{ kind: 'list' }, { kind: 'list', query: () => '?format=ndjson&action=api-key.created' }],
  createWorkspace: { kind: 'no-id', reason: 'makes a new workspace with the caller as its admin' },
  listMyWorkspaces: { kind: 'no-id', reason: "lists the caller's own memberships (a user of two workspaces sees both: that is the point); a key sees its own workspace only (accounts/workspaces.routes.test.ts)" },
  getFlowAnalytics: { kind: 'id', ok: 200 },
  // Exports stream the caller's workspace's rows only; a flow of another workspace is a 404 before any byte.
  exportAnswers: [{ kind: 'list' }, { kind: 'list', query: () => '?format=ndjson&links=signed' }, { kind: 'id', ok: 200, query: (ids) => `?flowId=${ids.flowId}` }],
  exportSessions: [{ kind: 'list' }, { kind: 'id', ok: 200, query: (ids) => `?flowId=${ids.flowId}&format=ndjson` }],
  exportEvents: [{ kind: 'list', query: () => '?format=ndjson' }, { kind: 'id', ok: 200, query: (ids) => `?flowId=${ids.flowId}` }],
  getFlowAnalyticsTimeseries: { kind: 'id', ok: 200 },
  // `plan` is a variable the seeded flow declares; another workspace's flow is a 404 before the variable is looked at.
  getFlowAnalyticsByVariable: { kind: 'id', ok: 200, params: () => ({ variable: 'plan' }) },
  createWebhook: { kind: 'no-id', reason: "adds a webhook to the caller's workspace" },
  listWebhooks: { kind: 'list' },
  getWebhook: { kind: 'id', ok: 200 },
  updateWebhook: { kind: 'id', ok: 200, body: () => ({ description: 'changed' }) },
  listWebhookDeliveries: { kind: 'id', ok: 200 },
  // The queue does not run here: its own ping is still pending (409 delivery-pending); another's is not found.
  replayWebhookDelivery: { kind: 'id', ok: 409 },
  testWebhook: { kind: 'id', ok: 202 },
  deleteWebhook: { kind: 'id', ok: 204, last: true },
  streamEvents: {
    kind: 'no-id',
    reason: "streams the caller's workspace's events only (webhooks/event-stream.flow.test.ts: another workspace's events never come); it never ends, so it is not called here",
  },
  createMediaAsset: { kind: 'no-id', reason: "adds an asset to the caller's workspace's library" },
  listMediaAssets: [{ kind: 'list' }, { kind: 'list', query: () => '?q=tenancy' }],
  getMediaAsset: { kind: 'id', ok: 200 },
  updateMediaAsset: { kind: 'id', ok: 200, body: () => ({ name: 'tenancy renamed' }) },
  getMediaAssetCaptions: { kind: 'id', ok: 200 },
  putMediaAssetCaptions: { kind: 'id', ok: 200, body: () => ({ segments: [{ start: 0, end: 1, text: 'hello' }] }) },
  listFlowMediaAssets: { kind: 'id', ok: 200 },
  // The seeded asset is a ready video without files: its own workspace hears 409 (nothing to take a frame of), another's 404.
  createMediaAssetFrame: { kind: 'id', ok: 409, body: () => ({ atSeconds: 1 }) },
  deleteMediaAsset: { kind: 'id', ok: 204, last: true },
  switchWorkspace: { kind: 'no-id', reason: "moves the caller's own session, only into a workspace its user is a member of (any other id is a 404: accounts/workspaces.routes.test.ts)" },
  joinInvite: {
    kind: 'no-id',
    reason: "the token, not the caller's workspace, names the workspace joined: only the invite's e-mail (or anyone for an open invite) joins, once (accounts/invites.routes.test.ts)",
  },
};

const casesOf = (route: ApiRoute): Case[] => {
  const entry = CASES[route.operationId];
  return entry === undefined ? [] : Array.isArray(entry) ? entry : [entry];
};

/** Ids that exist nowhere, in the formats the routes accept. */
const MISSING: Ids = {
  workspaceId: 'no-such-workspace',
  flowId: 'no-such-flow',
  version: 1,
  sessionId: '01900000-0000-7000-8000-000000000000',
  clipId: 'clp_nosuchclip000000000000',
  userId: 'no-such-user',
  apiKeyId: 'no-such-key',
  apiKey: 'rb_nosuch_key',
  word: 'nosuchword',
  email: 'nobody@example.org',
  answerId: '01900000-0000-7000-8000-00000000a000',
  webhookId: 'wh_nosuchwebhook',
  deliveryId: 'whd_nosuchdelivery',
  assetId: 'mda_nosuchasset000000000',
  inviteId: 'no-such-invite',
  spareInviteId: 'no-such-spare-invite',
};

function pathFor(route: ApiRoute, ids: Ids, query = '', params: Record<string, string> = {}): string {
  const path = route.path.replace(/:(\w+)/g, (_, name: string) => {
    const value = params[name] ?? {
      flowId: ids.flowId,
      version: String(ids.version),
      sessionId: ids.sessionId,
      clipId: ids.clipId,
      rendition: 'video',
      userId: ids.userId,
      id: ids.apiKeyId,
      answerId: ids.answerId,
      webhookId: ids.webhookId,
      deliveryId: ids.deliveryId,
      assetId: ids.assetId,
      inviteId: ids.inviteId,
    }[name];
    if (value === undefined) throw new Error(`${route.operationId}: no tenancy id for path parameter :${name}; add one in tenancy.test.ts`);
    return value;
  });
  return path + query;
}

/** The ids in a text replaced by their names, so answers about different ids can be compared. */
function placeholders(text: string, ids: Ids): string {
  let out = text;
  for (const [name, value] of Object.entries(ids)) if (typeof value === 'string') out = out.replaceAll(value, `<${name}>`);
  return out;
}

const stringIds = (ids: Ids) => [ids.workspaceId, ids.flowId, ids.sessionId, ids.clipId, ids.userId, ids.apiKeyId, ids.answerId, ids.webhookId, ids.deliveryId, ids.assetId, ids.inviteId, ids.spareInviteId];

describe.each(storageFactories)('tenancy on $name', (factory) => {
  const t = useTestApp(factory);

  async function loggedIn(res: Response): Promise<Login> {
    expect(res.status, await res.clone().text()).toBe(200);
    const body = (await res.json()) as { user: { id: string }; workspace: { id: string }; csrfToken: string };
    return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: body.csrfToken, userId: body.user.id, workspaceId: body.workspace.id };
  }

  const login = async (email: string, workspaceId?: string) =>
    loggedIn(await t.request('POST', '/api/v1/auth/login', { body: { email, password: 'a long enough password', ...(workspaceId ? { workspaceId } : {}) } }));

  function as(session: Login, method: string, path: string, body?: unknown) {
    const headers: Record<string, string> = { cookie: session.cookie };
    if (method !== 'GET' && method !== 'HEAD') headers['x-csrf-token'] = session.csrf;
    return t.request(method, path, { body, headers });
  }

  async function expectStatus(res: Response | Promise<Response>, status: number) {
    const r = await res;
    expect(r.status, await r.clone().text()).toBe(status);
    return r;
  }

  /** Joins `admin`'s workspace through an invite (and is logged in there). */
  async function join(admin: Login, email: string): Promise<Login> {
    const invite = await expectStatus(as(admin, 'POST', '/api/v1/workspace/invites', { role: 'manager' }), 201);
    const { token } = (await invite.json()) as { token: string };
    return loggedIn(await t.request('POST', '/api/v1/auth/invites/accept', { body: { token, email, name: email, password: 'a long enough password' } }));
  }

  /** The same kind of rows in `admin`'s workspace, made through the API where it can, through the stores for media. */
  async function seed(admin: Login, tag: string): Promise<Ids> {
    const flowId = uniqueFlowId(`tenancy-${tag}`);
    // Declares `plan` so the split by variable has one to split by.
    await expectStatus(as(admin, 'POST', '/api/v1/flows', { id: flowId, definition: { ...branchingFlow, variables: [{ name: 'plan' }] } }), 201);
    const published = await expectStatus(as(admin, 'POST', `/api/v1/flows/${flowId}/versions`), 201);
    const { version } = (await published.json()) as { version: number };
    const sessionId = uuidv7();
    await expectStatus(t.request('POST', '/api/v1/sessions', { body: { flowId, sessionId, context: { embedMode: 'inline' } } }), 201);
    const email = `${tag}-viewer@example.org`;
    const e = eventsFor({ sessionId, flowId, flowVersion: version });
    const walk = [e.started(), e.viewed('start'), e.chose('start', 'b', 'contact'), e.viewed('contact')];
    const contact = { ...e.viewed('contact'), type: 'reelback.answer.submitted', data: { sessionId, flowId, flowVersion: version, stepId: 'contact', answer: { kind: 'contact', fields: { email }, consent: true }, nextStepId: 'cta' } };
    await expectStatus(t.request('POST', '/api/v1/events', { body: { events: [...walk, contact] } }), 202);

    // A ready clip with a (tiny) video file and a ready transcript, as the media jobs would leave them.
    const clipId = `clp_tenancy${tag}${Date.now()}0000000000`;
    const key = `clips/${clipId}/video.mp4`;
    const local = joinPath(t.media.dir, `${clipId}.mp4`);
    await writeFile(local, 'not really an mp4, but bytes to serve');
    const { sizeBytes } = await t.media.media.blobs.putFile(key, local);
    const at = new Date().toISOString();
    const clip = {
      id: clipId,
      sessionId,
      stepId: 'start',
      kind: 'video' as const,
      status: 'ready' as const,
      reason: null,
      mimeType: 'video/webm',
      sizeBytes,
      durationSeconds: 1,
      width: 64,
      height: 64,
      container: 'mov,mp4,m4a,3gp,3g2,mj2',
      media: [{ rendition: 'video' as const, key, contentType: 'video/mp4', sizeBytes }],
      createdAt: at,
      updatedAt: at,
    };
    await t.storage.clips.insert(clip);
    const word = `secret${tag}word`;
    await t.storage.transcripts.queue({ clipId, sessionId, jobId: null, at });
    const session = (await t.storage.sessions.get(sessionId))!;
    const result = { engine: 'whisper' as const, model: 'test', language: 'en', durationSeconds: 1, segments: [{ start: 0, end: 1, text: word }], text: word };
    const ready = clipEvent('reelback.transcript.ready', session, clip, new Date(), { ...result, processingSeconds: 0.1 });
    expect(await t.storage.transcripts.complete(clipId, { ...result, processingSeconds: 0.1 }, at, ready)).toBe(true);

    const member = await join(admin, `${tag}-only@example.org`);
    const key2 = await expectStatus(as(admin, 'POST', '/api/v1/workspace/api-keys', { name: `${tag} key`, scopes: ['read'] }), 201);
    const { id: apiKeyId, key: apiKey } = (await key2.json()) as { id: string; key: string };
    const hook = await expectStatus(as(admin, 'POST', '/api/v1/workspace/webhooks', { url: `https://hooks.example.org/${tag}`, eventTypes: ['*'] }), 201);
    const { id: webhookId } = (await hook.json()) as { id: string };
    const ping = await expectStatus(as(admin, 'POST', `/api/v1/workspace/webhooks/${webhookId}/test`), 202);
    const { id: deliveryId } = (await ping.json()) as { id: string };
    const assetId = `mda_tenancy${tag}${Date.now()}000000`;
    await t.storage.mediaAssets.insert({
      id: assetId,
      workspaceId: admin.workspaceId,
      name: `tenancy ${tag}`,
      kind: 'video',
      status: 'ready',
      reason: null,
      sizeBytes: 10,
      durationSeconds: 5,
      width: 64,
      height: 64,
      container: 'mov,mp4,m4a,3gp,3g2,mj2',
      posterAtSeconds: 1,
      files: [],
      captions: { status: 'none', file: null, source: null, engine: null, model: null, language: null, segments: [], machineSegments: null, error: null, updatedAt: null },
      createdAt: at,
      updatedAt: at,
    });
    const invites: string[] = [];
    for (const who of ['invitee', 'spare']) {
      const invite = await expectStatus(as(admin, 'POST', '/api/v1/workspace/invites', { role: 'owner', email: `${tag}-${who}@example.org` }), 201);
      invites.push(((await invite.json()) as { id: string }).id);
    }
    const [inviteId, spareInviteId] = invites as [string, string];
    return { workspaceId: admin.workspaceId, flowId, version, sessionId, clipId, userId: member.userId, apiKeyId, apiKey, word, email, answerId: contact.id, webhookId, deliveryId, assetId, inviteId, spareInviteId };
  }

  it('every owner route has a tenancy case, and every case an owner route', () => {
    const owner = t.reelback.routes.filter((r) => r.access === 'owner');
    const missing = owner.filter((r) => casesOf(r).length === 0).map((r) => `${r.operationId} (${r.method.toUpperCase()} ${r.path})`);
    expect(missing, 'owner routes without an entry in CASES of tenancy.test.ts: say how each is scoped').toEqual([]);
    expect(Object.keys(CASES).filter((id) => !owner.some((r) => r.operationId === id))).toEqual([]);
    for (const route of owner) {
      const hasParams = route.path.includes(':');
      for (const c of casesOf(route)) {
        // A route that takes an id must be checked with another workspace's id.
        if (hasParams) expect(c.kind, route.operationId).toBe('id');
      }
    }
  });

  // One test on purpose (every cross-workspace call first, then each workspace's own): several hundred requests
  // and two dozen logins, ~10 s when quiet and over 60 s seen with the machine's cores busy elsewhere.
  it("answers 404 for every id of another workspace on every owner route, as for a missing id; and each workspace's own ids work", async () => {
    // Workspace A: the bootstrap (admin key). Its admin invites b; b makes workspace B and logs in there.
    await expectStatus(
      t.request('POST', '/api/v1/auth/bootstrap', { owner: true, body: { workspaceName: 'A', email: 'ada@example.org', name: 'Ada', password: 'a long enough password' } }),
      201,
    );
    const adminA = await login('ada@example.org');
    await join(adminA, 'bo@example.org');
    const boInA = await login('bo@example.org');
    const made = await expectStatus(as(boInA, 'POST', '/api/v1/workspaces', { name: 'B' }), 201);
    const workspaceB = (await made.json()) as { id: string; name: string; timeZone: string };
    expect(workspaceB).toMatchObject({ name: 'B', timeZone: 'UTC' });
    const adminB = await login('bo@example.org', workspaceB.id);
    expect(adminB.workspaceId).toBe(workspaceB.id);
    expect(await (await as(adminB, 'GET', '/api/v1/auth/me')).json()).toMatchObject({ workspace: { id: workspaceB.id }, role: 'admin' });

    const a = await seed(adminA, 'a');
    const b = await seed(adminB, 'b');
    const owner = t.reelback.routes.filter((r) => r.access === 'owner');
    const pairs: [string, Login, Ids, Ids][] = [
      ['A with B ids', adminA, a, b],
      ['B with A ids', adminB, b, a],
    ];
    let crossChecked = 0;

    // First every cross-workspace call (nothing may change), then each workspace on its own rows.
    for (const [label, caller, own, other] of pairs) {
      for (const route of owner) {
        for (const c of casesOf(route)) {
          const method = route.method.toUpperCase();
          const what = `${label}: ${route.operationId}`;
          if (c.kind === 'id') {
            const res = await as(caller, method, pathFor(route, other, c.query?.(other), c.params?.(other)), c.body?.(own));
            const text = await res.text();
            expect(res.status, `${what} → ${text}`).toBe(404);
            const missing = await as(caller, method, pathFor(route, MISSING, c.query?.(MISSING), c.params?.(MISSING)), c.body?.(own));
            const missingText = await missing.text();
            expect(missing.status, `${what} (missing ids) → ${missingText}`).toBe(404);
            expect(placeholders(text, other), what).toBe(placeholders(missingText, MISSING));
            crossChecked++;
          } else if (c.kind === 'list') {
            const res = await as(caller, method, pathFor(route, own, c.query?.(other)));
            const text = await res.text();
            expect(res.status, `${what} → ${text}`).toBe(200);
            for (const id of stringIds(other)) expect(text, `${what} mentions ${id}`).not.toContain(id);
          }
        }
      }
    }
    // Erasing by another workspace's viewer's e-mail erases nothing, there or here.
    for (const [, caller, own, other] of pairs) {
      const res = await expectStatus(as(caller, 'POST', '/api/v1/privacy/erase', { email: other.email.toUpperCase() }), 200);
      expect(await res.json()).toEqual({ sessions: 0, clips: 0, transcripts: 0, blobs: 0 });
      await expectStatus(as(caller, 'GET', `/api/v1/sessions/${own.sessionId}`), 200);
    }
    expect(crossChecked).toBe(2 * owner.flatMap((r) => casesOf(r)).filter((c) => c.kind === 'id').length);

    // Keys are scoped the same way: an API key acts in its workspace, the admin key in the bootstrap one (A).
    const bearer = (key: string, path: string) => t.request('GET', path, { headers: { authorization: `Bearer ${key}` } });
    for (const path of [`/api/v1/flows/${b.flowId}`, `/api/v1/sessions/${b.sessionId}`, `/api/v1/clips/${b.clipId}/transcript`]) {
      await expectStatus(bearer(a.apiKey, path), 404);
      await expectStatus(t.request('GET', path, { owner: true }), 404);
      await expectStatus(bearer(b.apiKey, path), 200);
    }
    await expectStatus(bearer(a.apiKey, `/api/v1/flows/${a.flowId}`), 200);
    await expectStatus(t.request('GET', `/api/v1/flows/${a.flowId}`, { owner: true }), 200);

    const lastOnes = (route: ApiRoute) => casesOf(route).some((c) => c.kind === 'id' && c.last);
    const ownOrder = [...owner.filter((r) => !lastOnes(r)), ...owner.filter(lastOnes)];
    for (const [label, caller, own] of pairs) {
      for (const route of ownOrder) {
        for (const c of casesOf(route)) {
          const method = route.method.toUpperCase();
          const what = `${label.slice(0, 1)} on its own: ${route.operationId}`;
          if (c.kind === 'id') {
            const res = await as(caller, method, pathFor(route, own, c.query?.(own), c.params?.(own)), c.body?.(own));
            expect(res.status, `${what} → ${await res.clone().text()}`).toBe(c.ok);
          } else if (c.kind === 'list') {
            const res = await as(caller, method, pathFor(route, own, c.query?.(own)));
            const text = await res.text();
            expect(res.status, `${what} → ${text}`).toBe(200);
            expect(stringIds(own).some((id) => text.includes(id)), `${what} mentions none of its own ids: ${text}`).toBe(true);
          }
        }
      }
    }
  }, WALKS_EVERY_ROUTE_MS);

  it('makes workspaces for logged-in people only, not for keys', async () => {
    const res = await t.request('POST', '/api/v1/workspaces', { owner: true, body: { name: 'By key' } });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('session-required');
    expect((await t.request('POST', '/api/v1/workspaces', { body: { name: 'Nobody' } })).status).toBe(401);
    const ada = await login('ada@example.org');
    await expectStatus(as({ ...ada, csrf: 'wrong' }, 'POST', '/api/v1/workspaces', { name: 'No CSRF' }), 403);
    await expectStatus(as(ada, 'POST', '/api/v1/workspaces', { name: '' }), 400);
  });
});
