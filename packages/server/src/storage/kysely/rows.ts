import { ContactFieldName, ReelbackEvent, SessionContext } from '@reelback/shared';
import type { Selectable } from 'kysely';
import * as z from 'zod';
import type { SessionRecordRow, StoredEventRow } from '../../ports/session-store.js';
import { fromJson, fromNullableTime, fromTime } from './codec.js';
import type { EventsTable, SessionsTable } from './schema.js';

// Mirrors shared `SessionProgress` (a plain interface there) so rows read back are checked too.
const SessionProgressRow = z.object({
  started: z.boolean(),
  completed: z.boolean(),
  currentStepId: z.string().nullable(),
  allowedNextStepId: z.string().nullable(),
  answers: z
    .record(
      z.string(),
      z.object({
        option: z.string().optional(),
        score: z.number().optional(),
        typed: z.boolean().optional(),
        fields: z.partialRecord(ContactFieldName, z.string()).optional(),
      }),
    )
    .optional(),
});

export const SessionVarsRow = z.record(z.string(), z.string());

export const toSession = (row: Selectable<SessionsTable>): SessionRecordRow => ({
  id: row.id,
  flowId: row.flow_id,
  flowVersion: row.flow_version,
  context: fromJson(SessionContext, row.context),
  progress: fromJson(SessionProgressRow, row.progress),
  vars: fromJson(SessionVarsRow, row.vars),
  startedAt: fromTime(row.started_at),
  completedAt: fromNullableTime(row.completed_at),
});

export const toStoredEvent = (row: Pick<Selectable<EventsTable>, 'event' | 'received_at'>): StoredEventRow => ({
  event: fromJson(ReelbackEvent, row.event),
  receivedAt: fromTime(row.received_at),
});
