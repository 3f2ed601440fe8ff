// Type-only imports: the widget bundles this file without zod.
import type { FlowDefinition, Step } from './flow.schema.js';
import type { StepInput } from './answer-value.schema.js';
import { answeredFrom, type BranchContext, firstMatchingRule } from './rules.js';

export type { Answered, BranchContext } from './rules.js';
export { answeredFrom } from './rules.js';
export { fillVariables, sessionVars, variableValue } from './variables.js';

/** What branching reads of a flow. */
export type BranchingFlow = Pick<FlowDefinition, 'steps' | 'variables'>;

export type NextStepResult =
  | { ok: true; next: string | null }
  | { ok: false; reason: string };

export function findStep(flow: Pick<FlowDefinition, 'steps'>, stepId: string): Step | undefined {
  return flow.steps.find((step) => step.id === stepId);
}

export function startStepId(flow: Pick<FlowDefinition, 'steps'>): string {
  const first = flow.steps[0];
  if (!first) throw new Error('a flow has at least one step');
  return first.id;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The one branching rule, shared by the widget (where to go) and the server (is this move allowed).
 * Returns the next step id, `null` when the flow is over, or why the input does not fit the step.
 * The step's rules go first (the first that holds wins), then the option's own `next`, then the step's `next`;
 * `context` gives rules the session's variables and earlier answers.
 */
export function nextStep(flow: BranchingFlow, stepId: string, input: StepInput, context: BranchContext = {}): NextStepResult {
  const step = findStep(flow, stepId);
  if (!step) return { ok: false, reason: `step "${stepId}" is not in this flow` };
  const spec = step.answer;
  let next = step.next ?? null;

  switch (input.kind) {
    case 'choice': {
      if (spec.type !== 'choice') return { ok: false, reason: `step "${stepId}" is a ${spec.type} step, not a choice` };
      const option = spec.options.find((o) => o.id === input.optionId);
      if (!option) return { ok: false, reason: `step "${stepId}" has no option "${input.optionId}"` };
      next = option.next ?? next;
      break;
    }
    case 'cta':
      if (spec.type !== 'cta') return { ok: false, reason: `step "${stepId}" is a ${spec.type} step, not a call to action` };
      break;
    case 'answer': {
      const problem = answerProblem(step, input.answer);
      if (problem) return { ok: false, reason: problem };
      break;
    }
  }
  if (!step.rules?.length) return { ok: true, next };
  const answer = answeredFrom(input);
  const answers = answer ? { ...context.answers, [stepId]: answer } : context.answers;
  const rule = firstMatchingRule(step.rules, stepId, { vars: context.vars, answers }, flow.variables);
  return { ok: true, next: rule ? rule.next : next };
}

function answerProblem(step: Step, answer: Extract<StepInput, { kind: 'answer' }>['answer']): string | null {
  const spec = step.answer;
  const where = `step "${step.id}"`;
  switch (answer.kind) {
    case 'rating':
      if (spec.type !== 'rating') return `${where} is a ${spec.type} step, not a rating`;
      return answer.value >= 1 && answer.value <= spec.scale ? null : `${where} takes a rating from 1 to ${spec.scale}`;
    case 'nps':
      if (spec.type !== 'nps') return `${where} is a ${spec.type} step, not NPS`;
      return answer.value >= 0 && answer.value <= 10 ? null : `${where} takes a score from 0 to 10`;
    case 'text':
    case 'video':
    case 'audio':
      if (spec.type !== 'open') return `${where} is a ${spec.type} step, not an open answer`;
      if (!spec.kinds.includes(answer.kind)) return `${where} does not accept ${answer.kind} answers`;
      if (answer.kind === 'text' && answer.text.length > spec.maxTextLength) {
        return `${where} takes at most ${spec.maxTextLength} characters`;
      }
      return null;
    case 'contact': {
      if (spec.type !== 'contact') return `${where} is a ${spec.type} step, not a contact form`;
      for (const field of spec.fields) {
        const value = answer.fields[field.name]?.trim() ?? '';
        if (field.required && !value) return `${where} needs "${field.name}"`;
        if (field.name === 'email' && value && !EMAIL.test(value)) return `${where} needs a valid e-mail address`;
      }
      const asked = new Set(spec.fields.map((f) => f.name));
      const extra = Object.keys(answer.fields).find((name) => !asked.has(name as never));
      if (extra) return `${where} does not ask for "${extra}"`;
      if (spec.consentText && !answer.consent) return `${where} needs the viewer's consent`;
      return null;
    }
  }
}
