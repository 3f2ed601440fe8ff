import type * as z from 'zod';
import { FlowDefinition, type Step } from './flow.schema.js';
import type { FlowProblem } from './flow-problem.schema.js';
import { ruleProblems, variableProblems } from './check-rules.js';


export type FlowCheck = { ok: true; flow: FlowDefinition; problems: [] } | { ok: false; problems: FlowProblem[] };

/** Parses an owner's definition and returns every problem with its path, shape first, then the graph. */
export function checkFlow(input: unknown): FlowCheck {
  const parsed = FlowDefinition.safeParse(input);
  if (!parsed.success) return { ok: false, problems: problemsFromZod(parsed.error) };
  const problems = graphProblems(parsed.data);
  return problems.length === 0 ? { ok: true, flow: parsed.data, problems: [] } : { ok: false, problems };
}

export function problemsFromZod(error: z.ZodError): FlowProblem[] {
  return error.issues.map((issue) => ({
    code: 'invalid' as const,
    path: issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key)),
    message: issue.message,
  }));
}

interface Edge {
  to: string;
  path: (string | number)[];
}

/** What rules already decide, so a step they fully decide needs no default next. */
interface Decided {
  steps: ReadonlySet<string>;
  options: ReadonlyMap<string, ReadonlySet<string>>;
}

function outgoing(step: Step, index: number, decided?: Decided): { edges: Edge[]; deadEnds: (string | number)[][] } {
  const edges: Edge[] = [];
  const deadEnds: (string | number)[][] = [];
  const base = ['steps', index];
  if (step.answer.type === 'end') return { edges, deadEnds };
  step.rules?.forEach((rule, j) => edges.push({ to: rule.next, path: [...base, 'rules', j, 'next'] }));
  if (decided?.steps.has(step.id)) return { edges, deadEnds };
  if (step.answer.type === 'choice') {
    const byRules = decided?.options.get(step.id);
    step.answer.options.forEach((option, j) => {
      if (option.next) edges.push({ to: option.next, path: [...base, 'answer', 'options', j, 'next'] });
      else if (step.next) edges.push({ to: step.next, path: [...base, 'next'] });
      else if (!byRules?.has(option.id)) deadEnds.push([...base, 'answer', 'options', j, 'next']);
    });
    return { edges, deadEnds };
  }
  if (step.next) edges.push({ to: step.next, path: [...base, 'next'] });
  else deadEnds.push([...base, 'next']);
  return { edges, deadEnds };
}

export function graphProblems(flow: FlowDefinition): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const indexById = new Map<string, number>();

  flow.steps.forEach((step, i) => {
    if (indexById.has(step.id)) {
      problems.push({ code: 'duplicate-step-id', path: ['steps', i, 'id'], message: `step id "${step.id}" is used more than once` });
    } else {
      indexById.set(step.id, i);
    }
    if (step.answer.type === 'choice') {
      const seen = new Set<string>();
      step.answer.options.forEach((option, j) => {
        if (seen.has(option.id)) {
          problems.push({
            code: 'duplicate-option-id',
            path: ['steps', i, 'answer', 'options', j, 'id'],
            message: `option id "${option.id}" is used more than once in step "${step.id}"`,
          });
        }
        seen.add(option.id);
      });
    }
    if (step.answer.type === 'end' && step.next) {
      problems.push({ code: 'end-step-has-next', path: ['steps', i, 'next'], message: `end step "${step.id}" cannot have a next step` });
    }
  });

  problems.push(...variableProblems(flow));

  // Rules need the graph (a rule may only test a step that can come before it), and the graph's dead ends need
  // the rules (a step whose rules decide every answer needs no default next): edges first, then rules, then ends.
  const edgesOnly = new Map<string, Set<string>>();
  flow.steps.forEach((step, i) => {
    const set = edgesOnly.get(step.id) ?? new Set<string>();
    for (const edge of outgoing(step, i).edges) set.add(edge.to);
    edgesOnly.set(step.id, set);
  });
  const reachCache = new Map<string, Set<string>>();
  const canReach = (from: string, to: string) => {
    let seen = reachCache.get(from);
    if (!seen) {
      seen = walk([...(edgesOnly.get(from) ?? [])], (id) => edgesOnly.get(id) ?? new Set());
      reachCache.set(from, seen);
    }
    return seen.has(to);
  };
  const rules = ruleProblems(flow, canReach);
  problems.push(...rules.problems);
  const decided: Decided = { steps: rules.decided, options: rules.optionsDecided };

  const successors = new Map<string, Set<string>>();
  flow.steps.forEach((step, i) => {
    const { edges, deadEnds } = outgoing(step, i, decided);
    const targets = successors.get(step.id) ?? new Set<string>();
    successors.set(step.id, targets);
    const reported = new Set<string>();
    for (const edge of edges) {
      if (!indexById.has(edge.to)) {
        const key = edge.path.join('.');
        if (!reported.has(key)) {
          problems.push({ code: 'unknown-target', path: edge.path, message: `there is no step "${edge.to}"` });
          reported.add(key);
        }
      } else {
        targets.add(edge.to);
      }
    }
    for (const path of deadEnds) {
      problems.push({
        code: 'missing-next',
        path,
        message: `step "${step.id}" leads nowhere: give it a next step or make it an end step`,
      });
    }
  });

  const ends = flow.steps.filter((s) => s.answer.type === 'end').map((s) => s.id);
  if (ends.length === 0) {
    problems.push({ code: 'no-end-step', path: ['steps'], message: 'the flow needs at least one end step' });
  }

  const reachable = walk([flow.steps[0]!.id], (id) => successors.get(id) ?? new Set());
  const predecessors = new Map<string, Set<string>>();
  for (const [from, tos] of successors) {
    for (const to of tos) {
      const set = predecessors.get(to) ?? new Set<string>();
      set.add(from);
      predecessors.set(to, set);
    }
  }
  const reachesEnd = walk(ends, (id) => predecessors.get(id) ?? new Set());

  flow.steps.forEach((step, i) => {
    if (indexById.get(step.id) !== i) return;
    if (!reachable.has(step.id)) {
      problems.push({ code: 'unreachable-step', path: ['steps', i], message: `step "${step.id}" cannot be reached from the first step` });
    }
    if (ends.length > 0 && !reachesEnd.has(step.id)) {
      problems.push({ code: 'no-path-to-end', path: ['steps', i], message: `step "${step.id}" has no way to an end step` });
    }
  });

  return problems;
}

function walk(starts: string[], neighbours: (id: string) => Set<string>): Set<string> {
  const seen = new Set<string>(starts);
  const queue = [...starts];
  while (queue.length > 0) {
    const id = queue.shift()!;
    for (const next of neighbours(id)) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}
