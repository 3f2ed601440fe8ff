// The three ways to embed a flow (README "Embed"), made for this server's origin and one flow's id.
import type { FlowDefinition } from '@reelback/shared';

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
      code: `<script type="module" async src="${o}/widget/reelback-flow.js"></script>\n<reelback-flow flow="${f}" endpoint="${o}"></reelback-flow>`,
    },
    {
      id: 'bubble',
      title: 'Bubble',
      description: 'A floating launcher; the player loads only when it is opened.',
      code: `<script type="module" async src="${o}/widget/reelback-bubble.js"></script>\n<reelback-bubble flow="${f}" endpoint="${o}"></reelback-bubble>`,
    },
    {
      id: 'script',
      title: 'Script tag',
      description: 'One line: the loader inserts the element after the script (data-mode="bubble" for the launcher).',
      code: `<script async src="${o}/embed.js" data-flow="${f}" data-mode="inline"></script>`,
    },
  ];
}

export interface ShareSnippet {
  id: 'link' | 'variables' | 'themed-bubble';
  title: string;
  description: string;
  code: string;
}

/** Only what the theme's own check accepts goes into a snippet's style attribute. */
const colour = (value: string | undefined): string | null =>
  value && (/^#[0-9a-f]{3,8}$/i.test(value) || /^rgba?\([\d\s.,]+\)$/i.test(value)) ? value : null;

/**
 * The share link (`/f/:flowId`, a page of its own on this server; its query passes variables), and, when the flow
 * has them, a script tag passing its variables (`data-var-*`) and a bubble carrying its theme from the first paint
 * (corner, label, accent: the widget applies the rest itself once the flow has loaded).
 */
export function shareSnippets(origin: string, flowId: string, definition: FlowDefinition): ShareSnippet[] {
  const o = escapeAttribute(origin);
  const f = escapeAttribute(flowId);
  const variables = definition.variables ?? [];
  const query = variables.length ? `?${variables.map((v) => `${encodeURIComponent(v.name)}=VALUE`).join('&')}` : '';
  const out: ShareSnippet[] = [
    {
      id: 'link',
      title: 'Share link',
      description: 'A page of its own with the published flow, for people you send it to (no login).',
      code: `${origin}/f/${encodeURIComponent(flowId)}${query}`,
    },
  ];
  if (variables.length) {
    out.push({
      id: 'variables',
      title: 'Passing variables',
      description: `Replace VALUE with what your page knows (${variables.map((v) => v.name).join(', ')}); without one, its fallback applies.`,
      code: `<script async src="${o}/embed.js" data-flow="${f}" ${variables.map((v) => `data-var-${escapeAttribute(v.name.toLowerCase())}="VALUE"`).join(' ')}></script>`,
    });
  }
  const theme = definition.theme;
  const accent = colour(theme?.accent);
  if (theme && (theme.position || theme.label || accent)) {
    const attrs = [`flow="${f}"`, `endpoint="${o}"`];
    if (theme.position) attrs.push(`position="${escapeAttribute(theme.position)}"`);
    if (accent) attrs.push(`style="--reelback-accent: ${escapeAttribute(accent)}"`);
    out.push({
      id: 'themed-bubble',
      title: 'Bubble with this theme',
      description: 'The launcher in the theme’s corner, colour and words before the player loads.',
      code: `<script type="module" async src="${o}/widget/reelback-bubble.js"></script>\n<reelback-bubble ${attrs.join(' ')}>${theme.label ? escapeAttribute(theme.label) : ''}</reelback-bubble>`,
    });
  }
  return out;
}
