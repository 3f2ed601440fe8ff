// The flows API as the studio uses it, played by msw the way the server answers (packages/server README, "Flow
// studio"): `EditableFlow`s with revisions (`ETag: "<revision>"` when `etags` is on), a stale `If-Match` → 412
// `DraftConflict`, templates, duplicate, archive (left out of the list, 409 on edits), versions with their
// publisher, restore as draft, publishing with the server's rule (no problems).
import { http, HttpResponse } from 'msw';
import {
  checkFlow,
  FLOW_TEMPLATES,
  type Editor,
  type EditableFlow,
  type FlowDefinition,
  type FlowVersionInfo,
  type PublishedFlow,
} from '@reelback/shared';
import { worker } from './fake-api.js';

export interface SeenPut {
  flowId: string;
  ifMatch: string | null;
  csrf: string | null;
  definition: FlowDefinition;
}

interface Stored {
  flow: EditableFlow;
  versions: (FlowVersionInfo & { definition: FlowDefinition })[];
}

export const ME: Editor = { kind: 'user', id: 'usr_owner', label: 'Olive Owner' };

export class FakeStudio {
  /** Whether GET/PUT answer with an `ETag` (the server always does; off tests the studio without one). */
  etags = false;
  readonly puts: SeenPut[] = [];
  readonly publishes: string[] = [];
  /** `POST /flows` bodies. */
  readonly created: Record<string, unknown>[] = [];
  readonly calls: string[] = [];
  readonly restores: { flowId: string; version: number; ifMatch: string | null }[] = [];
  private readonly flows = new Map<string, Stored>();

  /** A flow with `latestVersion` versions published (each the given draft) by Ada. */
  add(id: string, draft: FlowDefinition, latestVersion: number | null = null): this {
    const flow: EditableFlow = {
      id,
      name: draft.name,
      draft,
      latestVersion,
      createdAt: '2026-12-01T09:00:00.000Z',
      updatedAt: '2026-12-01T09:00:00.000Z',
      problems: checkFlow(draft).problems,
      revision: 1,
      draftUpdatedBy: ME,
      archivedAt: null,
      archivedBy: null,
    };
    const versions = Array.from({ length: latestVersion ?? 0 }, (_, i) => ({
      flowId: id,
      version: i + 1,
      publishedAt: `2026-12-0${Math.min(9, i + 2)}T10:00:00.000Z`,
      publishedBy: i === 0 ? null : ({ kind: 'user', id: 'usr_ada', label: 'Ada Admin' } as Editor),
      definition: { ...draft, name: `${draft.name} v${i + 1}` },
    }));
    this.flows.set(id, { flow, versions });
    return this;
  }

  /** Makes published `version` of flow `id` this definition. */
  setVersion(id: string, version: number, definition: FlowDefinition): this {
    this.flows.get(id)!.versions.find((v) => v.version === version)!.definition = definition;
    return this;
  }

  flow(id: string): EditableFlow {
    return this.flows.get(id)!.flow;
  }

  draft(id: string): FlowDefinition {
    return this.flow(id).draft;
  }

  archive(id: string): this {
    const stored = this.flows.get(id)!;
    stored.flow = { ...stored.flow, archivedAt: '2026-12-05T08:00:00.000Z', archivedBy: ME };
    return this;
  }

  /** Someone else saves `draft` (as `by`): our next save with the old tag gets a 412. */
  changeElsewhere(id: string, draft: FlowDefinition, by: Editor, at: string): void {
    const stored = this.flows.get(id)!;
    this.save(stored, draft, by, at);
  }

  private save(stored: Stored, draft: FlowDefinition, by: Editor, at = new Date().toISOString()): void {
    stored.flow = { ...stored.flow, draft, name: draft.name, updatedAt: at, problems: checkFlow(draft).problems, draftUpdatedBy: by, revision: stored.flow.revision + 1 };
  }

  private etagOf(stored: Stored): Record<string, string> {
    return this.etags ? { ETag: `"${stored.flow.revision}"` } : {};
  }

  private make(flow: Omit<EditableFlow, 'id'>, name: string): EditableFlow {
    const base = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'flow';
    let n = 1;
    while (this.flows.has(`${base}-${n}`)) n++;
    const made = { ...flow, id: `${base}-${n}` };
    this.flows.set(made.id, { flow: made, versions: [] });
    return made;
  }

  install(): this {
    const missing = () => HttpResponse.json({ error: { code: 'unknown-flow', message: 'No such flow.' } }, { status: 404 });
    const archived = () => HttpResponse.json({ error: { code: 'flow-archived', message: 'This flow is archived.' } }, { status: 409 });
    const find = (params: Record<string, unknown>) => this.flows.get(String(params.flowId));
    worker.use(
      http.get('/api/v1/flows', ({ request }) => {
        const wantArchived = new URL(request.url).searchParams.get('archived') === '1';
        this.calls.push(`list${wantArchived ? ' archived' : ''}`);
        return HttpResponse.json({ flows: [...this.flows.values()].map((s) => s.flow).filter((f) => (f.archivedAt !== null) === wantArchived) });
      }),
      http.get('/api/v1/flow-templates', () =>
        HttpResponse.json({ templates: FLOW_TEMPLATES.map((t) => ({ id: t.id, name: t.name, description: t.description, definition: t.definition })) }),
      ),
      http.post('/api/v1/flows', async ({ request }) => {
        const body = (await request.json()) as { definition?: FlowDefinition; template?: string; name?: string };
        this.created.push(body);
        const template = FLOW_TEMPLATES.find((t) => t.id === body.template);
        const definition = body.definition ?? (template ? { ...template.definition, name: body.name ?? template.name } : undefined);
        if (!definition) return HttpResponse.json({ error: { code: 'validation-failed', message: 'template: unknown' } }, { status: 400 });
        const now = new Date().toISOString();
        const made = this.make(
          { name: definition.name, draft: definition, latestVersion: null, createdAt: now, updatedAt: now, problems: checkFlow(definition).problems, revision: 1, draftUpdatedBy: ME, archivedAt: null, archivedBy: null },
          definition.name,
        );
        return HttpResponse.json(made, { status: 201 });
      }),
      http.get('/api/v1/flows/:flowId', ({ params }) => {
        const stored = find(params);
        return stored ? HttpResponse.json(stored.flow, { headers: this.etagOf(stored) }) : missing();
      }),
      http.put('/api/v1/flows/:flowId', async ({ request, params }) => {
        const flowId = String(params.flowId);
        const stored = find(params);
        if (!stored) return missing();
        const { definition } = (await request.json()) as { definition: FlowDefinition };
        const ifMatch = request.headers.get('if-match');
        this.puts.push({ flowId, ifMatch, csrf: request.headers.get('x-csrf-token'), definition });
        if (stored.flow.archivedAt) return archived();
        if (ifMatch && ifMatch !== '*' && ifMatch !== `"${stored.flow.revision}"`) {
          const { revision, draftUpdatedBy, updatedAt } = stored.flow;
          const error = { code: 'draft-changed', message: 'The draft was changed since you loaded it.', revision, changedBy: draftUpdatedBy, changedAt: updatedAt };
          return HttpResponse.json({ error }, { status: 412, headers: this.etagOf(stored) });
        }
        this.save(stored, definition, ME);
        return HttpResponse.json(stored.flow, { headers: this.etagOf(stored) });
      }),
      http.post('/api/v1/flows/:flowId/duplicate', ({ params }) => {
        const stored = find(params);
        if (!stored) return missing();
        this.calls.push(`duplicate ${stored.flow.id}`);
        const name = `Copy of ${stored.flow.name}`;
        const made = this.make({ ...stored.flow, name, draft: { ...stored.flow.draft, name }, latestVersion: null, revision: 1, archivedAt: null, archivedBy: null }, name);
        return HttpResponse.json(made, { status: 201 });
      }),
      ...(['archive', 'unarchive'] as const).map((action) =>
        http.post(`/api/v1/flows/:flowId/${action}`, ({ params }) => {
          const stored = find(params);
          if (!stored) return missing();
          this.calls.push(`${action} ${stored.flow.id}`);
          stored.flow = action === 'archive' ? { ...stored.flow, archivedAt: new Date().toISOString(), archivedBy: ME } : { ...stored.flow, archivedAt: null, archivedBy: null };
          return HttpResponse.json(stored.flow);
        }),
      ),
      http.get('/api/v1/flows/:flowId/versions', ({ params }) => {
        const stored = find(params);
        if (!stored) return missing();
        return HttpResponse.json({ versions: [...stored.versions].reverse().map(({ definition: _d, ...info }) => info) });
      }),
      http.get('/api/v1/flows/:flowId/versions/:version', ({ params }) => {
        const stored = find(params);
        const found = stored?.versions.find((v) => v.version === Number(params.version));
        if (!found) return missing();
        const published: PublishedFlow = { flowId: found.flowId, version: found.version, publishedAt: found.publishedAt, definition: found.definition };
        return HttpResponse.json(published);
      }),
      http.post('/api/v1/flows/:flowId/versions/:version/restore', ({ request, params }) => {
        const stored = find(params);
        const found = stored?.versions.find((v) => v.version === Number(params.version));
        if (!stored || !found) return HttpResponse.json({ error: { code: 'unknown-version', message: 'No such version.' } }, { status: 404 });
        const ifMatch = request.headers.get('if-match');
        this.restores.push({ flowId: stored.flow.id, version: found.version, ifMatch });
        if (ifMatch && ifMatch !== `"${stored.flow.revision}"`) {
          const { revision, draftUpdatedBy, updatedAt } = stored.flow;
          return HttpResponse.json({ error: { code: 'draft-changed', message: 'The draft was changed.', revision, changedBy: draftUpdatedBy, changedAt: updatedAt } }, { status: 412 });
        }
        this.save(stored, found.definition, ME);
        return HttpResponse.json(stored.flow, { headers: this.etagOf(stored) });
      }),
      http.post('/api/v1/flows/:flowId/versions', ({ params }) => {
        const flowId = String(params.flowId);
        const stored = find(params);
        if (!stored) return missing();
        this.publishes.push(flowId);
        const check = checkFlow(stored.flow.draft);
        if (!check.ok) {
          return HttpResponse.json({ error: { code: 'invalid-flow', message: 'The draft has problems.', issues: check.problems } }, { status: 422 });
        }
        const version = (stored.flow.latestVersion ?? 0) + 1;
        stored.flow = { ...stored.flow, latestVersion: version };
        const published: PublishedFlow = { flowId, version, publishedAt: new Date().toISOString(), definition: check.flow };
        stored.versions.push({ ...published, publishedBy: ME });
        return HttpResponse.json(published, { status: 201 });
      }),
    );
    return this;
  }
}
