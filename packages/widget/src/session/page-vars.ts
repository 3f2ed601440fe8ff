import type { FlowDefinition } from '@reelback/shared';
import { sessionVars } from '@reelback/shared/branching';

/** What a host page may pass as `vars`: strings, or numbers and booleans (made strings). */
export type HostVars = Record<string, string | number | boolean>;

/** The `vars` attribute: JSON (`{"plan":"pro"}`) or a query string (`plan=pro&name=Ann`). */
export function parseVarsAttribute(value: string | null): HostVars | undefined {
  if (!value) return undefined;
  try {
    if (value.trim().startsWith('{')) return JSON.parse(value) as HostVars;
  } catch {
    console.warn('[reelback] the vars attribute is not valid JSON');
    return undefined;
  }
  return Object.fromEntries(new URLSearchParams(value));
}

/** `name`'s value in `source`: an exact match, else one ignoring case (HTML lower-cases `data-var-*` names). */
function lookUp(source: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const key = Object.prototype.hasOwnProperty.call(source, name) ? name : Object.keys(source).find((k) => k.toLowerCase() === name.toLowerCase());
  const value = key === undefined ? undefined : source[key];
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

/**
 * The variables a new session starts with. The page's own values (the element's `vars`, which `embed.js` fills
 * from its `data-var-*` attributes) win over the page URL's query: anyone can craft a link, only the site's owner
 * writes the page, so a link cannot override, say, the plan the host app knows its user has. The query fills in
 * what the page leaves out. Only declared variables are read, and `sessionVars` drops values over their maxLength.
 */
export function pageVars(flow: Pick<FlowDefinition, 'variables'>, given: HostVars | undefined, search = location.search): Record<string, string> {
  if (!flow.variables?.length) return {};
  const query = Object.fromEntries(new URLSearchParams(search));
  const merged: Record<string, string> = {};
  for (const { name } of flow.variables) {
    const value = (given && lookUp(given, name)) ?? lookUp(query, name);
    if (value !== undefined) merged[name] = value;
  }
  return sessionVars(flow.variables, merged);
}
