import type { AnswerItem, AnswerJourney, FlowDefinition, JourneyResponse, JourneyStep, ReelbackEvent, Step, ViewerEventOf } from '@reelback/shared';
import { notFound } from '../errors/service-error.js';
import type { FlowVersionCache } from '../flows/flow-versions.js';
import type { AnswerRecord, AnswerStore } from '../ports/answer-store.js';
import type { SessionStore } from '../ports/session-store.js';
import type { Scope } from '../ports/store-types.js';
import { shownValue } from './answers.service.js';

type StepEvent = ViewerEventOf<'reelback.step.viewed' | 'reelback.choice.selected' | 'reelback.answer.submitted' | 'reelback.cta.clicked'>;
type Visit = Omit<JourneyStep, 'title' | 'type'>;

const STEP_EVENTS = new Set<string>(['reelback.step.viewed', 'reelback.choice.selected', 'reelback.answer.submitted', 'reelback.cta.clicked']);
const isStepEvent = (event: ReelbackEvent): event is StepEvent => STEP_EVENTS.has(event.type);

/** Viewer clocks send any offset; the journey speaks UTC like the rest of the API. */
const utc = (time: string) => new Date(time).toISOString();

function describeStep(definition: FlowDefinition | undefined, stepId: string): { title: string; type: string; step: Step | undefined } {
  const step = definition?.steps.find((s) => s.id === stepId);
  // Title and text are optional in a flow; the id is what the owner named the step otherwise.
  return { title: step?.prompt.title ?? step?.prompt.text ?? stepId, type: step?.answer.type ?? 'unknown', step };
}

/**
 * The path a viewer took through a flow up to one answer, rebuilt from the session's stored viewer events (in the
 * order they were accepted) and the published version the session ran, so titles and option labels are those the
 * viewer saw.
 */
export class AnswerJourneyService {
  constructor(
    private readonly answers: AnswerStore,
    private readonly sessions: SessionStore,
    private readonly versions: FlowVersionCache,
  ) {}

  async journey(scope: Scope, answerId: string): Promise<AnswerJourney> {
    const answer = await this.answers.get(scope, answerId);
    const session = answer && (await this.sessions.getWithEvents(scope, answer.sessionId));
    if (!answer || !session) throw notFound('unknown-answer', `there is no answer "${answerId}"`);
    const definition = await this.versions.definition(session.flowId, session.flowVersion);

    const visits: Visit[] = [];
    for (const { event } of session.events) {
      if (!isStepEvent(event)) continue;
      const { stepId } = event.data;
      const last = visits.at(-1);
      const open = last !== undefined && last.stepId === stepId && last.response === null ? last : undefined;
      if (event.type === 'reelback.step.viewed') {
        // A repeated view of the step the viewer is on (a reload) is not a new visit.
        if (!open) visits.push({ stepId, at: utc(event.time), response: null, current: false });
        continue;
      }
      const response = await this.responseOf(scope, event, describeStep(definition, stepId).step, answer);
      const current = event.type === 'reelback.answer.submitted' && event.id === answer.id;
      if (open) Object.assign(open, { response, current });
      // A response whose step.viewed never arrived (lost, or sent by an older widget) still counts as a visit.
      else visits.push({ stepId, at: utc(event.time), response, current });
      if (current) break;
    }
    if (!visits.some((v) => v.current)) {
      // The answer row exists but its event is not among the session's (cannot happen while rows follow events):
      // still show the answer rather than fail.
      visits.push({ stepId: answer.stepId, at: answer.submittedAt, response: shownResponse(shownValue(answer), answer.id), current: true });
    }

    const { context } = session;
    return {
      answerId: answer.id,
      sessionId: session.id,
      flowId: session.flowId,
      flowVersion: session.flowVersion,
      startedAt: session.startedAt,
      context: {
        pageUrl: context.pageUrl ?? null,
        referrer: context.referrer ?? null,
        locale: context.locale ?? null,
        embedMode: context.embedMode ?? null,
      },
      steps: visits.map((visit) => {
        const { title, type } = describeStep(definition, visit.stepId);
        return { stepId: visit.stepId, title, type, at: visit.at, response: visit.response, current: visit.current };
      }),
    };
  }

  private async responseOf(scope: Scope, event: StepEvent, step: Step | undefined, known: AnswerRecord): Promise<JourneyResponse | null> {
    switch (event.type) {
      case 'reelback.step.viewed':
        return null;
      case 'reelback.cta.clicked':
        return { kind: 'cta' };
      case 'reelback.choice.selected': {
        const { optionId } = event.data;
        const option = step?.answer.type === 'choice' ? step.answer.options.find((o) => o.id === optionId) : undefined;
        return { kind: 'choice', optionId, label: option?.label ?? optionId };
      }
      case 'reelback.answer.submitted': {
        // Each answer event has its answer row (same id), and the inbox's rule (shownValue) decides what of it is shown.
        const row = event.id === known.id ? known : await this.answers.get(scope, event.id);
        if (row) return shownResponse(shownValue(row), row.id);
        // No row to ask: contact fields are withheld rather than served on a guess.
        const value = event.data.answer;
        return shownResponse(value.kind === 'contact' ? { kind: 'contact', consent: false } : value, null);
      }
    }
  }
}

/** An answer's value as the inbox shows it, as a journey response. */
function shownResponse(value: AnswerItem['value'], answerId: string | null): JourneyResponse {
  switch (value.kind) {
    case 'rating':
    case 'nps':
      return { kind: value.kind, value: value.value };
    case 'text':
      return { kind: 'text', text: value.text };
    case 'video':
    case 'audio':
      return { kind: value.kind, clipId: value.clipId, answerId };
    case 'contact':
      return value.consent === true && 'fields' in value ? { kind: 'contact', consent: true, fields: value.fields } : { kind: 'contact', consent: false };
  }
}
