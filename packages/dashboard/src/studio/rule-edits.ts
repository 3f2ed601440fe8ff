// Edits of a step's rules and of the flow's variables: pure functions from one definition to the next, as in
// flow-edits.ts. Conditions are made whole for their kind, so switching kinds never leaves another kind's fields.
import type { Condition, ConditionKind, FlowDefinition, Rule, Step, Variable } from '@reelback/shared';
import { replaceStep } from './flow-edits.js';
import { scoreRange } from './rule-words.js';

export const CONDITION_KINDS: { kind: ConditionKind; label: string }[] = [
  { kind: 'score', label: 'Score (rating, NPS)' },
  { kind: 'text', label: 'Typed answer' },
  { kind: 'contact', label: 'Contact field' },
  { kind: 'choice', label: 'Choice made' },
  { kind: 'variable', label: 'Variable' },
];

/** The step a condition about an answer fits best: this one when it gives that answer, else the nearest earlier one. */
function testedStep(flow: FlowDefinition, index: number, fits: (s: Step) => boolean): string | undefined {
  for (let i = index; i >= 0; i--) if (fits(flow.steps[i]!)) return i === index ? undefined : flow.steps[i]!.id;
  return undefined;
}

const withStep = <T extends object>(c: T, step: string | undefined): T => (step === undefined ? c : { ...c, step });

/** A new condition of `kind` for a rule on step `index`, filled in from the flow so it is valid where it can be. */
export function defaultCondition(flow: FlowDefinition, index: number, kind: ConditionKind): Condition {
  switch (kind) {
    case 'score': {
      const step = testedStep(flow, index, (s) => s.answer.type === 'nps' || s.answer.type === 'rating');
      const [low, high] = scoreRange(flow.steps.find((s) => s.id === step) ?? flow.steps[index]);
      return withStep({ kind, max: Math.floor((low + high) / 2) }, step);
    }
    case 'text':
      return withStep({ kind, op: 'filled' }, testedStep(flow, index, (s) => s.answer.type === 'open'));
    case 'contact': {
      const step = testedStep(flow, index, (s) => s.answer.type === 'contact');
      const tested = flow.steps.find((s) => s.id === step) ?? flow.steps[index];
      const field = tested?.answer.type === 'contact' ? (tested.answer.fields[0]?.name ?? 'email') : 'email';
      return withStep({ kind, field, op: 'filled' }, step);
    }
    case 'choice': {
      const step = testedStep(flow, index, (s) => s.answer.type === 'choice');
      const tested = flow.steps.find((s) => s.id === step) ?? flow.steps[index];
      const first = tested?.answer.type === 'choice' ? tested.answer.options[0]?.id : undefined;
      return withStep({ kind, options: [first ?? 'yes'] }, step);
    }
    case 'variable':
      return { kind, name: flow.variables?.[0]?.name ?? 'plan', op: 'filled' };
  }
}

function setRules(flow: FlowDefinition, index: number, rules: Rule[]): FlowDefinition {
  const step = flow.steps[index];
  if (!step) return flow;
  const { rules: _dropped, ...rest } = step;
  return replaceStep(flow, index, rules.length ? { ...rest, rules } : rest);
}

const rulesOf = (flow: FlowDefinition, index: number): Rule[] => flow.steps[index]?.rules ?? [];

/** Adds a score rule (a variable one when the step gives no score) going to the step's default next, or the step after. */
export function addRule(flow: FlowDefinition, index: number): FlowDefinition {
  const step = flow.steps[index];
  if (!step) return flow;
  const kind: ConditionKind =
    step.answer.type === 'nps' || step.answer.type === 'rating'
      ? 'score'
      : step.answer.type === 'choice'
        ? 'choice'
        : step.answer.type === 'open'
          ? 'text'
          : step.answer.type === 'contact'
            ? 'contact'
            : 'variable';
  const next = step.next ?? flow.steps[index + 1]?.id ?? flow.steps.find((s) => s !== step)?.id ?? step.id;
  return setRules(flow, index, [...rulesOf(flow, index), { when: defaultCondition(flow, index, kind), next }]);
}

export function removeRule(flow: FlowDefinition, index: number, rule: number): FlowDefinition {
  return setRules(flow, index, rulesOf(flow, index).filter((_, j) => j !== rule));
}

/** Moves a rule `by` places (the first that holds decides, so order matters). */
export function moveRule(flow: FlowDefinition, index: number, rule: number, by: number): FlowDefinition {
  const rules = [...rulesOf(flow, index)];
  const to = rule + by;
  if (!rules[rule] || to < 0 || to >= rules.length) return flow;
  const [moved] = rules.splice(rule, 1);
  rules.splice(to, 0, moved!);
  return setRules(flow, index, rules);
}

export function replaceRule(flow: FlowDefinition, index: number, rule: number, value: Rule): FlowDefinition {
  return setRules(flow, index, rulesOf(flow, index).map((r, j) => (j === rule ? value : r)));
}

/** Another kind of condition, with that kind's defaults. */
export function changeConditionKind(flow: FlowDefinition, index: number, rule: number, kind: ConditionKind): FlowDefinition {
  const current = rulesOf(flow, index)[rule];
  if (!current || current.when.kind === kind) return flow;
  return replaceRule(flow, index, rule, { ...current, when: defaultCondition(flow, index, kind) });
}

function setVariables(flow: FlowDefinition, variables: Variable[]): FlowDefinition {
  const { variables: _dropped, ...rest } = flow;
  return variables.length ? { ...rest, variables } : rest;
}

export function addVariable(flow: FlowDefinition): FlowDefinition {
  const taken = new Set(flow.variables?.map((v) => v.name));
  let name = 'plan';
  for (let n = 2; taken.has(name); n++) name = `var${n}`;
  return setVariables(flow, [...(flow.variables ?? []), { name, maxLength: 100 }]);
}

export function replaceVariable(flow: FlowDefinition, j: number, value: Variable): FlowDefinition {
  return setVariables(flow, (flow.variables ?? []).map((v, k) => (k === j ? value : v)));
}

export function removeVariable(flow: FlowDefinition, j: number): FlowDefinition {
  return setVariables(flow, (flow.variables ?? []).filter((_, k) => k !== j));
}
