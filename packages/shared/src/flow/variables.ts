// Type-only imports: the widget bundles this file without zod.
import type { Variable } from './rule.schema.js';
import { MAX_VARIABLE_LENGTH } from './rule-limits.js';

/** `{{name}}` or `{{name|fallback}}` in prompt text. */
export const VARIABLE_PATTERN = /\{\{\s*([A-Za-z][A-Za-z0-9_]{0,31})\s*(?:\|([^{}]*))?\}\}/g;

const limit = (variable: Variable) => variable.maxLength ?? 100;

/**
 * The variables a session keeps: only those the flow declares, only string values no longer than the declared
 * `maxLength`. Too long is dropped rather than cut (a cut value could take a branch the page never meant), so the
 * fallback applies. The widget and the server both filter with it, so both branch on the same values.
 */
export function sessionVars(variables: readonly Variable[] | undefined, given: Readonly<Record<string, unknown>> | undefined): Record<string, string> {
  const kept: Record<string, string> = {};
  if (!variables || !given) return kept;
  for (const variable of variables) {
    if (!Object.prototype.hasOwnProperty.call(given, variable.name)) continue;
    const value = given[variable.name];
    if (typeof value === 'string' && value.length <= Math.min(limit(variable), MAX_VARIABLE_LENGTH)) kept[variable.name] = value;
  }
  return kept;
}

/** A declared variable's value: the session's, else its fallback; undefined for an undeclared name. */
export function variableValue(
  variables: readonly Variable[] | undefined,
  vars: Readonly<Record<string, string>> | undefined,
  name: string,
): string | undefined {
  const variable = variables?.find((v) => v.name === name);
  if (!variable) return undefined;
  const value = vars && Object.prototype.hasOwnProperty.call(vars, name) ? vars[name] : undefined;
  return value !== undefined && value.trim() !== '' ? value : variable.fallback;
}

/**
 * Prompt text with its variables filled in: the session's value, else the placeholder's own fallback
 * (`{{name|there}}`), else the declared fallback, else nothing. The result is plain text: show it as text, never
 * as HTML (a page's value is the viewer's input too: `?name=<img onerror=…>`).
 */
export function fillVariables(
  text: string,
  variables: readonly Variable[] | undefined,
  vars: Readonly<Record<string, string>> | undefined,
): string {
  if (!text.includes('{{')) return text;
  return text.replace(VARIABLE_PATTERN, (_, name: string, inline: string | undefined) => {
    const declared = variables?.some((v) => v.name === name);
    const own = declared && vars && Object.prototype.hasOwnProperty.call(vars, name) ? vars[name]! : '';
    if (own.trim() !== '') return own;
    if (inline !== undefined) return inline.trim();
    return (declared && variableValue(variables, undefined, name)) || '';
  });
}

/** The variable names a text's placeholders use (for `checkFlow`). */
export function placeholderNames(text: string | undefined): string[] {
  return text ? [...text.matchAll(VARIABLE_PATTERN)].map((m) => m[1]!) : [];
}
