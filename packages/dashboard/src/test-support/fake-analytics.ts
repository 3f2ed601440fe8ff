// The analytics API as the analytics page uses it (#6): the flows list, and per flow the metrics and the time
// series, answered by `version` (all versions when absent). Records every request's path and query.
import { http, HttpResponse } from 'msw';
import type { AnalyticsTimeseries, FlowAnalytics, FlowSummary, VariableSplit } from '@reelback/shared';
import { FakeApi, flowsListed, worker } from './fake-api.js';
import { allVersions, ANALYTICS_FLOWS, dailySeries, hourlySeries, variableSplit, version1, version2 } from './analytics-fixtures.js';

export interface AnalyticsRequest {
  path: string;
  params: URLSearchParams;
}

export class FakeAnalytics {
  flows: FlowSummary[] = ANALYTICS_FLOWS;
  /** Keyed by the `version` parameter, `all` when absent. */
  metrics = new Map<string, FlowAnalytics>([
    ['all', allVersions()],
    ['1', version1()],
    ['2', version2()],
  ]);
  series = new Map<string, AnalyticsTimeseries>([
    ['all', dailySeries()],
    ['1', dailySeries(1)],
    ['2', dailySeries(2)],
  ]);
  /** The split by a variable (`…/analytics/variables/:variable`), by its name. */
  split: (variable: string) => VariableSplit | undefined = variableSplit;
  /** Every analytics request answers 400 with this message (and issue) while set. */
  badRequest: { message: string; issues: { path: string[]; message: string }[] } | null = null;
  readonly requests: AnalyticsRequest[] = [];
  readonly base = new FakeApi();

  /** The analytics (not time series) requests, their queries as strings in order. */
  metricQueries(): string[] {
    return this.requests.filter((r) => r.path.endsWith('/analytics')).map((r) => r.params.toString());
  }

  install(): this {
    this.base.signedIn = true;
    this.base.install();
    const answer = <T>(request: Request, flowId: string, pick: (version: string, params: URLSearchParams) => T | undefined) => {
      const url = new URL(request.url);
      this.requests.push({ path: url.pathname, params: url.searchParams });
      if (this.badRequest) {
        return HttpResponse.json({ error: { code: 'validation-failed', message: this.badRequest.message, issues: this.badRequest.issues } }, { status: 400 });
      }
      const body = this.flows.some((f) => f.id === flowId) ? pick(url.searchParams.get('version') ?? 'all', url.searchParams) : undefined;
      return body ? HttpResponse.json(body as object) : HttpResponse.json({ error: { code: 'not-found', message: 'No such flow or version.' } }, { status: 404 });
    };
    worker.use(
      http.get('/api/v1/flows', ({ request }) => HttpResponse.json({ flows: flowsListed(this.flows, request) })),
      http.get('/api/v1/flows/:flowId/analytics', ({ request, params }) => answer(request, String(params.flowId), (v) => this.metrics.get(v))),
      http.get('/api/v1/flows/:flowId/analytics/variables/:variable', ({ request, params }) =>
        answer(request, String(params.flowId), () => this.split(String(params.variable))),
      ),
      http.get('/api/v1/flows/:flowId/analytics/timeseries', ({ request, params }) =>
        answer(request, String(params.flowId), (v, query) => (query.get('interval') === 'hour' ? hourlySeries() : this.series.get(v))),
      ),
    );
    return this;
  }
}
