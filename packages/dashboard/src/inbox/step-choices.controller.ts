import type { ReactiveControllerHost } from 'lit';
import type { AnswerItem, FlowSummary } from '@reelback/shared';
import type { ApiClient } from '../api/api-client.js';
import { flowSteps, type StepChoice } from './answers-api.js';
import type { InboxFilters } from './inbox-query.js';

/**
 * The step filter's choices: the chosen flow's answerable steps (fetched once per flow per page visit), plus any
 * step the loaded answers or the filter name. A refresh overtaken by a newer one is dropped.
 */
export class StepChoicesController {
  steps: StepChoice[] = [];
  private token = 0;
  private readonly byFlow = new Map<string, Promise<StepChoice[]>>();

  constructor(
    /** Re-renders the host when the state changes (no lifecycle of its own to hook into). */
    private readonly host: Pick<ReactiveControllerHost, 'requestUpdate'>,
    private readonly api: () => ApiClient | undefined,
  ) {}

  async refresh(filters: InboxFilters, items: readonly AnswerItem[], flows: readonly FlowSummary[]): Promise<void> {
    const token = ++this.token;
    const { flowId, stepId } = filters;
    const fromAnswers = new Set(items.filter((a) => !flowId || a.flowId === flowId).map((a) => a.stepId));
    if (stepId) fromAnswers.add(stepId);
    let steps: StepChoice[] = [];
    const flow = flowId ? flows.find((f) => f.id === flowId) : undefined;
    const api = this.api();
    if (flow && api) {
      try {
        let pending = this.byFlow.get(flow.id);
        if (!pending) this.byFlow.set(flow.id, (pending = flowSteps(api, flow)));
        steps = await pending;
      } catch {
        this.byFlow.delete(flow.id);
        steps = []; // the answers' steps still fill the list
      }
    }
    if (token !== this.token) return;
    const known = new Set(steps.map((s) => s.id));
    this.steps = [...steps, ...[...fromAnswers].filter((id) => !known.has(id)).sort().map((id) => ({ id, label: id }))];
    this.host.requestUpdate();
  }
}
