import { describe, expect, it } from 'vitest';
import { advanceSession, NEW_SESSION, type SessionProgress } from './session-progress.js';
import { ViewerEvent } from './viewer-event.schema.js';
import { uuidv7 } from './uuidv7.js';
import { branchingFlow, rulesFlow } from '../test-support/flow-fixtures.js';

const ref = { sessionId: uuidv7(), flowId: 'f1', flowVersion: 1 };
type Data = Record<string, unknown>;
const event = (type: ViewerEvent['type'], data: Data): ViewerEvent =>
  ViewerEvent.parse({ specversion: '1.0', id: uuidv7(), source: 'test', time: new Date().toISOString(), type, data: { ...ref, ...data } });

const started = event('reelback.session.started', { context: { embedMode: 'inline' } });
const viewed = (stepId: string) => event('reelback.step.viewed', { stepId });
const chose = (stepId: string, optionId: string, nextStepId: string | null) =>
  event('reelback.choice.selected', { stepId, optionId, nextStepId });

function run(events: ViewerEvent[]): { progress: SessionProgress; reasons: string[] } {
  let progress = NEW_SESSION;
  const reasons: string[] = [];
  for (const e of events) {
    const result = advanceSession(branchingFlow, progress, e);
    if (result.ok) progress = result.progress;
    else reasons.push(result.reason);
  }
  return { progress, reasons };
}

describe('advanceSession', () => {
  it('walks a whole branch to completion', () => {
    const { progress, reasons } = run([
      started,
      viewed('start'),
      event('reelback.video.progressed', { stepId: 'start', percent: 25 }),
      chose('start', 'a', 'rate'),
      viewed('rate'),
      event('reelback.answer.submitted', { stepId: 'rate', answer: { kind: 'rating', value: 5 }, nextStepId: 'end' }),
      viewed('end'),
      event('reelback.session.completed', { endStepId: 'end' }),
    ]);
    expect(reasons).toEqual([]);
    expect(progress).toEqual({ started: true, completed: true, currentStepId: 'end', allowedNextStepId: null });
  });

  it('allows viewing the current step again (a reload) and changing an answer before moving on', () => {
    const { reasons, progress } = run([started, viewed('start'), viewed('start'), chose('start', 'a', 'rate'), chose('start', 'b', 'contact'), viewed('contact')]);
    expect(reasons).toEqual([]);
    expect(progress.currentStepId).toBe('contact');
  });

  it('refuses events out of order and off the flow', () => {
    expect(run([viewed('start')]).reasons).toEqual(['the session has not started: send reelback.session.started first']);
    expect(run([started, started]).reasons).toEqual(['the session has already started']);
    expect(run([started, chose('start', 'a', 'rate')]).reasons).toEqual(['step "start" is not the step being viewed']);
    expect(run([started, viewed('rate')]).reasons).toEqual(['step "rate" cannot be viewed now: the flow leads to "start"']);
    expect(run([started, viewed('start'), chose('start', 'a', 'contact')]).reasons).toEqual([
      'nextStepId "contact" does not follow from this answer; the flow leads to "rate"',
    ]);
    expect(run([started, viewed('start'), chose('start', 'a', 'rate'), viewed('contact')]).reasons).toEqual([
      'step "contact" cannot be viewed now: the flow leads to "rate"',
    ]);
    expect(run([started, viewed('nope')]).reasons).toEqual(['step "nope" is not in this flow version']);
    expect(run([started, viewed('start'), event('reelback.session.completed', { endStepId: 'start' })]).reasons).toEqual([
      'the session can only complete on the end step being viewed, not "start"',
    ]);
  });

  it('refuses moves after completion but keeps video progress on the end step', () => {
    const path = [started, viewed('start'), chose('start', 'a', 'rate'), viewed('rate')];
    const finish = [
      event('reelback.answer.submitted', { stepId: 'rate', answer: { kind: 'rating', value: 1 }, nextStepId: 'end' }),
      viewed('end'),
      event('reelback.session.completed', { endStepId: 'end' }),
    ];
    const { reasons } = run([...path, ...finish, event('reelback.video.progressed', { stepId: 'end', percent: 100 }), viewed('end'), event('reelback.session.completed', { endStepId: 'end' })]);
    expect(reasons).toEqual(['the session is already completed', 'the session is already completed']);
  });
});

describe('ViewerEvent', () => {
  it('requires a CloudEvents 1.0 envelope with a UUIDv7 id', () => {
    const base = { specversion: '1.0', id: uuidv7(), source: 's', time: new Date().toISOString(), type: 'reelback.step.viewed', data: { ...ref, stepId: 'a' } };
    expect(ViewerEvent.safeParse(base).success).toBe(true);
    const wrong = ViewerEvent.safeParse({ ...base, id: '4a9f0f8e-6c1b-4d3e-9a1f-2b3c4d5e6f70', specversion: '0.3' });
    expect(wrong.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['id', 'specversion']);
    expect(ViewerEvent.safeParse({ ...base, type: 'reelback.unknown' }).success).toBe(false);
  });

  it('makes time-ordered ids', () => {
    const ids = Array.from({ length: 50 }, () => uuidv7());
    expect([...ids].sort()).toEqual(ids);
  });
});

describe('advanceSession with rules and variables', () => {
  const answered = (stepId: string, answer: Data, nextStepId: string | null) => event('reelback.answer.submitted', { stepId, answer, nextStepId });
  function runRules(events: ViewerEvent[], vars: Record<string, string> = {}) {
    let progress = NEW_SESSION;
    const reasons: string[] = [];
    for (const e of events) {
      const result = advanceSession(rulesFlow, progress, e, vars);
      if (result.ok) progress = result.progress;
      else reasons.push(result.reason);
    }
    return { progress, reasons };
  }

  it('follows score, typed-answer and contact rules and remembers answers for later rules', () => {
    const { progress, reasons } = runRules([
      started,
      viewed('intro'),
      chose('intro', 'no', 'nps'),
      viewed('nps'),
      answered('nps', { kind: 'nps', value: 3 }, 'why'),
      viewed('why'),
      answered('why', { kind: 'text', text: 'slow' }, 'contact'),
      viewed('contact'),
      // Rule 2 of "contact": "no" at intro → thanks.
      answered('contact', { kind: 'contact', fields: { email: 'ann@example.com' }, consent: false }, 'thanks'),
      viewed('thanks'),
      event('reelback.session.completed', { endStepId: 'thanks' }),
    ]);
    expect(reasons).toEqual([]);
    expect(progress).toMatchObject({ completed: true, answers: { intro: { option: 'no' }, nps: { score: 3 }, why: { typed: true } } });
  });

  it('refuses a move the rules do not allow, naming where the flow leads', () => {
    const { reasons } = runRules([started, viewed('intro'), chose('intro', 'yes', 'nps'), viewed('nps'), answered('nps', { kind: 'nps', value: 9 }, 'thanks')]);
    expect(reasons).toEqual(['nextStepId "thanks" does not follow from this answer; the flow leads to "contact"']);
  });

  it("branches on the session's variables", () => {
    expect(runRules([started, viewed('intro'), chose('intro', 'yes', 'contact')], { plan: 'enterprise' }).reasons).toEqual([]);
    expect(runRules([started, viewed('intro'), chose('intro', 'yes', 'contact')], { plan: 'pro' }).reasons).toEqual([
      'nextStepId "contact" does not follow from this answer; the flow leads to "nps"',
    ]);
  });

  it('keeps no answers for flows without rules (progress stays as small as before)', () => {
    const { progress } = run([started, viewed('start'), chose('start', 'a', 'rate')]);
    expect(progress).not.toHaveProperty('answers');
  });
});
