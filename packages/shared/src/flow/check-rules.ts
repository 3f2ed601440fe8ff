import type { FlowDefinition, Step } from './flow.schema.js';
import type { FlowProblem } from './flow-problem.schema.js';
import type { Condition } from './rule.schema.js';
import { placeholderNames } from './variables.js';

type Path = (string | number)[];

/** Declared variables: each name once, and every `{{name}}` in prompt text declared. */
export function variableProblems(flow: FlowDefinition): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const declared = new Set<string>();
  flow.variables?.forEach((variable, k) => {
    if (declared.has(variable.name)) {
      problems.push({ code: 'duplicate-variable', path: ['variables', k, 'name'], message: `variable "${variable.name}" is declared more than once` });
    }
    declared.add(variable.name);
  });
  flow.steps.forEach((step, i) => {
    for (const field of ['title', 'text'] as const) {
      for (const name of new Set(placeholderNames(step.prompt[field]))) {
        if (!declared.has(name)) {
          problems.push({ code: 'unknown-variable', path: ['steps', i, 'prompt', field], message: `"{{${name}}}" uses variable "${name}", which the flow does not declare` });
        }
      }
    }
  });
  return problems;
}

/** What a condition looks at: a variable, or one part of one step's answer. */
function subjectOf(when: Condition, stepId: string): string {
  switch (when.kind) {
    case 'variable':
      return `variable:${when.name}`;
    case 'contact':
      return `contact:${when.step ?? stepId}:${when.field}`;
    default:
      return `${when.kind}:${when.step ?? stepId}`;
  }
}

/** Scores a step can give: 1…scale for a rating, 0…10 for NPS; undefined for other steps. */
function scoresOf(step: Step | undefined): [number, number] | undefined {
  if (step?.answer.type === 'rating') return [1, step.answer.scale];
  if (step?.answer.type === 'nps') return [0, 10];
  return undefined;
}

interface Coverage {
  scores: Set<number>;
  options: Set<string>;
  /** Text tests seen, as `op value` (lower-cased). */
  tests: Set<string>;
}

export interface RuleCheck {
  problems: FlowProblem[];
  /** Steps whose rules alone decide every answer (an earlier rule always matches): they need no default next. */
  decided: Set<string>;
  /** Per step, the choice options its own rules always send somewhere. */
  optionsDecided: Map<string, Set<string>>;
}

/**
 * Rules of every step: each condition fits the step it tests (which exists and can come before), variables are
 * declared, and every rule can still match after the ones before it (a rule an earlier one always pre-empts is
 * unreachable; score ranges that only partly overlap are reported too, as first-match-wins hides the overlap).
 * `canReach(a, b)` says whether the flow can go from step a to step b.
 */
export function ruleProblems(flow: FlowDefinition, canReach: (from: string, to: string) => boolean): RuleCheck {
  const problems: FlowProblem[] = [];
  const decided = new Set<string>();
  const optionsDecided = new Map<string, Set<string>>();
  const declared = new Set(flow.variables?.map((v) => v.name));
  const stepsById = new Map(flow.steps.map((s) => [s.id, s] as const));

  flow.steps.forEach((step, i) => {
    const rules = step.rules ?? [];
    if (rules.length === 0) return;
    if (step.answer.type === 'end') {
      problems.push({ code: 'invalid-rule', path: ['steps', i, 'rules'], message: `end step "${step.id}" cannot have rules` });
      return;
    }
    const coverage = new Map<string, Coverage>();
    const earlierRanges: { j: number; subject: string; lo: number; hi: number }[] = [];
    let alwaysMatched = -1;
    const ownOptions = new Set<string>();

    rules.forEach((rule, j) => {
      const path: Path = ['steps', i, 'rules', j, 'when'];
      const when = rule.when;
      const problem = fitProblem(when, step, path);
      if (problem) {
        problems.push(problem);
        return;
      }
      const unreachable = (why: string) =>
        problems.push({ code: 'unreachable-rule', path: ['steps', i, 'rules', j], message: `rule ${j + 1} of step "${step.id}" can never match: ${why}` });
      if (alwaysMatched >= 0) return unreachable(`rule ${alwaysMatched + 1} always matches first`);

      const subject = subjectOf(when, step.id);
      const seen = coverage.get(subject) ?? { scores: new Set(), options: new Set(), tests: new Set() };
      coverage.set(subject, seen);
      const tested = when.kind === 'variable' ? undefined : stepsById.get(when.step ?? step.id);
      // Conditions on a variable or on this step's own answer always have something to test.
      const alwaysAnswered = when.kind === 'variable' || tested === step;

      switch (when.kind) {
        case 'score': {
          const [lo, hi] = scoresOf(tested)!;
          const from = Math.max(lo, when.min ?? 0);
          const to = Math.min(hi, when.max ?? 10);
          if (from > to) return unreachable(`step "${tested!.id}" gives scores from ${lo} to ${hi}`);
          const range = Array.from({ length: to - from + 1 }, (_, k) => from + k);
          if (range.every((score) => seen.scores.has(score))) return unreachable(`earlier rules take every score from ${from} to ${to}`);
          const overlap = earlierRanges.find((r) => r.subject === subject && r.lo <= to && from <= r.hi);
          if (overlap) {
            problems.push({
              code: 'overlapping-ranges',
              path: ['steps', i, 'rules', j, 'when'],
              message: `scores ${from}–${to} overlap rule ${overlap.j + 1} (${overlap.lo}–${overlap.hi}): make the ranges meet without overlapping`,
            });
          }
          earlierRanges.push({ j, subject, lo: from, hi: to });
          range.forEach((score) => seen.scores.add(score));
          if (alwaysAnswered && Array.from({ length: hi - lo + 1 }, (_, k) => lo + k).every((s) => seen.scores.has(s))) alwaysMatched = j;
          break;
        }
        case 'choice': {
          if (when.options.every((o) => seen.options.has(o))) return unreachable('earlier rules take every option it names');
          when.options.forEach((o) => seen.options.add(o));
          if (tested === step) when.options.forEach((o) => ownOptions.add(o));
          if (alwaysAnswered && tested?.answer.type === 'choice' && tested.answer.options.every((o) => seen.options.has(o.id))) alwaysMatched = j;
          break;
        }
        case 'text':
        case 'contact':
        case 'variable': {
          const value = 'value' in when && when.value !== undefined && when.op !== 'empty' && when.op !== 'filled' ? when.value.trim().toLowerCase() : '';
          const key = `${when.op} ${value}`;
          const impliesFilled = ['equals', 'contains', 'starts-with', 'ends-with'].includes(when.op);
          if (seen.tests.has(key) || (impliesFilled && seen.tests.has('filled '))) return unreachable('an earlier rule already matches whatever it matches');
          seen.tests.add(key);
          if (alwaysAnswered && seen.tests.has('empty ') && seen.tests.has('filled ')) alwaysMatched = j;
          break;
        }
      }
    });
    if (alwaysMatched >= 0) decided.add(step.id);
    if (ownOptions.size > 0) optionsDecided.set(step.id, ownOptions);
  });
  return { problems, decided, optionsDecided };

  /** Why a condition cannot apply to the step it tests, or null. */
  function fitProblem(when: Condition, step: Step, path: Path): FlowProblem | null {
    const bad = (at: Path, message: string): FlowProblem => ({ code: 'invalid-rule', path: at, message });
    if (when.kind === 'variable') {
      return declared.has(when.name)
        ? null
        : { code: 'unknown-variable', path: [...path, 'name'], message: `variable "${when.name}" is not declared: add it to the flow's variables` };
    }
    const testedId = when.step ?? step.id;
    const tested = stepsById.get(testedId);
    if (!tested) return bad([...path, 'step'], `there is no step "${testedId}"`);
    if (tested !== step && !canReach(tested.id, step.id)) return bad([...path, 'step'], `step "${tested.id}" never comes before step "${step.id}"`);
    const type = tested.answer.type;
    const where = `step "${tested.id}" is a ${type} step`;
    switch (when.kind) {
      case 'score':
        return type === 'rating' || type === 'nps' ? null : bad(path, `${where}: score rules need a rating or NPS step`);
      case 'text':
        return type === 'open' ? null : bad(path, `${where}: typed-answer rules need an open step`);
      case 'contact':
        if (tested.answer.type !== 'contact') return bad(path, `${where}: contact rules need a contact step`);
        return tested.answer.fields.some((f) => f.name === when.field) ? null : bad([...path, 'field'], `step "${tested.id}" does not ask for "${when.field}"`);
      case 'choice': {
        if (tested.answer.type !== 'choice') return bad(path, `${where}: choice rules need a choice step`);
        const ids = new Set(tested.answer.options.map((o) => o.id));
        const k = when.options.findIndex((o) => !ids.has(o));
        return k < 0 ? null : bad([...path, 'options', k], `step "${tested.id}" has no option "${when.options[k]}"`);
      }
    }
  }
}
