import type { ServerEvent } from '@reelback/shared';
import type { Transaction } from 'kysely';
import type { IsoTime } from '../../ports/store-types.js';
import { toJson } from './codec.js';
import type { Database } from './schema.js';

/** Adds a server event to a session's history, inside the transaction of the change it announces. */
export async function insertServerEvent(tx: Transaction<Database>, sessionId: string, event: ServerEvent, receivedAt: IsoTime): Promise<void> {
  await tx
    .insertInto('events')
    .values({ id: event.id, session_id: sessionId, type: event.type, time: event.time, received_at: receivedAt, event: toJson(event) })
    .execute();
}
