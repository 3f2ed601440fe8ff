// Type-only imports: the widget bundles this file without zod.
import type { StepInput } from './answer-value.schema.js';
import type { ContactFieldName } from './ids.schema.js';
import type { TextOp } from './rule-limits.js';
import type { Condition, Rule, Variable } from './rule.schema.js';
import { variableValue } from './variables.js';

/** What a step's answer says, as much as rules of later steps can ask about it. */
export interface Answered {
  option?: string;
  score?: number;
  /** An open answer was typed (text that is not only spaces); false for a recorded clip. */
  typed?: boolean;
  fields?: Partial<Record<ContactFieldName, string>>;
}

/** What rules may look at besides the answer just given. */
export interface BranchContext {
  /** The session's variables as kept (declared ones only); declared fallbacks fill the gaps. */
  vars?: Readonly<Record<string, string>>;
  /** Answers given so far in the session, by step id (the latest, if a step was answered twice). */
  answers?: Readonly<Record<string, Answered>>;
}

/** The part of an input rules can test; null for a call to action (it answers nothing). */
export function answeredFrom(input: StepInput): Answered | null {
  if (input.kind === 'choice') return { option: input.optionId };
  if (input.kind === 'cta') return null;
  const answer = input.answer;
  switch (answer.kind) {
    case 'rating':
    case 'nps':
      return { score: answer.value };
    case 'text':
      return { typed: answer.text.trim() !== '' };
    case 'video':
    case 'audio':
      return { typed: false };
    case 'contact':
      return { fields: { ...answer.fields } };
  }
}

/** Compares ignoring case and surrounding spaces, so "Pro " equals "pro". */
export function testText(op: TextOp, expected: string | undefined, actual: string | undefined): boolean {
  const have = (actual ?? '').trim().toLowerCase();
  const want = (expected ?? '').trim().toLowerCase();
  switch (op) {
    case 'empty':
      return have === '';
    case 'filled':
      return have !== '';
    case 'equals':
      return have === want;
    case 'not-equals':
      return have !== want;
    case 'contains':
      return have.includes(want);
    case 'starts-with':
      return have.startsWith(want);
    case 'ends-with':
      return have.endsWith(want);
  }
}

/** Whether `when` holds on step `stepId`, whose answer (if any) is already in `context.answers`. */
export function conditionHolds(
  when: Condition,
  stepId: string,
  context: BranchContext,
  variables: readonly Variable[] | undefined,
): boolean {
  if (when.kind === 'variable') return testText(when.op, when.value, variableValue(variables, context.vars, when.name));
  const answer = context.answers?.[when.step ?? stepId];
  if (!answer) return false;
  switch (when.kind) {
    case 'score':
      return answer.score !== undefined && answer.score >= (when.min ?? 0) && answer.score <= (when.max ?? 10);
    case 'text':
      return answer.typed !== undefined && answer.typed === (when.op === 'filled');
    case 'contact':
      return answer.fields !== undefined && testText(when.op, when.value, answer.fields[when.field]);
    case 'choice':
      return answer.option !== undefined && when.options.includes(answer.option);
  }
}

/** The first rule whose condition holds: first match wins. */
export function firstMatchingRule(
  rules: readonly Rule[] | undefined,
  stepId: string,
  context: BranchContext,
  variables: readonly Variable[] | undefined,
): Rule | undefined {
  return rules?.find((rule) => conditionHolds(rule.when, stepId, context, variables));
}
