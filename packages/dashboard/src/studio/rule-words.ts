// A rule's condition in plain words, for the map's arrows and the rule editor's headings ("score 0–6", "plan is pro").
import type { Condition, FlowDefinition, Step, TextOp } from '@reelback/shared';

export const TEXT_OP_WORDS: Record<TextOp, string> = {
  empty: 'is empty',
  filled: 'is given',
  equals: 'is',
  'not-equals': 'is not',
  contains: 'contains',
  'starts-with': 'starts with',
  'ends-with': 'ends with',
};

const textTest = (subject: string, op: TextOp, value: string | undefined): string =>
  op === 'empty' || op === 'filled' ? `${subject} ${TEXT_OP_WORDS[op]}` : `${subject} ${TEXT_OP_WORDS[op]} ${value ?? ''}`.trim();

/** The lowest and highest score a step can give (NPS 0–10, a rating 1–scale); 0–10 when it gives none. */
export function scoreRange(step: Step | undefined): [number, number] {
  if (step?.answer.type === 'rating') return [1, step.answer.scale];
  return [0, 10];
}

/** The condition of a rule on `flow.steps[index]` in words; names the step when it tests an earlier one. */
export function conditionText(condition: Condition, flow: FlowDefinition, index: number): string {
  const own = flow.steps[index];
  const tested = 'step' in condition && condition.step ? flow.steps.find((s) => s.id === condition.step) : own;
  const at = 'step' in condition && condition.step && condition.step !== own?.id ? `${condition.step}: ` : '';
  switch (condition.kind) {
    case 'score': {
      const [low, high] = scoreRange(tested);
      const min = condition.min ?? low;
      const max = condition.max ?? high;
      return `${at}score ${min === max ? min : `${min}–${max}`}`;
    }
    case 'text':
      return `${at}${condition.op === 'filled' ? 'answer typed' : 'no answer typed'}`;
    case 'contact':
      return at + textTest(condition.field, condition.op, condition.value);
    case 'choice': {
      const options = tested?.answer.type === 'choice' ? tested.answer.options : [];
      const labels = condition.options.map((id) => options.find((o) => o.id === id)?.label ?? id);
      return `${at}chose ${labels.join(' or ')}`;
    }
    case 'variable':
      return textTest(condition.name, condition.op, condition.value);
  }
}
