import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditLog } from '../audit/audit-log.js';
import { clipPrefix } from '../clips/clip-settings.js';
import type { Actor } from '../flows/editors.js';
import { notFound } from '../errors/service-error.js';
import type { BlobStore } from '../ports/blob-store.js';
import type { ClipStore } from '../ports/clip-store.js';
import type { SessionStore } from '../ports/session-store.js';
import type { Scope } from '../ports/store-types.js';

/** What a deletion removed: sessions, their clips and transcripts, and the clips' stored media files. */
export interface ErasedCounts {
  sessions: number;
  clips: number;
  transcripts: number;
  blobs: number;
}

export interface PrivacyDeps {
  sessions: SessionStore;
  clips: ClipStore;
  blobs: BlobStore;
  /** The tus server's folder: an upload in progress of clip X is `X` and `X.json` in it. */
  uploadsDir: string;
  /**
   * Erasures are recorded right after the rows are gone (files, rows and files again are no one transaction). The
   * entry never names the viewer: it keeps the session id or, for an e-mail request, only the counts.
   */
  audit: AuditLog;
}

/**
 * Deletes viewers' data: one session, or every session of the workspace whose contact answer gave an e-mail.
 *
 * Order: files first (each clip's blob folder and tus upload files), then the rows in one transaction, then the
 * blob folders once more.
 * - Clip media is only ever reached through clip rows (the API serves a blob by the key its clip row records), so
 *   while the rows exist the data is still listed as the viewer's, and once the transaction commits nothing of it
 *   is reachable through the API: the rows, events, transcripts and search index go together.
 * - A crash half-way leaves rows whose files are (partly) gone, never files without rows: the call did not answer
 *   200, the session is still there to find, and repeating the call finishes the job (deleting missing files is no
 *   error). So no blob is ever orphaned by a crash of this code, and no sweep is needed for it.
 * - The second pass catches files a media job still running for one of the clips wrote after the first pass. Jobs
 *   that start later find the clip gone and end quietly (they write no row). A known gap: a conversion already
 *   running that moves its output into the store after the second pass leaves that file under `clips/<clipId>`
 *   with no row pointing at it (unreachable through the API); nothing sweeps such folders yet.
 */
export class PrivacyService {
  constructor(private readonly deps: PrivacyDeps) {}

  async deleteSession(scope: Scope, actor: Actor, sessionId: string): Promise<ErasedCounts> {
    if (!(await this.deps.sessions.get(sessionId, scope))) throw notFound('unknown-session', `there is no session "${sessionId}"`);
    const erased = await this.deleteSessions(scope, [sessionId]);
    await this.deps.audit.record(scope, actor, 'viewer.erased', { type: 'viewer', id: sessionId, label: 'one session' }, { by: 'session', ...erased });
    return erased;
  }

  /** Every session of the scope with a contact answer giving `email` (trimmed, any case). */
  async eraseByEmail(scope: Scope, actor: Actor, email: string): Promise<ErasedCounts> {
    const ids = await this.deps.sessions.findByContactEmail(scope, email.trim().toLowerCase());
    const erased = await this.deleteSessions(scope, ids);
    // Recorded even when nothing matched: the request was answered. The e-mail itself is what was erased.
    await this.deps.audit.record(scope, actor, 'viewer.erased', { type: 'viewer', id: null, label: 'by contact e-mail' }, { by: 'email', ...erased });
    return erased;
  }

  private async deleteSessions(scope: Scope, sessionIds: readonly string[]): Promise<ErasedCounts> {
    const { sessions, clips, blobs, uploadsDir } = this.deps;
    const clipIds: string[] = [];
    const keys = new Set<string>();
    for (const sessionId of sessionIds) {
      for (const clip of await clips.listForSession(scope, sessionId)) {
        clipIds.push(clip.id);
        for (const media of clip.media) keys.add(media.key);
      }
    }
    const removeFiles = async () => {
      for (const clipId of clipIds) {
        await rm(join(uploadsDir, clipId), { force: true });
        await rm(join(uploadsDir, `${clipId}.json`), { force: true });
        await blobs.deletePrefix(clipPrefix(clipId));
      }
    };
    await removeFiles();
    const rows = await sessions.deleteWithData(scope, sessionIds);
    await removeFiles();
    return { ...rows, blobs: keys.size };
  }
}
