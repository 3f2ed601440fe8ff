import { type AuditAction, type AuditTarget, type Editor, uuidv7 } from '@reelback/shared';
import type { Actor, EditorNames } from '../flows/editors.js';
import type { Clock } from '../ports/clock.js';
import type { Scope } from '../ports/store-types.js';
import { safeDetail } from './audit-detail.js';
import type { AuditRecord, AuditStore } from '../ports/audit-store.js';

export interface AuditLogDeps {
  store: AuditStore;
  editors: Pick<EditorNames, 'of'>;
  clock: Clock;
  logError: (message: string, error: unknown) => void;
}

/** Who did it: the caller as the HTTP layer knows it, or an actor named already (a person who just joined). */
export type AuditActor = Actor | Editor;

const isEditor = (actor: AuditActor): actor is Editor => 'label' in actor;

/**
 * Writes a workspace's audit log. Services call it — never routes — once the thing happened:
 *
 * - `record(scope, actor, action, target, detail)`: one line, right after the change (for stores that run no
 *   transaction of ours). A failure to write is logged with the whole entry and does not fail the request: the change
 *   is made already, and an error would invite a retry of it.
 * - `entry(…)` builds the same entry for a store that writes it in the change's own transaction (it takes an
 *   `AuditRecord` and calls `insertAuditEntry`), so the change and its entry commit together or not at all.
 *
 * The actor and target are stored as they read now (a member's name, a key's name), the detail through `safeDetail`.
 */
export class AuditLog {
  constructor(private readonly deps: AuditLogDeps) {}

  async entry(scope: Scope, actor: AuditActor, action: AuditAction, target: AuditTarget, detail: Record<string, unknown> = {}): Promise<AuditRecord> {
    return {
      id: uuidv7(),
      workspaceId: scope.workspaceId,
      at: this.deps.clock.now().toISOString(),
      action,
      actor: isEditor(actor) ? actor : await this.deps.editors.of(actor),
      target,
      detail: safeDetail(detail),
    };
  }

  async record(scope: Scope, actor: AuditActor, action: AuditAction, target: AuditTarget, detail: Record<string, unknown> = {}): Promise<void> {
    let entry: AuditRecord | undefined;
    try {
      entry = await this.entry(scope, actor, action, target, detail);
      await this.deps.store.append(entry);
    } catch (error) {
      this.deps.logError(`audit log: could not record ${action} ${JSON.stringify(entry ?? { scope, action, target })}`, error);
    }
  }
}
