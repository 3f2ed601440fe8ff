import { UtcDateTime } from '@reelback/shared';
import * as z from 'zod';
import { ServiceError } from '../errors/service-error.js';

// The time must be one the database can compare (an ISO UTC time, years 0001–9999); the id is compared in SQL too,
// and PostgreSQL refuses a NUL in text: a forged cursor with either is a 400, never the database's 500.
const CursorShape = z.tuple([UtcDateTime, z.string().min(1).max(200).regex(/^[^\0]*$/)]);

/**
 * The keyset paging cursor of every newest-first list (sessions, answers, media assets): the last row's time and id,
 * as base64url JSON, opaque to clients.
 */
export function encodeTimeIdCursor(time: string, id: string): string {
  return Buffer.from(JSON.stringify([time, id])).toString('base64url');
}

export function decodeTimeIdCursor(text: string): { time: string; id: string } {
  try {
    const [time, id] = CursorShape.parse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    return { time, id };
  } catch {
    throw new ServiceError('invalid', 'invalid-cursor', 'cursor is not one this server gave out', [
      { path: ['cursor'], message: 'use the nextCursor of a previous page' },
    ]);
  }
}
