import type { ApiError } from '@reelback/shared';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
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

