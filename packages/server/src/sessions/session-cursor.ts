import { UtcDateTime } from '@reelback/shared';
import * as z from 'zod';
import { ServiceError } from '../errors/service-error.js';
import type { SessionCursor } from '../ports/storage.js';

// The id is compared in SQL: no NUL (PostgreSQL refuses it in text).
const CursorShape = z.tuple([UtcDateTime, z.string().min(1).max(200).regex(/^[^\0]*$/)]);

/** Opaque to clients: the last session of a page, as base64url JSON. */
export function encodeCursor(cursor: SessionCursor): string {
  return Buffer.from(JSON.stringify([cursor.startedAt, cursor.id])).toString('base64url');
}

export function decodeCursor(text: string): SessionCursor {
  try {
    const [startedAt, id] = CursorShape.parse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    return { startedAt, id };
  } catch {
    throw new ServiceError('invalid', 'invalid-cursor', 'cursor is not one this server gave out', [
      { path: ['cursor'], message: 'use the nextCursor of a previous page' },
    ]);
  }
}
