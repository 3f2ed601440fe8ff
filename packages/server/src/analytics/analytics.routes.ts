import {
  AnalyticsQuery,
  AnalyticsTimeseries,
  AnalyticsTimeseriesQuery,
  FlowAnalytics,
  FlowId,
  VariableName,
  VariableSplit,
  VariableSplitQuery,
} from '@reelback/shared';
import * as z from 'zod';
import { scopeOf } from '../http/owner-auth.js';
import { type ApiRoute, defineRoute } from '../http/route.js';
import type { AnalyticsService } from './analytics.service.js';

const tag = 'Analytics';
const FlowParams = z.object({ flowId: FlowId });
const VariableParams = z.object({ flowId: FlowId, variable: VariableName });

const FILTERS =
  'A session counts when it was created in [`from`, `to`) and matches every segment given: `device` ' +
  '(mobile|tablet|desktop), `referrer` (host name), `utmSource`, `utmMedium`, `utmCampaign`, `embedMode`, `locale` ' +
  '(the language the viewer was shown: `de` takes its regions too; sessions since the widget spoke languages), and ' +
  'any number of `var.<name>=<value>` (the session variable `<name>` had exactly that value; `<name>` must be a ' +
  'variable the flow declares — else a 422 `unknown-variable` naming it — and the value at most its `maxLength`). ' +
  '`from`/`to` take an ISO date-time with offset, or a date meaning the start of that day in the workspace time ' +
  'zone; `to` defaults to now, `from` to 30 days before `to`. `version` picks one published version (all when ' +
  'absent). Every count is of distinct sessions: reloads and retried events count once. Unknown parameters are a 400.';

export function analyticsRoutes(analytics: AnalyticsService): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/flows/:flowId/analytics',
      operationId: 'getFlowAnalytics',
      summary: "A flow's funnel, drop-off, time on step, video progress, choices, ratings, NPS and answers by kind",
      description:
        `${FILTERS} Impressions are sessions created (the widget makes one when it shows the flow; there is no ` +
        'separate impression event); starts and completions are sessions whose `session.started` / ' +
        '`session.completed` was stored. Per step: sessions that viewed it, answered it, dropped there (their last ' +
        'viewed step, not completed), the median time from first viewing it to leaving it (viewer clock), and ' +
        'sessions whose video reached each mark. Choices, ratings, NPS and answers count each session’s last answer per step.',
      tag,
      access: 'owner',
      params: FlowParams,
      query: AnalyticsQuery,
      responses: {
        200: { description: 'The metrics', schema: FlowAnalytics },
        400: { description: 'A bad parameter (named in the issues)' },
        404: { description: 'No such flow or version' },
        422: { description: 'A `var.<name>` segment names a variable the flow does not declare (`unknown-variable`)' },
      },
      handler: async ({ params, query, c }) => c.json(await analytics.flow(scopeOf(c), params.flowId, query), 200),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/flows/:flowId/analytics/timeseries',
      operationId: 'getFlowAnalyticsTimeseries',
      summary: 'Starts and completions per local hour or day of the workspace time zone',
      description:
        `${FILTERS} \`interval\` is \`day\` (default) or \`hour\`; buckets follow the workspace's clock, so a day ` +
        'around a DST change has 23 or 25 hours and the repeated autumn hour is two buckets (told apart by the ' +
        'offset in their label). Every bucket of the range is listed, empty ones included. Starts count sessions ' +
        'started in the bucket; completions count sessions completed in it (server clock), whenever they started.',
      tag,
      access: 'owner',
      params: FlowParams,
      query: AnalyticsTimeseriesQuery,
      responses: {
        200: { description: 'The buckets', schema: AnalyticsTimeseries },
        400: { description: 'A bad parameter, or too many buckets (named in the issues)' },
        404: { description: 'No such flow or version' },
        422: { description: 'A `var.<name>` segment names a variable the flow does not declare (`unknown-variable`)' },
      },
      handler: async ({ params, query, c }) => c.json(await analytics.timeseries(scopeOf(c), params.flowId, query), 200),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/flows/:flowId/analytics/variables/:variable',
      operationId: 'getFlowAnalyticsByVariable',
      summary: 'Sessions, starts, completions and completion rate per value of one declared session variable',
      description:
        `${FILTERS} Values are listed the most sessions first (ties by value), at most \`limit\` (default 10); ` +
        'sessions that passed no value for the variable are the row whose `value` is null. Every other value is ' +
        'gathered into `other` (with how many values it holds), so the rows add up to the whole. Completion rate is ' +
        'completions / starts.',
      tag,
      access: 'owner',
      params: VariableParams,
      query: VariableSplitQuery,
      responses: {
        200: { description: 'The values', schema: VariableSplit },
        400: { description: 'A bad parameter (named in the issues)' },
        404: { description: 'No such flow or version' },
        422: { description: 'The flow declares no such variable (`unknown-variable`, naming it)' },
      },
      handler: async ({ params, query, c }) => c.json(await analytics.variableSplit(scopeOf(c), params.flowId, params.variable, query), 200),
    }),
  ];
}
