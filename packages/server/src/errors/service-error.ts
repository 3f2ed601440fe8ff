/** Where a problem sits in the input, zod style: `["events", 3, "data", "stepId"]`. */
export interface Issue {
  path: (string | number)[];
  message: string;
  code?: string;
}

/**
 * What a service says when a request cannot be served. Services name the kind of failure;
 * only the HTTP layer turns kinds into status codes.
 */
export type ServiceErrorKind = 'invalid' | 'not-found' | 'gone' | 'conflict' | 'unprocessable' | 'forbidden' | 'too-large' | 'too-many';

export class ServiceError extends Error {
  constructor(
    readonly kind: ServiceErrorKind,
    readonly code: string,
    message: string,
    readonly issues: Issue[] = [],
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

export const notFound = (code: string, message: string, issues: Issue[] = []) => new ServiceError('not-found', code, message, issues);
