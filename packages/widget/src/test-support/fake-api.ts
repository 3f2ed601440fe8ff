// A stand-in for the Reelback API in component tests: msw's service worker answers the widget's
// requests and records them, with switches for failures.
import { http, HttpResponse } from 'msw';
import { setupWorker } from 'msw/browser';
import type { FlowDefinition, PublishedFlow, StartSessionRequest, ViewerEvent } from '@reelback/shared';

export const worker = setupWorker();
let started: Promise<unknown> | null = null;

export function startWorker(): Promise<unknown> {
  started ??= worker.start({ quiet: true, onUnhandledRequest: 'bypass', serviceWorker: { url: '/mockServiceWorker.js' } });
  return started;
}

export type Failure = 'network' | number;

export class FakeApi {
  readonly endpoint = location.origin;
  readonly flows = new Map<string, PublishedFlow>();
  readonly sessionRequests: StartSessionRequest[] = [];
  /** Every batch received, as sent (duplicates included). */
  readonly batches: ViewerEvent[][] = [];
  /** When each batch arrived (performance.now()). */
  readonly batchTimes: number[] = [];
  /** Content types of the event requests, in order. */
  readonly contentTypes: string[] = [];
  /** Answers for the next event requests, used up in order. */
  readonly eventFailures: Failure[] = [];
  readonly flowFailures: Failure[] = [];
  /** Makes the server refuse some events (a 422 for the batch). */
  reject: (event: ViewerEvent) => string | null = () => null;
  requestCount = 0;
  private readonly seen = new Set<string>();
  /** Events the server holds, once each, in the order received. */
  readonly stored: ViewerEvent[] = [];

  publish(flowId: string, definition: FlowDefinition, version = 1): this {
    this.flows.set(flowId, { flowId, version, publishedAt: new Date().toISOString(), definition });
    return this;
  }

  install(): this {
    worker.resetHandlers(
      http.get(`${this.endpoint}/api/v1/flows/:flowId/published`, ({ params }) => {
        this.requestCount++;
        const failure = this.flowFailures.shift();
        if (failure === 'network') return HttpResponse.error();
        if (failure) return HttpResponse.json({ error: { code: 'failure', message: 'failure' } }, { status: failure });
        const flow = this.flows.get(String(params.flowId));
        if (!flow) return HttpResponse.json({ error: { code: 'not-found', message: 'no such flow' } }, { status: 404 });
        return HttpResponse.json(flow);
      }),
      http.post(`${this.endpoint}/api/v1/sessions`, async ({ request }) => {
        this.requestCount++;
        const body = (await request.json()) as StartSessionRequest;
        this.sessionRequests.push(body);
        const flow = this.flows.get(body.flowId)!;
        return HttpResponse.json(
          { sessionId: body.sessionId, flowId: body.flowId, flowVersion: flow.version, startStepId: flow.definition.steps[0]!.id },
          { status: 201 },
        );
      }),
      http.post(`${this.endpoint}/api/v1/events`, async ({ request }) => {
        this.requestCount++;
        this.contentTypes.push(request.headers.get('content-type') ?? '');
        const { events } = JSON.parse(await request.text()) as { events: ViewerEvent[] };
        this.batches.push(events);
        this.batchTimes.push(performance.now());
        const failure = this.eventFailures.shift();
        if (failure === 'network') return HttpResponse.error();
        if (failure) return HttpResponse.json({ error: { code: 'failure', message: `status ${failure}` } }, { status: failure });
        const accepted: string[] = [];
        const duplicates: string[] = [];
        const rejected: { id: string; reason: string }[] = [];
        for (const event of events) {
          const reason = this.reject(event);
          if (reason) rejected.push({ id: event.id, reason });
          else if (this.seen.has(event.id)) duplicates.push(event.id);
          else {
            this.seen.add(event.id);
            this.stored.push(event);
            accepted.push(event.id);
          }
        }
        if (rejected.length) {
          return HttpResponse.json(
            { accepted, duplicates, rejected, error: { code: 'rejected', message: 'some events were rejected' } },
            { status: 422 },
          );
        }
        return HttpResponse.json({ accepted, duplicates, rejected }, { status: 202 });
      }),
    );
    return this;
  }
}

export const UUIDV7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A short description of an event, for comparing sequences. */
export function describeEvent(event: ViewerEvent): string {
  const data = event.data as Record<string, unknown>;
  return [event.type, data.stepId ?? data.endStepId, data.optionId, data.percent, data.nextStepId === null ? 'null' : data.nextStepId]
    .filter((part) => part !== undefined)
    .join(' ');
}
