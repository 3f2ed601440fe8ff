import { type AuditEntry, AuditEntryList, AuditExportRow, EXPORT_TOTAL_HEADER, uuidv7 } from '@reelback/shared';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { branchingFlow, eventsFor } from '../test-support/fixtures.js';
import { type Login, ownerSessions, PASSWORD } from '../test-support/owner-sessions.js';
import { storageFactories } from '../test-support/storages.js';
import { uniqueFlowId, useTestApp } from '../test-support/test-app.js';

const GITHUB_TOKEN = 'github_pat_audit_0123456789abcdef';
const HOOK_PATH = '/services/T000/B000/XXXXsecretpathXXXX';

/**
 * The audit log end to end: the actions people take through the API each leave one entry written by the service that
 * did it, named as the actor and target were then, with no secret; admins read it paged and filtered and export it;
 * nobody else reads it, and a workspace sees only its own.
 */
describe.each(storageFactories)('audit log on $name', (factory) => {
  const t = useTestApp(factory);
  const s = ownerSessions(t);
  let admin: Login;
  let owner: Login;
  let manager: Login;
  let flowId: string;

  const log = async (who: Login, query = '') =>
    AuditEntryList.parse(await (await s.expectStatus(s.as(who, 'GET', `/api/v1/workspace/audit-log${query}`), 200)).json());
  const all = async () => (await log(admin, '?limit=100')).entries;

  beforeAll(async () => {
    admin = await s.bootstrap('audit-admin@example.org');
    owner = await s.join(admin, 'audit-owner@example.org', 'owner');
    manager = await s.join(admin, 'audit-manager@example.org', 'manager');
    flowId = uniqueFlowId('audit');
  });

  it('records invites made and accepted, with the person joining as the actor', async () => {
    const entries = await all();
    const invites = entries.filter((e) => e.action === 'invite.created');
    expect(invites.map((e) => [e.actor.label, e.detail.role])).toEqual([
      ['audit-admin@example.org', 'manager'],
      ['audit-admin@example.org', 'owner'],
    ]);
    const accepted = entries.filter((e) => e.action === 'invite.accepted');
    expect(accepted.map((e) => [e.actor, e.detail])).toEqual([
      [{ kind: 'user', id: manager.userId, label: 'audit-manager@example.org' }, { role: 'manager', newAccount: true }],
      [{ kind: 'user', id: owner.userId, label: 'audit-owner@example.org' }, { role: 'owner', newAccount: true }],
    ]);
    // The invite's id is the hash of its token, never the token.
    expect(accepted[0]!.target.id).toBe(invites[0]!.target.id);
  });

  it('records role changes (from and to) and removals, and nothing for a refused or empty change', async () => {
    const temp = await s.join(admin, 'audit-temp@example.org', 'manager');
    await s.expectStatus(s.as(admin, 'PATCH', `/api/v1/workspace/members/${temp.userId}`, { role: 'owner' }), 200);
    await s.expectStatus(s.as(admin, 'PATCH', `/api/v1/workspace/members/${temp.userId}`, { role: 'owner' }), 200);
    await s.expectStatus(s.as(admin, 'PATCH', `/api/v1/workspace/members/${admin.userId}`, { role: 'owner' }), 409);
    await s.expectStatus(s.as(admin, 'DELETE', `/api/v1/workspace/members/${admin.userId}`), 409);
    await s.expectStatus(s.as(admin, 'DELETE', `/api/v1/workspace/members/${temp.userId}`), 204);
    const entries = (await all()).filter((e) => e.action.startsWith('member.'));
    expect(entries.map((e) => [e.action, e.target, e.detail])).toEqual([
      ['member.removed', { type: 'member', id: temp.userId, label: 'audit-temp@example.org' }, { role: 'owner' }],
      ['member.role-changed', { type: 'member', id: temp.userId, label: 'audit-temp@example.org' }, { from: 'manager', to: 'owner' }],
    ]);
  });

  it('records invites revoked or made again, and reset links an admin made, never the links themselves', async () => {
    const made = async (email: string) =>
      (await (await s.expectStatus(s.as(admin, 'POST', '/api/v1/workspace/invites', { role: 'manager', email }), 201)).json()) as { id: string; token: string };
    const revoked = await made('audit-revoked@example.org');
    await s.expectStatus(s.as(admin, 'DELETE', `/api/v1/workspace/invites/${revoked.id}`), 204);
    await s.expectStatus(s.as(admin, 'DELETE', `/api/v1/workspace/invites/${revoked.id}`), 404);
    const again = await made('audit-again@example.org');
    await s.expectStatus(s.as(admin, 'POST', `/api/v1/workspace/invites/${again.id}/resend`), 201);
    const reset = await s.expectStatus(s.as(admin, 'POST', `/api/v1/workspace/members/${manager.userId}/password-reset`, { send: false }), 201);
    const { url } = (await reset.json()) as { url: string };

    const entries = await all();
    expect(entries.filter((e) => e.action === 'invite.revoked').map((e) => [e.target, e.detail])).toEqual([
      [{ type: 'invite', id: again.id, label: 'audit-again@example.org' }, { role: 'manager', reason: 'made again' }],
      [{ type: 'invite', id: revoked.id, label: 'audit-revoked@example.org' }, { role: 'manager', reason: 'revoked' }],
    ]);
    const links = entries.filter((e) => e.action === 'member.reset-link-created');
    expect(links.map((e) => [e.actor.label, e.target, e.detail.emailed])).toEqual([
      ['audit-admin@example.org', { type: 'member', id: manager.userId, label: 'audit-manager@example.org' }, false],
    ]);
    const token = new URL(url).hash.replace(/^#token=/, '');
    expect(JSON.stringify(entries)).not.toContain(token);
    expect(JSON.stringify(entries)).not.toContain(revoked.token);
  });

  it('records tracker and webhook changes without their secrets or receiver paths', async () => {
    const tracker = { kind: 'github', owner: 'octocat', repo: 'Hello-World', token: GITHUB_TOKEN, labels: ['from-reelback'] };
    await s.expectStatus(s.as(admin, 'PUT', '/api/v1/workspace/tracker', tracker), 200);
    await s.expectStatus(s.as(admin, 'PUT', '/api/v1/workspace/tracker', { ...tracker, token: undefined, repo: 'Other' }), 200);
    await s.expectStatus(s.as(admin, 'DELETE', '/api/v1/workspace/tracker'), 204);
    await s.expectStatus(s.as(admin, 'DELETE', '/api/v1/workspace/tracker'), 204);

    const made = await s.expectStatus(s.as(admin, 'POST', '/api/v1/workspace/webhooks', { url: `https://hooks.example.org${HOOK_PATH}`, eventTypes: ['*'] }), 201);
    const hook = (await made.json()) as { id: string; secret: string };
    await s.expectStatus(s.as(admin, 'PATCH', `/api/v1/workspace/webhooks/${hook.id}`, { enabled: false, description: 'paused' }), 200);
    const rotated = await s.expectStatus(s.as(admin, 'PATCH', `/api/v1/workspace/webhooks/${hook.id}`, { rotateSecret: true }), 200);
    const newSecret = ((await rotated.json()) as { secret: string }).secret;
    await s.expectStatus(s.as(admin, 'DELETE', `/api/v1/workspace/webhooks/${hook.id}`), 204);

    const entries = await all();
    const trackerEntries = entries.filter((e) => e.action.startsWith('tracker.'));
    expect(trackerEntries.map((e) => [e.action, e.target.label, e.detail])).toEqual([
      ['tracker.removed', 'github', {}],
      ['tracker.set', 'github', { kind: 'github', owner: 'octocat', repo: 'Other', apiBase: 'https://api.github.com', labels: ['from-reelback'], accessReplaced: false }],
      ['tracker.set', 'github', { kind: 'github', owner: 'octocat', repo: 'Hello-World', apiBase: 'https://api.github.com', labels: ['from-reelback'], accessReplaced: true }],
    ]);
    const hookEntries = entries.filter((e) => e.target.id === hook.id);
    expect(hookEntries.map((e) => [e.action, e.target.label, e.detail])).toEqual([
      ['webhook.deleted', 'https://hooks.example.org', { eventTypes: ['*'] }],
      ['webhook.secret-rotated', 'https://hooks.example.org', {}],
      ['webhook.updated', 'https://hooks.example.org', { changes: { description: { from: '', to: 'paused' }, enabled: { from: true, to: false } } }],
      ['webhook.created', 'https://hooks.example.org', { eventTypes: ['*'], description: '' }],
    ]);
    const text = JSON.stringify(entries);
    for (const secret of [GITHUB_TOKEN, hook.secret, newSecret, HOOK_PATH]) expect(text).not.toContain(secret);
  });

  it('records publishing, archiving, unarchiving and restoring a flow, and erasing viewers without naming them', async () => {
    await s.expectStatus(s.as(owner, 'POST', '/api/v1/flows', { id: flowId, definition: branchingFlow }), 201);
    await s.expectStatus(s.as(owner, 'POST', `/api/v1/flows/${flowId}/versions`), 201);
    await s.expectStatus(s.as(owner, 'POST', `/api/v1/flows/${flowId}/versions/1/restore`), 200);
    await s.expectStatus(s.as(owner, 'POST', `/api/v1/flows/${flowId}/archive`), 200);
    await s.expectStatus(s.as(owner, 'POST', `/api/v1/flows/${flowId}/archive`), 200);
    await s.expectStatus(s.as(owner, 'POST', `/api/v1/flows/${flowId}/unarchive`), 200);

    const sessionId = uuidv7();
    await s.expectStatus(t.request('POST', '/api/v1/sessions', { body: { flowId, sessionId, context: { embedMode: 'inline' } } }), 201);
    const viewerEmail = 'viewer-to-forget@example.org';
    const e = eventsFor({ sessionId, flowId, flowVersion: 1 });
    const walk = [e.started(), e.viewed('start'), e.chose('start', 'b', 'contact'), e.viewed('contact')];
    const contact = {
      ...e.viewed('contact'),
      type: 'reelback.answer.submitted',
      data: { sessionId, flowId, flowVersion: 1, stepId: 'contact', answer: { kind: 'contact', fields: { email: viewerEmail }, consent: true }, nextStepId: 'cta' },
    };
    await s.expectStatus(t.request('POST', '/api/v1/events', { body: { events: [...walk, contact] } }), 202);
    const other = uuidv7();
    await s.expectStatus(t.request('POST', '/api/v1/sessions', { body: { flowId, sessionId: other, context: { embedMode: 'inline' } } }), 201);
    await s.expectStatus(s.as(admin, 'POST', '/api/v1/privacy/erase', { email: viewerEmail }), 200);
    await s.expectStatus(s.as(owner, 'DELETE', `/api/v1/sessions/${other}`), 200);

    const entries = await all();
    expect(entries.filter((x) => x.target.type === 'flow').map((x) => [x.action, x.actor.label, x.target.id, x.detail])).toEqual([
      ['flow.unarchived', 'audit-owner@example.org', flowId, {}],
      ['flow.archived', 'audit-owner@example.org', flowId, {}],
      ['flow.version-restored', 'audit-owner@example.org', flowId, { version: 1, revision: 2 }],
      ['flow.published', 'audit-owner@example.org', flowId, { version: 1, draftRevision: 1 }],
    ]);
    const erased = entries.filter((x) => x.action === 'viewer.erased');
    expect(erased.map((x) => [x.actor.label, x.target, x.detail])).toEqual([
      ['audit-owner@example.org', { type: 'viewer', id: other, label: 'one session' }, { by: 'session', sessions: 1, clips: 0, transcripts: 0, blobs: 0 }],
      ['audit-admin@example.org', { type: 'viewer', id: null, label: 'by contact e-mail' }, { by: 'email', sessions: 1, clips: 0, transcripts: 0, blobs: 0 }],
    ]);
    expect(JSON.stringify(entries)).not.toContain(viewerEmail);
    expect(JSON.stringify(entries)).not.toContain(sessionId);
  });

  it('pages newest first with the keyset cursor, and filters by action and by actor', async () => {
    const everything = await all();
    expect(everything.length).toBeGreaterThan(20);
    const walked: AuditEntry[] = [];
    let cursor: string | null = null;
    do {
      const page: AuditEntryList = await log(admin, `?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.entries.length).toBeLessThanOrEqual(7);
      walked.push(...page.entries);
      cursor = page.nextCursor;
    } while (cursor);
    expect(walked.map((e) => e.id)).toEqual(everything.map((e) => e.id));
    const times = walked.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const published = await log(admin, '?action=flow.published');
    expect(published.entries.map((e) => e.target.id)).toEqual([flowId]);
    const byOwner = await log(admin, `?actor=${owner.userId}`);
    expect(new Set(byOwner.entries.map((e) => e.actor.id))).toEqual(new Set([owner.userId]));
    expect(byOwner.entries.map((e) => e.action)).toContain('invite.accepted');
    await s.expectStatus(t.request('POST', '/api/v1/workspace/api-keys', { owner: true, body: { name: 'by the admin key', scopes: ['read'] } }), 201);
    const byAdminKey = await log(admin, '?actor=admin-key');
    expect(byAdminKey.entries.map((e) => [e.action, e.actor])).toEqual([['api-key.created', { kind: 'admin-key', id: null, label: 'the admin key' }]]);

    for (const bad of ['?action=flow.exploded', '?limit=0', '?limit=101', '?cursor=not-a-cursor', '?colour=blue']) {
      const res = await s.as(admin, 'GET', `/api/v1/workspace/audit-log${bad}`);
      expect(res.status, bad).toBe(400);
    }
  });

  it('exports as CSV (formulas neutralised) and NDJSON with the same filters, newest first', async () => {
    // A person whose name a spreadsheet would run.
    const invite = await s.expectStatus(s.as(admin, 'POST', '/api/v1/workspace/invites', { role: 'manager' }), 201);
    const { token } = (await invite.json()) as { token: string };
    const name = '=HYPERLINK("https://evil.example","x")';
    await s.expectStatus(t.request('POST', '/api/v1/auth/invites/accept', { body: { token, email: 'formula@example.org', name, password: PASSWORD } }), 200);

    const csv = await s.expectStatus(s.as(admin, 'GET', '/api/v1/workspace/audit-log/export'), 200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="reelback-audit-log-\d{8}T\d{6}Z\.csv"$/);
    const rows = parse(await csv.text(), { columns: true }) as Record<string, string>[];
    const everything = await all();
    expect(Number(csv.headers.get(EXPORT_TOTAL_HEADER))).toBe(rows.length);
    expect(rows.map((r) => r.id)).toEqual(everything.map((e) => e.id).slice(0, rows.length));
    expect(rows.length).toBe(everything.length);
    const joined = rows.find((r) => r.action === 'invite.accepted' && r.actorLabel?.includes('HYPERLINK'))!;
    expect(joined.actorLabel).toBe(`'${name}`);
    expect(JSON.parse(rows.find((r) => r.action === 'flow.published')!.detail!)).toEqual({ version: 1, draftRevision: 1 });

    const ndjson = await s.expectStatus(s.as(admin, 'GET', '/api/v1/workspace/audit-log/export?format=ndjson&action=member.role-changed'), 200);
    const lines = (await ndjson.text()).trim().split('\n').map((line) => AuditExportRow.parse(JSON.parse(line)));
    expect(lines.map((l) => [l.action, l.targetLabel, l.detail])).toEqual([['member.role-changed', 'audit-temp@example.org', { from: 'manager', to: 'owner' }]]);
    expect(Number(ndjson.headers.get(EXPORT_TOTAL_HEADER))).toBe(1);
  });

  it('is for admins only: owners, managers and lesser keys get 403', async () => {
    for (const who of [owner, manager]) {
      for (const path of ['/api/v1/workspace/audit-log', '/api/v1/workspace/audit-log/export']) {
        const res = await s.expectStatus(s.as(who, 'GET', path), 403);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden');
      }
    }
  });

  it("shows a workspace only its own entries: another workspace's admin sees none of these", async () => {
    const elsewhere = await s.newWorkspace(owner, 'audit-owner@example.org', 'Elsewhere');
    await s.expectStatus(s.as(elsewhere, 'POST', '/api/v1/workspace/api-keys', { name: 'elsewhere key', scopes: ['read'] }), 201);
    const theirs = (await log(elsewhere, '?limit=100')).entries;
    expect(theirs.map((e) => [e.action, e.target.label])).toEqual([['api-key.created', 'elsewhere key']]);
    const ours = new Set((await all()).map((e) => e.id));
    expect(theirs.some((e) => ours.has(e.id))).toBe(false);
    const exported = await (await s.expectStatus(s.as(elsewhere, 'GET', '/api/v1/workspace/audit-log/export?format=ndjson'), 200)).text();
    expect(exported.trim().split('\n')).toHaveLength(1);
  });
});
