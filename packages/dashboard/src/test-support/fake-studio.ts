// The flows API as the studio uses it, played by msw: drafts with optional ETags (If-Match → 412 when stale, as
// the drafts API being built for #12 answers), publishing with the server's rule (no problems), new flows.
import { http, HttpResponse } from 'msw';
import { checkFlow, type FlowDefinition, type FlowSummary, type PublishedFlow } from '@reelback/shared';
import { worker } from './fake-api.js';

export interface SeenPut {
  flowId: string;
  ifMatch: string | null;
  csrf: string | null;
  definition: FlowDefinition;
}

interface Stored {
  flow: FlowSummary;
  revision: number;
}

export class FakeStudio {
  /** Whether GET/PUT answer with an `ETag` (today's server does not). */
  etags = false;
  readonly puts: SeenPut[] = [];
  readonly publishes: string[] = [];
  readonly created: FlowDefinition[] = [];
  private readonly flows = new Map<string, Stored>();

  add(id: string, draft: FlowDefinition, latestVersion: number | null = null): this {
    const flow: FlowSummary = {
      id,
      name: draft.name,
      draft,
      latestVersion,
      createdAt: '2026-12-01T09:00:00.000Z',
      updatedAt: '2026-12-01T09:00:00.000Z',
      problems: checkFlow(draft).problems,
    };
    this.flows.set(id, { flow, revision: 1 });
    return this;
  }

  draft(id: string): FlowDefinition {
    return this.flows.get(id)!.flow.draft;
  }

  /** Someone else saves `draft` (as `by`): our next save with the old tag gets a 412. */
  changeElsewhere(id: string, draft: FlowDefinition, by: { name: string }, at: string): void {
    const stored = this.flows.get(id)!;
    stored.flow = { ...stored.flow, draft, name: draft.name, updatedAt: at, problems: checkFlow(draft).problems, updatedBy: by } as FlowSummary;
    stored.revision++;
  }

  private etagOf(stored: Stored): Record<string, string> {
    return this.etags ? { ETag: `"r${stored.revision}"` } : {};
  }

  install(): this {
    const missing = () => HttpResponse.json({ error: { code: 'not-found', message: 'No such flow.' } }, { status: 404 });
    worker.use(
      http.get('/api/v1/flows', () => HttpResponse.json({ flows: [...this.flows.values()].map((s) => s.flow) })),
      http.post('/api/v1/flows', async ({ request }) => {
        const { definition } = (await request.json()) as { definition: FlowDefinition };
        this.created.push(definition);
        const id = `untitled-${this.created.length}`;
        this.add(id, definition);
        return HttpResponse.json(this.flows.get(id)!.flow, { status: 201 });
      }),
      http.get('/api/v1/flows/:flowId', ({ params }) => {
        const stored = this.flows.get(String(params.flowId));
        return stored ? HttpResponse.json(stored.flow, { headers: this.etagOf(stored) }) : missing();
      }),
      http.put('/api/v1/flows/:flowId', async ({ request, params }) => {
        const flowId = String(params.flowId);
        const stored = this.flows.get(flowId);
        if (!stored) return missing();
        const { definition } = (await request.json()) as { definition: FlowDefinition };
        const ifMatch = request.headers.get('if-match');
        this.puts.push({ flowId, ifMatch, csrf: request.headers.get('x-csrf-token'), definition });
        if (ifMatch && ifMatch !== this.etagOf(stored).ETag) {
          return HttpResponse.json({ error: { code: 'precondition-failed', message: 'The draft changed since you loaded it.' } }, { status: 412 });
        }
        stored.flow = { ...stored.flow, draft: definition, name: definition.name, problems: checkFlow(definition).problems, updatedAt: new Date().toISOString() };
        stored.revision++;
        return HttpResponse.json(stored.flow, { headers: this.etagOf(stored) });
      }),
      http.post('/api/v1/flows/:flowId/versions', ({ params }) => {
        const flowId = String(params.flowId);
        const stored = this.flows.get(flowId);
        if (!stored) return missing();
        this.publishes.push(flowId);
        const check = checkFlow(stored.flow.draft);
        if (!check.ok) {
          return HttpResponse.json({ error: { code: 'invalid-flow', message: 'The draft has problems.', issues: check.problems } }, { status: 422 });
        }
        const version = (stored.flow.latestVersion ?? 0) + 1;
        stored.flow = { ...stored.flow, latestVersion: version };
        const published: PublishedFlow = { flowId, version, publishedAt: new Date().toISOString(), definition: check.flow };
        return HttpResponse.json(published, { status: 201 });
      }),
    );
    return this;
  }
}
