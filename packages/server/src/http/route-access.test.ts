import { describe, expect, it } from 'vitest';
import type { Role } from '../ports/caller.js';
import { type Login, ownerSessions } from '../test-support/owner-sessions.js';
import { storageFactories } from '../test-support/storages.js';
import { useTestApp } from '../test-support/test-app.js';
import { requiredRole, requiredScope, ROLE_RANK, SCOPE_OF_ROLE, SCOPE_RANK } from './owner-auth.js';
import type { ApiRoute } from './route.js';

/**
 * Who may call each owner route, declared here once by operationId: the weakest role, and so the API key scope
 * (`read` ↔ manager, `write` ↔ owner, `admin` ↔ admin). The test walks the app's route table and calls every owner
 * route as a manager, an owner and an admin (cookie sessions) and with a `read`, a `write` and an `admin` key: each is
 * let through (any answer but 401 and a role or scope refusal) or refused with 403 `forbidden` / `insufficient-scope`
 * naming the role or scope needed — exactly as declared. A new owner route without an entry fails, so no route's
 * access is left to chance, and changing one's access means changing this table.
 */
const ACCESS: Record<string, Role> = {
  listFlows: 'manager',
  listFlowTemplates: 'manager',
  createFlow: 'owner',
  validateFlow: 'owner',
  getFlow: 'manager',
  updateFlowDraft: 'owner',
  duplicateFlow: 'owner',
  archiveFlow: 'owner',
  unarchiveFlow: 'owner',
  publishFlow: 'owner',
  listFlowVersions: 'manager',
  getFlowVersion: 'manager',
  restoreFlowVersion: 'owner',
  exportFlowBundle: 'manager',
  importFlowBundle: 'owner',
  listSessions: 'manager',
  getSession: 'manager',
  deleteSession: 'owner',
  eraseByEmail: 'admin',
  listSessionClips: 'manager',
  getClip: 'manager',
  getClipMedia: 'manager',
  getTranscript: 'manager',
  editTranscript: 'owner',
  getTranscriptWebVtt: 'manager',
  getTranscriptSrt: 'manager',
  searchTranscripts: 'manager',
  createMediaAsset: 'owner',
  createMediaAssetFrame: 'owner',
  listMediaAssets: 'manager',
  getMediaAsset: 'manager',
  updateMediaAsset: 'owner',
  deleteMediaAsset: 'owner',
  getMediaAssetCaptions: 'manager',
  putMediaAssetCaptions: 'owner',
  listFlowMediaAssets: 'manager',
  streamAnswers: 'manager',
  listAnswers: 'manager',
  getAnswer: 'manager',
  updateAnswer: 'owner',
  reanalyseAnswer: 'owner',
  listAnswerTags: 'manager',
  getAnswerJourney: 'manager',
  getTracker: 'admin',
  putTracker: 'admin',
  deleteTracker: 'admin',
  checkTracker: 'admin',
  createBacklogItem: 'owner',
  bootstrap: 'admin',
  logout: 'manager',
  getMe: 'manager',
  listMyWorkspaces: 'manager',
  switchWorkspace: 'manager',
  joinInvite: 'manager',
  changePassword: 'manager',
  listInvites: 'admin',
  resendInvite: 'admin',
  revokeInvite: 'admin',
  makeMemberResetLink: 'admin',
  createWorkspace: 'manager',
  createInvite: 'admin',
  listMembers: 'manager',
  setMemberRole: 'admin',
  removeMember: 'admin',
  createApiKey: 'admin',
  listApiKeys: 'admin',
  revokeApiKey: 'admin',
  getSignInSettings: 'admin',
  setSignInSettings: 'admin',
  listAuditLog: 'admin',
  exportAuditLog: 'admin',
  getFlowAnalytics: 'manager',
  getFlowAnalyticsTimeseries: 'manager',
  getFlowAnalyticsByVariable: 'manager',
  exportAnswers: 'manager',
  exportSessions: 'manager',
  exportEvents: 'manager',
  createWebhook: 'admin',
  listWebhooks: 'admin',
  getWebhook: 'admin',
  updateWebhook: 'admin',
  deleteWebhook: 'admin',
  listWebhookDeliveries: 'admin',
  replayWebhookDelivery: 'admin',
  testWebhook: 'admin',
  streamEvents: 'manager',
  getTranscriptionEngine: 'admin',
  startModelDownload: 'admin',
};

type Caller = { name: string; rank: number; kind: 'session'; login: Login } | { name: string; rank: number; kind: 'key'; key: string };

/** The route's path with every parameter filled by an id nothing has: access is decided before the id is looked at. */
const concretePath = (route: ApiRoute) => route.path.replace(/:(\w+)/g, (_all, name: string) => `no-such-${name}`);

describe.each(storageFactories)('every owner route refuses the roles and API key scopes below its own, on $name', (factory) => {
  const t = useTestApp(factory);
  const s = ownerSessions(t);

  it('has an access entry for each owner route, and the route agrees with it', () => {
    const owner = t.reelback.routes.filter((r) => r.access === 'owner');
    const missing = owner.filter((r) => !(r.operationId in ACCESS)).map((r) => `${r.operationId} (${r.method.toUpperCase()} ${r.path})`);
    expect(missing, 'owner routes without an entry in ACCESS: add one').toEqual([]);
    const gone = Object.keys(ACCESS).filter((id) => !owner.some((r) => r.operationId === id));
    expect(gone, 'ACCESS entries for routes that no longer exist').toEqual([]);
    for (const route of owner) {
      expect(requiredRole(route), route.operationId).toBe(ACCESS[route.operationId]);
      expect(requiredScope(route), route.operationId).toBe(SCOPE_OF_ROLE[ACCESS[route.operationId]!]);
    }
  });

  // Every owner route for six callers (several hundred requests, three logins) in one test: ~10 s when quiet, over a
  // minute with the cores busy elsewhere. The limit catches a hang.
  it('lets each caller through exactly where its role or scope reaches, and says what is needed where not', async () => {
    const admin = await s.bootstrap('access-admin@example.org');
    const callers: Caller[] = [
      { name: 'manager session', rank: ROLE_RANK.manager, kind: 'session', login: await s.join(admin, 'access-manager@example.org', 'manager') },
      { name: 'owner session', rank: ROLE_RANK.owner, kind: 'session', login: await s.join(admin, 'access-owner@example.org', 'owner') },
      { name: 'admin session', rank: ROLE_RANK.admin, kind: 'session', login: admin },
    ];
    for (const scope of ['read', 'write', 'admin'] as const) {
      const made = await s.expectStatus(s.as(admin, 'POST', '/api/v1/workspace/api-keys', { name: `${scope} key`, scopes: [scope] }), 201);
      callers.push({ name: `${scope} key`, rank: SCOPE_RANK[scope], kind: 'key', key: ((await made.json()) as { key: string }).key });
    }

    // Logging out ends the session the later calls use: it goes last.
    const routes = t.reelback.routes.filter((r) => r.access === 'owner').sort((a, b) => Number(a.operationId === 'logout') - Number(b.operationId === 'logout'));
    const wrong: string[] = [];
    for (const route of routes) {
      const role = ACCESS[route.operationId]!;
      for (const caller of callers) {
        const method = route.method.toUpperCase();
        const res =
          caller.kind === 'session'
            ? await s.as(caller.login, method, concretePath(route))
            : await t.request(method, concretePath(route), { headers: { authorization: `Bearer ${caller.key}` } });
        const body = res.headers.get('content-type')?.includes('application/json') ? ((await res.json()) as { error?: { code: string; message: string } }) : {};
        // Streams answer 200 and go on: stop reading.
        if (!res.bodyUsed) await res.body?.cancel();
        const refusal = res.status === 403 && (body.error?.code === 'forbidden' || body.error?.code === 'insufficient-scope');
        const expectedIn = caller.rank >= ROLE_RANK[role];
        const what = `${caller.name} → ${route.operationId} (${method} ${route.path}, needs ${role} / "${SCOPE_OF_ROLE[role]}")`;
        if (expectedIn) {
          if (res.status === 401 || refusal) wrong.push(`${what}: refused with ${res.status} ${JSON.stringify(body)}`);
          continue;
        }
        const needs = caller.kind === 'session' ? { code: 'forbidden', word: `needs the ${role} role` } : { code: 'insufficient-scope', word: `"${SCOPE_OF_ROLE[role]}" scope` };
        if (res.status !== 403 || body.error?.code !== needs.code || !body.error.message.includes(needs.word)) {
          wrong.push(`${what}: expected 403 ${needs.code} naming ${needs.word}, got ${res.status} ${JSON.stringify(body)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  }, 240_000);
});
