// The flow map's layout, by dagre (a maintained layered-graph layout: DESIGN.md measured 17 KB gzip, 4–15 ms for
// 12 nodes). The only file that knows dagre: the map draws whatever boxes and lines this returns.
import dagre from '@dagrejs/dagre';
import type { FlowDefinition } from '@reelback/shared';
import { conditionText } from './rule-words.js';

export const CARD_WIDTH = 208;
export const CARD_HEIGHT = 168;

export interface CardBox {
  /** The step's index in the flow (ids may repeat while being edited). */
  index: number;
  /** Top-left corner (dagre gives centres). */
  x: number;
  y: number;
}

export interface Arrow {
  from: number;
  to: number;
  /** The option's label, "next" for a step's default, or the rule's words. */
  label: string;
  points: { x: number; y: number }[];
  labelAt: { x: number; y: number };
}

export interface FlowLayout {
  cards: CardBox[];
  arrows: Arrow[];
  width: number;
  height: number;
}

/** Each branch of a step that leads somewhere known: one per rule (its condition in words), then one per option or the default next. */
export function branches(flow: FlowDefinition): { from: number; to: number; label: string }[] {
  const indexOf = new Map<string, number>();
  flow.steps.forEach((step, i) => {
    if (!indexOf.has(step.id)) indexOf.set(step.id, i);
  });
  const out: { from: number; to: number; label: string }[] = [];
  flow.steps.forEach((step, from) => {
    const add = (target: string | undefined, label: string) => {
      const to = target === undefined ? undefined : indexOf.get(target);
      if (to !== undefined) out.push({ from, to, label });
    };
    if (step.answer.type === 'end') return;
    step.rules?.forEach((rule) => add(rule.next, conditionText(rule.when, flow, from)));
    if (step.answer.type === 'choice') step.answer.options.forEach((o) => add(o.next ?? step.next, o.label));
    else add(step.next, step.answer.type === 'cta' ? step.answer.label : 'next');
  });
  return out;
}

/** What the layout depends on: the number of steps and the branches with their labels (not titles or settings). */
export function layoutKey(flow: FlowDefinition): string {
  return JSON.stringify([flow.steps.length, branches(flow)]);
}

/** Lays the steps out top to bottom in ranks, the first step at the top; arrows routed around cards. */
export function layoutFlow(flow: FlowDefinition): FlowLayout {
  const graph = new dagre.graphlib.Graph({ multigraph: true });
  graph.setGraph({ rankdir: 'TB', nodesep: 40, ranksep: 64, edgesep: 16, marginx: 16, marginy: 16 });
  graph.setDefaultEdgeLabel(() => ({}));
  flow.steps.forEach((_, i) => graph.setNode(String(i), { width: CARD_WIDTH, height: CARD_HEIGHT }));
  const edges = branches(flow);
  edges.forEach((edge, k) =>
    graph.setEdge(String(edge.from), String(edge.to), { label: edge.label, width: Math.min(160, 8 + edge.label.length * 7), height: 20, labelpos: 'c' }, String(k)),
  );
  dagre.layout(graph);
  const cards = flow.steps.map((_, index) => {
    const node = graph.node(String(index));
    return { index, x: node.x - CARD_WIDTH / 2, y: node.y - CARD_HEIGHT / 2 };
  });
  const arrows = edges.map((edge, k) => {
    const laid = graph.edge({ v: String(edge.from), w: String(edge.to), name: String(k) });
    const points = (laid.points ?? []).map((p: { x: number; y: number }) => ({ x: p.x, y: p.y }));
    const middle = points[Math.floor(points.length / 2)] ?? { x: 0, y: 0 };
    return { ...edge, points, labelAt: { x: laid.x ?? middle.x, y: laid.y ?? middle.y } };
  });
  const size = graph.graph();
  return { cards, arrows, width: size.width ?? CARD_WIDTH, height: size.height ?? CARD_HEIGHT };
}
