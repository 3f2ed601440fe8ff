// The three ways to embed a flow (README "Embed"), made for this server's origin and one flow's id.

/** Escapes a value for a double-quoted HTML attribute (and for text): ids are slugs, but a snippet must never break. */
export function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&#39;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export interface Snippet {
  id: 'inline' | 'bubble' | 'script';
  title: string;
  description: string;
  code: string;
}

export function embedSnippets(origin: string, flowId: string): Snippet[] {
  const o = escapeAttribute(origin);
  const f = escapeAttribute(flowId);
  return [
    {
      id: 'inline',
      title: 'Inline',
      description: 'The player where the element stands.',
      code: `<script type="module" src="${o}/widget/reelback-flow.js"></script>\n<reelback-flow flow="${f}" endpoint="${o}"></reelback-flow>`,
    },
    {
      id: 'bubble',
      title: 'Bubble',
      description: 'A floating launcher; the player loads only when it is opened.',
      code: `<script type="module" src="${o}/widget/reelback-bubble.js"></script>\n<reelback-bubble flow="${f}" endpoint="${o}"></reelback-bubble>`,
    },
    {
      id: 'script',
      title: 'Script tag',
      description: 'One line: the loader inserts the element after the script (data-mode="bubble" for the launcher).',
      code: `<script src="${o}/embed.js" data-flow="${f}" data-mode="inline"></script>`,
    },
  ];
}
