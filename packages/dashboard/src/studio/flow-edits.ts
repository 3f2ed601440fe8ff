// The studio's edits of a flow definition: pure functions from one definition to the next (never mutating), so the
// editor's history can keep every state and undo is a pointer move. Types only from @reelback/shared.
import type { AnswerSpec, AnswerType, FlowDefinition, Step } from '@reelback/shared';

export const ANSWER_TYPES: { type: AnswerType; label: string }[] = [
  { type: 'choice', label: 'Choice' },
  { type: 'open', label: 'Open answer (video, audio, text)' },
  { type: 'rating', label: 'Rating' },
  { type: 'nps', label: 'NPS (0–10)' },
  { type: 'contact', label: 'Contact details' },
  { type: 'cta', label: 'Call to action' },
  { type: 'end', label: 'End' },
];

/** A new answer of `type` with the schema's defaults, so the draft stays valid where it can. */
export function defaultAnswer(type: AnswerType): AnswerSpec {
  switch (type) {
    case 'choice':
      return { type, options: [{ id: 'yes', label: 'Yes' }, { id: 'no', label: 'No' }] };
    case 'open':
      return { type, kinds: ['video', 'audio', 'text'], maxDurationSeconds: 120, maxTextLength: 2000 };
    case 'rating':
      return { type, scale: 5 };
    case 'nps':
      return { type, lowLabel: 'Not likely', highLabel: 'Very likely' };
    case 'contact':
      return { type, fields: [{ name: 'email', label: 'E-mail', required: true }] };
    case 'cta':
      return { type, label: 'Learn more', url: '/', openInNewTab: true };
    case 'end':
      return { type };
  }
}

/** The first `base-N` not used by any of `taken`. */
export function freshId(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  for (let n = 1; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** Every step id the step may go to: its default next and its options' targets. */
export function targetsOf(step: Step): string[] {
  const targets = step.answer.type === 'choice' ? step.answer.options.map((o) => o.next ?? step.next) : [step.next];
  return [...new Set(targets.filter((t): t is string => !!t))];
}

function withNext<T extends { next?: string }>(item: T, next: string | undefined): T {
  const { next: _dropped, ...rest } = item;
  return (next === undefined ? rest : { ...rest, next }) as T;
}

/**
 * Rules that go to `from` go to `to` (dropped when undefined); conditions testing `from` test `tested` (a renamed
 * step), or the rule is dropped (a deleted step: a rule about it could never match again).
 */
function retargetRules(step: Step, from: string, to: string | undefined, tested: string | undefined): Step {
  if (!step.rules?.some((r) => r.next === from || ('step' in r.when && r.when.step === from))) return step;
  const rules = step.rules.flatMap((rule) => {
    const next = rule.next === from ? to : rule.next;
    const about = 'step' in rule.when && rule.when.step === from;
    if (next === undefined || (about && tested === undefined)) return [];
    return [{ when: about ? { ...rule.when, step: tested } : rule.when, next }];
  });
  const { rules: _dropped, ...rest } = step;
  return rules.length ? { ...rest, rules } : rest;
}

/** Points every reference to `from` (default next, an option's or a rule's next) at `to`, or drops it when `to` is undefined. */
function retarget(steps: Step[], from: string, to: string | undefined, renamed = false): Step[] {
  return steps.map((step) => {
    let out = retargetRules(step.next === from ? withNext(step, to) : step, from, to, renamed ? to : undefined);
    if (out.answer.type === 'choice' && out.answer.options.some((o) => o.next === from)) {
      out = { ...out, answer: { ...out.answer, options: out.answer.options.map((o) => (o.next === from ? withNext(o, to) : o)) } };
    }
    return out;
  });
}

/**
 * Adds a new open-answer step after `afterId` (at the end when absent) and splices it into the path: the step before
 * goes on to the new one, which goes where the step before went. Left unconnected (its problems say so) where no path
 * runs through the step before's default next. Returns the new definition and the step's id.
 */
export function addStep(flow: FlowDefinition, afterId?: string): { flow: FlowDefinition; id: string } {
  const id = freshId('step', flow.steps.map((s) => s.id));
  const at = afterId === undefined ? -1 : flow.steps.findIndex((s) => s.id === afterId);
  const before = at >= 0 ? flow.steps[at] : undefined;
  // Only where the step's default next is followed: not after an end step, nor a choice whose options all go elsewhere.
  const spliceIn = before && before.answer.type !== 'end' && (before.answer.type !== 'choice' || before.answer.options.some((o) => !o.next));
  const blank: Step = { id, prompt: { title: 'New step' }, answer: defaultAnswer('open') };
  const step = withNext(blank, spliceIn ? before.next : undefined);
  const steps = [...flow.steps];
  if (before && spliceIn) steps[at] = withNext(before, id);
  steps.splice(at >= 0 ? at + 1 : steps.length, 0, step);
  return { flow: { ...flow, steps }, id };
}

/** Removes a step (never the last one); whatever led to it now leads where it went (or nowhere). */
export function deleteStep(flow: FlowDefinition, id: string): FlowDefinition {
  const gone = flow.steps.find((s) => s.id === id);
  if (!gone || flow.steps.length <= 1) return flow;
  const rest = flow.steps.filter((s) => s !== gone);
  const onward = gone.next && gone.next !== id ? gone.next : undefined;
  // Another step with the same id (a duplicate being fixed) still answers to it: keep the references then.
  return rest.some((s) => s.id === id) ? { ...flow, steps: rest } : { ...flow, steps: retarget(rest, id, onward) };
}

/** Moves a step `by` places in the flow's order (the first step is where every session starts). */
export function moveStep(flow: FlowDefinition, id: string, by: number): FlowDefinition {
  const from = flow.steps.findIndex((s) => s.id === id);
  const to = from + by;
  if (from < 0 || to < 0 || to >= flow.steps.length) return flow;
  const steps = [...flow.steps];
  const [step] = steps.splice(from, 1);
  steps.splice(to, 0, step!);
  return { ...flow, steps };
}

/** Replaces the step at `index`; a changed id takes the references to it along when that is unambiguous. */
export function replaceStep(flow: FlowDefinition, index: number, step: Step): FlowDefinition {
  const old = flow.steps[index];
  if (!old) return flow;
  let steps = flow.steps.map((s, i) => (i === index ? step : s));
  const oldUnique = flow.steps.filter((s) => s.id === old.id).length === 1;
  const newFree = !flow.steps.some((s, i) => i !== index && s.id === step.id);
  if (old.id !== step.id && oldUnique && newFree && step.id) steps = retarget(steps, old.id, step.id, true);
  return { ...flow, steps };
}

/** The step's default next step (undefined: none). */
export function connect(flow: FlowDefinition, index: number, next: string | undefined): FlowDefinition {
  const step = flow.steps[index];
  return step ? replaceStep(flow, index, withNext(step, next)) : flow;
}

/** A choice option's own next step (undefined: the step's default). */
export function connectOption(flow: FlowDefinition, index: number, option: number, next: string | undefined): FlowDefinition {
  const step = flow.steps[index];
  if (!step || step.answer.type !== 'choice' || !step.answer.options[option]) return flow;
  const options = step.answer.options.map((o, j) => (j === option ? withNext(o, next) : o));
  return replaceStep(flow, index, { ...step, answer: { ...step.answer, options } });
}

/** Another answer type with its defaults; an end step loses its next step (it may not have one). */
export function changeAnswerType(flow: FlowDefinition, index: number, type: AnswerType): FlowDefinition {
  const step = flow.steps[index];
  if (!step || step.answer.type === type) return flow;
  const changed: Step = { ...step, answer: defaultAnswer(type) };
  return replaceStep(flow, index, type === 'end' ? withNext(changed, undefined) : changed);
}

export { withNext };
