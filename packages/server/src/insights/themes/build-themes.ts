import { createHash } from 'node:crypto';
import type { ThemeDecision, ThemeSet } from '@reelback/shared';
import { applyDecisions, type Groups } from './apply-decisions.js';
import { clusterVectors } from './cluster.js';
import { describeThemes } from './describe-themes.js';
import { DEFAULT_MAX_DISTANCE, DEFAULT_MIN_THEME_SIZE, type ThemeAnswer, type ThemeOptions } from './theme-answer.js';
import { centroid, cosine, type SparseVector, tfIdfVectors } from './tfidf.js';

type Indexed = Map<string, { answer: ThemeAnswer; vector: SparseVector }>;

/**
 * Groups a flow's answers into themes from scratch (TF-IDF of their terms, average-linkage clustering cut at
 * `maxDistance`), then applies the owners' decisions. With `previous` themes, a new group takes the id of the
 * previous theme that held more than half of its previously themed answers, so ids — and the decisions naming
 * them — outlive the recomputation; groups that map to the same previous theme stay one.
 */
export function buildThemes(answers: readonly ThemeAnswer[], decisions: readonly ThemeDecision[] = [], previous?: ThemeSet, options: ThemeOptions = {}): ThemeSet {
  const indexed = index(answers, options);
  const ids = [...indexed.keys()];
  const vectors = ids.map((id) => (indexed.get(id) as { vector: SparseVector }).vector);
  const labels = clusterVectors(vectors, options.maxDistance ?? DEFAULT_MAX_DISTANCE);
  const clusters = new Map<number, string[]>();
  const unthemed = new Set<string>();
  ids.forEach((id, i) => {
    const label = labels[i] as number;
    if (label < 0) unthemed.add(id);
    else clusters.set(label, [...(clusters.get(label) ?? []), id]);
  });

  // Where each answer was, leaving out answers an owner placed (pinned or split off) and themes a split made: the
  // decisions put those back themselves, and counting them would hide which theme a group grew from.
  const placedByOwner = new Set<string>();
  const madeBySplit = new Set<string>();
  for (const decision of decisions) {
    if (decision.kind === 'pin') placedByOwner.add(decision.answerId);
    if (decision.kind === 'split') {
      madeBySplit.add(decision.id);
      for (const id of decision.answerIds) placedByOwner.add(id);
    }
  }
  const previousOf = new Map<string, string>();
  for (const theme of previous?.themes ?? []) {
    if (madeBySplit.has(theme.id)) continue;
    for (const answerId of theme.answerIds) if (!placedByOwner.has(answerId)) previousOf.set(answerId, theme.id);
  }
  const groups: Groups = new Map();
  for (const members of clusters.values()) {
    if (members.length < (options.minThemeSize ?? DEFAULT_MIN_THEME_SIZE)) {
      for (const id of members) unthemed.add(id);
      continue;
    }
    const id = inheritedId(members, previousOf) ?? freshThemeId(members);
    const group = groups.get(id) ?? new Set<string>();
    for (const member of members) group.add(member);
    groups.set(id, group);
  }
  const applied = applyDecisions(groups, unthemed, decisions);
  return describeThemes(groups, unthemed, applied.labels, indexed);
}

/**
 * Adds answers to existing themes without regrouping the ones already placed: each answer not yet in a theme joins
 * the theme whose centre it is most similar to (when at least 1 − `maxDistance`); those that join none are grouped
 * among themselves into new themes. `answers` is every answer in scope, old and new; answers no longer in it leave
 * their themes. Owner decisions are applied again, so they hold for the newcomers too.
 */
export function updateThemes(previous: ThemeSet, decisions: readonly ThemeDecision[], answers: readonly ThemeAnswer[], options: ThemeOptions = {}): ThemeSet {
  const indexed = index(answers, options);
  const maxDistance = options.maxDistance ?? DEFAULT_MAX_DISTANCE;
  const groups: Groups = new Map();
  const placed = new Set<string>();
  for (const theme of previous.themes) {
    const members = new Set(theme.answerIds.filter((id) => indexed.has(id)));
    for (const id of members) placed.add(id);
    if (members.size > 0) groups.set(theme.id, members);
  }
  const centres = [...groups].map(([id, members]) => ({ id, centre: centroid([...members].map((m) => (indexed.get(m) as { vector: SparseVector }).vector)) }));

  const unthemed = new Set<string>();
  const leftovers: string[] = [];
  for (const [id, { vector }] of indexed) {
    if (placed.has(id)) continue;
    if (vector.size === 0) {
      unthemed.add(id);
      continue;
    }
    let best: { id: string; similarity: number } | null = null;
    for (const { id: themeId, centre } of centres) {
      const similarity = cosine(vector, centre);
      if (!best || similarity > best.similarity) best = { id: themeId, similarity };
    }
    if (best && best.similarity >= 1 - maxDistance) (groups.get(best.id) as Set<string>).add(id);
    else leftovers.push(id);
  }

  if (leftovers.length > 0) {
    const labels = clusterVectors(leftovers.map((id) => (indexed.get(id) as { vector: SparseVector }).vector), maxDistance);
    const clusters = new Map<number, string[]>();
    leftovers.forEach((id, i) => clusters.set(labels[i] as number, [...(clusters.get(labels[i] as number) ?? []), id]));
    for (const members of clusters.values()) {
      if (members.length < (options.minThemeSize ?? DEFAULT_MIN_THEME_SIZE)) for (const id of members) unthemed.add(id);
      else groups.set(freshThemeId(members), new Set(members));
    }
  }
  const applied = applyDecisions(groups, unthemed, decisions);
  return describeThemes(groups, unthemed, applied.labels, indexed);
}

function index(answers: readonly ThemeAnswer[], options: ThemeOptions): Indexed {
  const vectors = tfIdfVectors(answers.map((a) => a.terms), options.maxDfShare === undefined ? {} : { maxDfShare: options.maxDfShare });
  const indexed: Indexed = new Map();
  answers.forEach((answer, i) => indexed.set(answer.id, { answer, vector: vectors[i] as SparseVector }));
  return indexed;
}

/** The previous theme that held more than half of the group's previously themed answers, if one did. */
function inheritedId(members: readonly string[], previousOf: ReadonlyMap<string, string>): string | null {
  const counts = new Map<string, number>();
  let themed = 0;
  for (const member of members) {
    const id = previousOf.get(member);
    if (!id) continue;
    themed++;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  for (const [id, count] of counts) if (count * 2 > themed) return id;
  return null;
}

/** A new theme's id, from its first members: the same answers give the same id on every machine. */
function freshThemeId(members: readonly string[]): string {
  return `theme-${createHash('sha256').update([...members].sort().join('\n')).digest('hex').slice(0, 16)}`;
}
