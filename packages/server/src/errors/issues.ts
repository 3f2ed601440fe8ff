import type * as z from 'zod';
import type { Issue } from './service-error.js';

export function issuesFromZod(error: z.ZodError): Issue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key)),
    message: issue.message,
    code: issue.code,
  }));
}

/** One readable sentence naming the first field at fault, e.g. `events.3.data.stepId: Invalid input`. */
export function summarizeIssues(what: string, issues: Issue[]): string {
  const [first] = issues;
  if (!first) return `${what} is invalid`;
  const where = first.path.length > 0 ? first.path.join('.') : what;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  return `${where}: ${first.message}${more}`;
}
