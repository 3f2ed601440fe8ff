import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ServiceError, type ServiceErrorKind } from '../errors/service-error.js';
import type { Logger } from '../ports/logger.js';
import { errorResponse, HttpError } from './api-error.js';

const statusOf: Record<ServiceErrorKind, ContentfulStatusCode> = {
  invalid: 400,
  'not-found': 404,
  gone: 410,
  conflict: 409,
  unprocessable: 422,
  forbidden: 403,
  'too-large': 413,
  'too-many': 429,
};

/** Client mistakes become their 4xx; anything else is our bug: log it, and tell the client nothing more. */
export function errorHandler(log: Logger = (message, error) => console.error(message, error)): ErrorHandler {
  return (error: Error, c: Context) => {
    if (error instanceof HttpError) return errorResponse(c, error.status, error.code, error.message, error.issues);
    if (error instanceof ServiceError) return errorResponse(c, statusOf[error.kind], error.code, error.message, error.issues);
    if (error instanceof HTTPException && error.status < 500) {
      return errorResponse(c, error.status as ContentfulStatusCode, 'bad-request', error.message || 'the request was not understood');
    }
    log(`${c.req.method} ${c.req.path} failed:`, error);
    return errorResponse(c, 500, 'internal', 'something went wrong on our side; the error was logged');
  };
}

export const notFoundHandler: NotFoundHandler = (c) =>
  errorResponse(c, 404, 'not-found', `there is no ${c.req.method} ${c.req.path}`);
