import type { ThemeDecision } from '@reelback/shared';

/** Theme id → its members, while themes are being formed. */
export type Groups = Map<string, Set<string>>;

export interface Applied {
  /** Labels owners gave, by theme id. */
  labels: Map<string, string>;
}

/**
 * Applies owner decisions, in the order they were made, to freshly computed groups: whatever the clustering says,
 * a renamed theme keeps its name, merged themes stay one, split answers stay apart, pinned answers stay put.
 * A decision about a theme that no longer exists (its answers deleted) changes nothing.
 */
export function applyDecisions(groups: Groups, unthemed: Set<string>, decisions: readonly ThemeDecision[]): Applied {
  const labels = new Map<string, string>();
  // Where a merged-away theme's id now points, so later decisions naming it reach the theme it joined.
  const alias = new Map<string, string>();
  const resolve = (id: string): string => {
    let current = id;
    for (let hops = 0; alias.has(current) && hops < 100; hops++) current = alias.get(current) as string;
    return current;
  };
  const detach = (answerId: string) => {
    unthemed.delete(answerId);
    for (const members of groups.values()) members.delete(answerId);
  };
  const known = (answerId: string) => unthemed.has(answerId) || [...groups.values()].some((m) => m.has(answerId));

  for (const decision of decisions) {
    switch (decision.kind) {
      case 'rename': {
        const id = resolve(decision.themeId);
        if (groups.has(id)) labels.set(id, decision.label);
        break;
      }
      case 'merge': {
        const ids = [...new Set(decision.themeIds.map(resolve))].filter((id) => groups.has(id));
        const [target, ...others] = ids;
        if (target === undefined) break;
        const into = groups.get(target) as Set<string>;
        for (const other of others) {
          for (const answerId of groups.get(other) ?? []) into.add(answerId);
          groups.delete(other);
          alias.set(other, target);
          labels.delete(other);
        }
        // Every id the decision named leads to the target, also ones absent from this round's groups.
        for (const id of decision.themeIds) if (resolve(id) !== target) alias.set(resolve(id), target);
        break;
      }
      case 'split': {
        const moving = decision.answerIds.filter(known);
        if (moving.length === 0) break;
        for (const answerId of moving) detach(answerId);
        const members = groups.get(decision.id) ?? new Set<string>();
        for (const answerId of moving) members.add(answerId);
        groups.set(decision.id, members);
        if (decision.label) labels.set(decision.id, decision.label);
        break;
      }
      case 'pin': {
        if (!known(decision.answerId)) break;
        detach(decision.answerId);
        const id = resolve(decision.themeId);
        const members = groups.get(id) ?? new Set<string>();
        members.add(decision.answerId);
        groups.set(id, members);
        break;
      }
    }
  }
  for (const [id, members] of groups) {
    if (members.size === 0) {
      groups.delete(id);
      labels.delete(id);
    }
  }
  return { labels };
}
