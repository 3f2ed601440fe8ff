import type { ApiError } from '@reelback/shared';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type * as z from 'zod';
import type { Issue } from '../errors/service-error.js';

/** A client mistake found by the HTTP layer itself (content type, JSON, schema, auth). */
export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly issues: Issue[] = [],
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function apiError(code: string, message: string, issues: Issue[] = []): ApiError {
  return { error: { code, message, ...(issues.length > 0 ? { issues } : {}) } };
}

export function errorResponse(c: Context, status: ContentfulStatusCode, code: string, message: string, issues: Issue[] = []) {
  return c.json(apiError(code, message, issues), status);
}

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
