import {
  NEW_SESSION,
  sessionVars,
  type SessionList,
  type SessionRecord,
  startStepId,
  type StartSessionRequest,
  type StartSessionResponse,
  uuidv7,
} from '@reelback/shared';
import { notFound, ServiceError } from '../errors/service-error.js';
import { FlowArchivedError } from '../flows/flow-errors.js';
import type { FlowVersionCache } from '../flows/flow-versions.js';
import type { SessionFlowRefs } from './session-flow-refs.js';
import type { Clock } from '../ports/clock.js';
import type { FlowStore } from '../ports/flow-store.js';
import type { SessionRecordRow, SessionStore, SessionWithEvents } from '../ports/session-store.js';
import type { Scope } from '../ports/store-types.js';
import { decodeCursor, encodeCursor } from './session-cursor.js';

const toRecord = (s: SessionWithEvents): SessionRecord => ({
  id: s.id,
  flowId: s.flowId,
  flowVersion: s.flowVersion,
  startedAt: s.startedAt,
  completedAt: s.completedAt,
  context: s.context,
  vars: s.vars,
  events: s.events,
});

export class SessionsService {
  constructor(
    private readonly sessions: SessionStore,
    private readonly flows: FlowStore,
    private readonly versions: FlowVersionCache,
    private readonly refs: SessionFlowRefs,
    private readonly clock: Clock,
  ) {}

  /** `created: false` when the client retried a start it had made already (same session id, same flow). */
  async start(request: StartSessionRequest): Promise<{ created: boolean; session: StartSessionResponse }> {
    const version = await this.resolveVersion(request.flowId, request.flowVersion);
    if (request.sessionId !== undefined) {
      const existing = await this.sessions.get(request.sessionId);
      if (existing) return { created: false, session: await this.sameStart(existing, request) };
    }
    // An archived flow takes no new viewers (a retried start of a session begun before is answered above). The
    // version cache keeps the archive time it read, so a pinned version asks the flow itself.
    const archivedAt = request.flowVersion === undefined ? version.flowArchivedAt : (await this.flows.get(request.flowId))?.archivedAt;
    if (archivedAt) throw new FlowArchivedError(request.flowId);
    const row: SessionRecordRow = {
      id: request.sessionId ?? uuidv7(),
      flowId: request.flowId,
      flowVersion: version.version,
      context: request.context,
      progress: NEW_SESSION,
      // Only what the flow declares, each within its length (the widget filters the same way, so both branch alike).
      vars: sessionVars(version.definition.variables, request.vars),
      startedAt: this.clock.now().toISOString(),
      completedAt: null,
    };
    if (!(await this.sessions.insert(row))) {
      // Another request with this session id won the race: treat ours as its retry.
      const existing = await this.sessions.get(row.id);
      if (!existing) throw new Error(`session ${row.id} was neither inserted nor found`);
      return { created: false, session: await this.sameStart(existing, request) };
    }
    this.refs.remember(row.id, row);
    return {
      created: true,
      session: { sessionId: row.id, flowId: row.flowId, flowVersion: row.flowVersion, startStepId: startStepId(version.definition) },
    };
  }

  /** The scope's session only: another workspace's is answered like a missing one. */
  async get(scope: Scope, id: string): Promise<SessionRecord> {
    const session = await this.sessions.getWithEvents(scope, id);
    if (!session) throw notFound('unknown-session', `there is no session "${id}"`);
    return toRecord(session);
  }

  async list(scope: Scope, query: { flowId?: string; limit: number; cursor?: string }): Promise<SessionList> {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    if (query.flowId !== undefined && !(await this.flows.get(query.flowId, scope))) {
      throw notFound('unknown-flow', `there is no flow "${query.flowId}"`, [{ path: ['flowId'], message: 'no such flow' }]);
    }
    // One extra row tells whether another page follows without a count query.
    const rows = await this.sessions.list(scope, { flowId: query.flowId, limit: query.limit + 1, after });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      sessions: page.map(toRecord),
      nextCursor: rows.length > query.limit && last ? encodeCursor({ startedAt: last.startedAt, id: last.id }) : null,
    };
  }

  private async resolveVersion(flowId: string, version: number | undefined) {
    if (version === undefined) {
      const latest = await this.flows.getVersion(flowId);
      if (latest) return latest;
      if (await this.flows.get(flowId)) {
        throw notFound('not-published', `flow "${flowId}" has not been published yet`, [{ path: ['flowId'], message: 'not published' }]);
      }
      throw notFound('unknown-flow', `there is no flow "${flowId}"`, [{ path: ['flowId'], message: 'no such flow' }]);
    }
    const record = await this.versions.get(flowId, version);
    if (record) return record;
    if (await this.flows.get(flowId)) {
      throw notFound('unknown-version', `flow "${flowId}" has no version ${version}`, [{ path: ['flowVersion'], message: 'no such version' }]);
    }
    throw notFound('unknown-flow', `there is no flow "${flowId}"`, [{ path: ['flowId'], message: 'no such flow' }]);
  }

  private async sameStart(existing: SessionRecordRow, request: StartSessionRequest): Promise<StartSessionResponse> {
    const sameVersion = request.flowVersion === undefined || request.flowVersion === existing.flowVersion;
    if (existing.flowId !== request.flowId || !sameVersion) {
      throw new ServiceError(
        'conflict',
        'session-exists',
        `session "${existing.id}" exists already for flow "${existing.flowId}" version ${existing.flowVersion}`,
        [{ path: ['sessionId'], message: 'already used for another flow or version' }],
      );
    }
    const definition = await this.versions.definition(existing.flowId, existing.flowVersion);
    if (!definition) throw new Error(`session ${existing.id} refers to a missing flow version`);
    return { sessionId: existing.id, flowId: existing.flowId, flowVersion: existing.flowVersion, startStepId: startStepId(definition) };
  }
}
