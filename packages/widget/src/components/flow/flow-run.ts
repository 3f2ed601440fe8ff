import type { AnswerValue, FlowDefinition, SessionContext, Step, StepInput, ViewerEvent } from '@reelback/shared';
import { answeredFrom, findStep, nextStep } from '@reelback/shared/branching';
import { VIDEO_PROGRESS_MARKS } from '@reelback/shared/event-types';
import { cloudEvent, type SessionRef } from '../../events/cloud-event.js';
import type { SessionState } from '../../session/session-store.js';

type Mark = (typeof VIDEO_PROGRESS_MARKS)[number];

export interface FlowRunOptions {
  definition: FlowDefinition;
  state: SessionState;
  /** Every event goes here, in order (to the event client and as a DOM event). */
  emit: (event: ViewerEvent) => void;
  /** Called after every change of state, so a reload can resume. */
  save: (state: SessionState) => void;
}

/**
 * One viewer's way through one flow: which step is on screen and which events that implies.
 * It never emits an event twice in a session (a resumed run skips `session.started` and the
 * `step.viewed` of the step already on screen), and it only moves along `nextStep`'s branches,
 * in the order the server's `advanceSession` accepts.
 */
export class FlowRun {
  readonly definition: FlowDefinition;
  state: SessionState;
  private readonly emit: (event: ViewerEvent) => void;
  private readonly save: (state: SessionState) => void;
  /** `start` or `resume`, held until the viewer can see the player (see `openWhenShown`). */
  private opening: (() => void) | null = null;

  constructor(options: FlowRunOptions) {
    this.definition = options.definition;
    this.state = options.state;
    this.emit = options.emit;
    this.save = options.save;
  }

  static newState(ref: SessionRef, startStepId: string, vars: Record<string, string> = {}): SessionState {
    return { ...ref, stepId: startStepId, viewed: [], marks: [], completed: false, vars, updatedAt: Date.now() };
  }

  get ref(): SessionRef {
    const { sessionId, flowId, flowVersion } = this.state;
    return { sessionId, flowId, flowVersion };
  }

  get step(): Step {
    const step = findStep(this.definition, this.state.stepId);
    if (!step) throw new Error(`step "${this.state.stepId}" is not in this flow`);
    return step;
  }

  /**
   * Holds the run's first events (`session.started`, the step's `step.viewed`: the impression) until `shown()`, so a
   * player loaded ahead of the viewport, then never scrolled to, counts no view. Anything the viewer does sends
   * them first: nobody answers a player they cannot see, but the server must get them in order all the same.
   */
  openWhenShown(open: () => void): void {
    this.opening = open;
  }

  /** The viewer can see the player: sends what `openWhenShown` held (once). */
  shown(): void {
    const open = this.opening;
    this.opening = null;
    open?.();
  }

  /** Whether the run still waits to be seen before it sends its first events. */
  get waitingToBeShown(): boolean {
    return this.opening !== null;
  }

  /** Starts a new session (with its context) and shows the first step. */
  start(context: SessionContext): void {
    this.emit(cloudEvent('reelback.session.started', this.ref, { context }));
    this.view();
  }

  /** Shows the current step again after a reload: only what was not sent yet is sent. */
  resume(): void {
    // A session resumed because its viewer left by a link resumes once only.
    if (this.state.leftByLink) this.state = { ...this.state, leftByLink: false };
    this.view();
  }

  /** The viewer picked an option: follow its branch. Returns false when it does not fit the step. */
  choose(optionId: string): boolean {
    this.shown();
    if (this.state.completed) return false;
    const stepId = this.state.stepId;
    const result = this.branch(stepId, { kind: 'choice', optionId });
    if (!result.ok) return false;
    this.emit(cloudEvent('reelback.choice.selected', this.ref, { stepId, optionId, nextStepId: result.next }));
    this.moveTo(result.next);
    return true;
  }

  /**
   * The viewer answered a rating, NPS, open or contact step: sends `answer.submitted` with the branch it
   * leads to. Returns false (and sends nothing) when the answer does not fit the step.
   */
  answer(answer: AnswerValue): boolean {
    this.shown();
    if (this.state.completed) return false;
    const stepId = this.state.stepId;
    const result = this.branch(stepId, { kind: 'answer', answer });
    if (!result.ok) return false;
    this.emit(cloudEvent('reelback.answer.submitted', this.ref, { stepId, answer, nextStepId: result.next }));
    this.moveTo(result.next);
    return true;
  }

  /** The viewer followed the call to action (whose `url` is recorded as given). */
  clickCta(url: string): boolean {
    this.shown();
    if (this.state.completed) return false;
    const stepId = this.state.stepId;
    const result = this.branch(stepId, { kind: 'cta' });
    if (!result.ok) return false;
    this.emit(cloudEvent('reelback.cta.clicked', this.ref, { stepId, url: url.slice(0, 2048), nextStepId: result.next }));
    this.moveTo(result.next);
    return true;
  }

  /**
   * The viewer leaves this page by the call to action just clicked (same tab): the next page showing this flow
   * resumes this session at the step it went on to, even an end step (shown once, nothing sent again), instead of
   * starting a new session that skips it.
   */
  leaving(): void {
    this.shown();
    this.state = { ...this.state, leftByLink: true };
    this.persist();
  }

  /** The current step's video reached `percent`: sends each mark up to it once. */
  progressed(percent: number): void {
    this.shown();
    const stepId = this.state.stepId;
    const sent = this.state.marks;
    const due = VIDEO_PROGRESS_MARKS.filter((mark: Mark) => percent >= mark && !sent.includes(mark));
    if (!due.length) return;
    this.state = { ...this.state, marks: [...sent, ...due] };
    for (const mark of due) this.emit(cloudEvent('reelback.video.progressed', this.ref, { stepId, percent: mark }));
    this.persist();
  }

  /** Where an input leads, by the flow's rules with this session's variables and earlier answers; remembers the answer. */
  private branch(stepId: string, input: StepInput) {
    const { vars, answers } = this.state;
    const result = nextStep(this.definition, stepId, input, { vars, answers });
    const answer = answeredFrom(input);
    if (result.ok && answer && this.definition.steps.some((s) => s.rules?.length)) {
      this.state = { ...this.state, answers: { ...answers, [stepId]: answer } };
    }
    return result;
  }

  private moveTo(next: string | null): void {
    if (next === null || !findStep(this.definition, next)) {
      // A branch that leads nowhere ends the run where it is (validation should prevent it).
      this.persist();
      return;
    }
    if (next !== this.state.stepId) this.state = { ...this.state, stepId: next, marks: [] };
    this.view();
  }

  private view(): void {
    const { stepId } = this.state;
    // Sent unless it was the last view sent: a resumed step is not viewed twice, a loop back is.
    if (this.state.viewed[this.state.viewed.length - 1] !== stepId) {
      this.state = { ...this.state, viewed: [...this.state.viewed, stepId] };
      this.emit(cloudEvent('reelback.step.viewed', this.ref, { stepId }));
    }
    if (this.step.answer.type === 'end' && !this.state.completed) {
      this.state = { ...this.state, completed: true };
      this.emit(cloudEvent('reelback.session.completed', this.ref, { endStepId: stepId }));
    }
    this.persist();
  }

  private persist(): void {
    this.state = { ...this.state, updatedAt: Date.now() };
    this.save(this.state);
  }
}
