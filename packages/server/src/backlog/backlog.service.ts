import type { AnswerItem } from '@reelback/shared';
import { toItem } from '../answers/answers.service.js';
import type { AuditLog } from '../audit/audit-log.js';
import { urlOrigin } from '../audit/audit-detail.js';
import type { Actor } from '../flows/editors.js';
import { notFound, ServiceError } from '../errors/service-error.js';
import { issuesFromZod, summarizeIssues } from '../errors/issues.js';
import type { OutboundClient } from '../outbound/outbound-client.js';
import type { Clock } from '../ports/clock.js';
import type { AnswerRecord, AnswerStore } from '../ports/answer-store.js';
import type { BacklogStore } from '../ports/backlog-store.js';
import type { FlowStore } from '../ports/flow-store.js';
import type { Scope } from '../ports/store-types.js';
import type { AnswerAnalysisStore } from '../ports/answer-analysis-store.js';
import { buildBacklogItem } from './backlog-item.js';
import { BacklogError, type BacklogTracker, type TrackerHealth } from './backlog-tracker.js';
import { SECRET_FIELD, type TrackerConfigUpdate, type TrackerSettings } from './backlog.schemas.js';
import type { SecretBox } from './secret-box.js';
import { createTracker, redactTrackerConfig, TrackerConfig, trackerUrls } from './tracker-config.js';

/**
 * A hand-off claimed longer ago than this is taken to have died with its process: the adapters' own time limit is
 * at most 120 s, so a live one has answered by then.
 */
export const STALE_CLAIM_MS = 5 * 60_000;

export interface BacklogServiceDeps {
  answers: AnswerStore;
  /** The answer handed back carries its analysis, as every answer the API serves does. */
  analyses: Pick<AnswerAnalysisStore, 'get'>;
  flows: FlowStore;
  store: BacklogStore;
  box: SecretBox;
  clock: Clock;
  /** What trackers are called through, and whose private-address setting their URLs are checked against. */
  outbound: OutboundClient;
  /** Where a tracker's own words about a failure go (never to the API caller: see `tracker-http.ts`). */
  logError?: (message: string, error: unknown) => void;
  /** The adapter for a configuration (`createTracker`). */
  trackerFor?: (config: TrackerConfig) => BacklogTracker;
  /** Told after an answer got its backlog item (live updates). */
  changed?: (workspaceId: string | null, answerId: string) => void;
  /** Setting and removing the tracker are recorded right after the change. */
  audit: AuditLog;
}

/** What the audit log keeps of a tracker's settings: no secret, URLs as their origin. */
function trackerDetail(config: TrackerConfig, accessReplaced: boolean): Record<string, unknown> {
  const { [SECRET_FIELD[config.kind]]: _secret, ...rest } = config as Record<string, unknown>;
  for (const { field, url } of trackerUrls(config)) rest[field] = urlOrigin(url);
  // Whether a new token (key, secret) was sent rather than the stored one kept; named so safeDetail keeps it.
  return { ...rest, accessReplaced };
}

export interface HandOff {
  /** False when the answer had its item already (no second one was made). */
  created: boolean;
  answer: AnswerItem;
}

const noTracker = () =>
  new ServiceError('conflict', 'no_tracker', 'No backlog tracker is set up for this workspace: an admin can add one in the settings (PUT /api/v1/workspace/tracker).');

/** The workspace's tracker settings (secrets sealed at rest) and "Create backlog item" for an answer. */
export class BacklogService {
  /** Hand-offs running in this process, so a double click waits for the first instead of failing. */
  private readonly running = new Map<string, Promise<HandOff>>();

  constructor(private readonly deps: BacklogServiceDeps) {}

  async getTracker(scope: Scope): Promise<TrackerSettings> {
    const config = scope.workspaceId === null ? undefined : await this.config(scope.workspaceId);
    return { tracker: config ? redactTrackerConfig(config) : null };
  }

  async putTracker(scope: Scope, actor: Actor, update: TrackerConfigUpdate): Promise<TrackerSettings> {
    const workspaceId = this.workspaceOf(scope);
    const field = SECRET_FIELD[update.kind];
    const given = (update as Record<string, unknown>)[field] as string | undefined;
    const stored = await this.config(workspaceId);
    const sameKind = stored?.kind === update.kind ? stored : undefined;
    let secret = given?.trim();
    let accessReplaced = true;
    if (secret === undefined || secret === '' || (sameKind && secret === (redactTrackerConfig(sameKind) as Record<string, unknown>)[field])) {
      if (!sameKind) {
        throw new ServiceError('invalid', 'invalid-request', `${field} is required: there is no stored ${update.kind} ${field} to keep`, [
          { path: [field], message: `is required (no stored ${update.kind} ${field} to keep)` },
        ]);
      }
      secret = (sameKind as Record<string, unknown>)[field] as string;
      accessReplaced = false;
    } else if (secret.includes('…')) {
      throw new ServiceError('invalid', 'invalid-request', `${field}: send the secret itself, not a redacted form of it`, [
        { path: [field], message: 'is a redacted value that matches no stored secret: send the secret itself' },
      ]);
    }
    const parsed = TrackerConfig.safeParse({ ...update, [field]: secret });
    if (!parsed.success) {
      const issues = issuesFromZod(parsed.error);
      throw new ServiceError('invalid', 'invalid-request', summarizeIssues('body', issues), issues);
    }
    const config = parsed.data;
    this.checkUrls(config);
    const sealed = this.deps.box.seal(JSON.stringify(config), sealContext(workspaceId, config.kind));
    await this.deps.store.putTracker(workspaceId, { kind: config.kind, sealed, updatedAt: this.deps.clock.now().toISOString() });
    await this.deps.audit.record(scope, actor, 'tracker.set', { type: 'tracker', id: null, label: config.kind }, trackerDetail(config, accessReplaced));
    return { tracker: redactTrackerConfig(config) };
  }

  async deleteTracker(scope: Scope, actor: Actor): Promise<void> {
    if (scope.workspaceId === null) return;
    const stored = await this.deps.store.getTracker(scope.workspaceId);
    if (await this.deps.store.deleteTracker(scope.workspaceId)) {
      await this.deps.audit.record(scope, actor, 'tracker.removed', { type: 'tracker', id: null, label: stored?.kind ?? null });
    }
  }

  /** One read-only call to the tracker (see `BacklogTracker.check`). */
  async checkTracker(scope: Scope): Promise<TrackerHealth> {
    const config = scope.workspaceId === null ? undefined : await this.config(scope.workspaceId);
    if (!config) throw noTracker();
    return this.trackerFor(config).check();
  }

  /**
   * Makes the answer an item in the workspace's tracker, once: an answer with an item answers it again, and a
   * concurrent second call (here or in another process) makes none. Throws the tracker's `BacklogError`.
   */
  async createItem(scope: Scope, answerId: string, options: { at?: number; baseUrl: string }): Promise<HandOff> {
    const record = await this.answer(scope, answerId);
    if (record.backlogItem) return { created: false, answer: await this.item(record) };
    const key = `${scope.workspaceId}\u0000${answerId}`;
    const running = this.running.get(key);
    if (running) return { created: false, answer: (await running).answer };
    const handOff = this.handOff(scope, record, options).finally(() => this.running.delete(key));
    this.running.set(key, handOff);
    return handOff;
  }

  private async handOff(scope: Scope, record: AnswerRecord, options: { at?: number; baseUrl: string }): Promise<HandOff> {
    const config = scope.workspaceId === null ? undefined : await this.config(scope.workspaceId);
    if (!config) throw noTracker();
    const { store, clock } = this.deps;
    const now = clock.now();
    const claim = await store.claimItem(record.id, config.kind, now.toISOString(), new Date(now.getTime() - STALE_CLAIM_MS).toISOString());
    if (claim.state === 'created') return { created: false, answer: await this.item(await this.answer(scope, record.id)) };
    if (claim.state === 'pending') {
      throw new ServiceError('conflict', 'backlog-item-pending', 'A backlog item for this answer is being made right now: look again in a moment.');
    }
    try {
      const item = buildBacklogItem({
        ...(await this.names(scope, record)),
        kind: record.kind,
        transcript: record.transcriptText,
        text: record.text,
        link: answerLink(options.baseUrl, record.id, options.at),
        tags: record.tags,
      });
      const made = await this.trackerFor(config).createItem(item, { idempotencyKey: `backlog_${record.id}` });
      await store.completeItem(record.id, { ...made, tracker: config.kind, createdAt: clock.now().toISOString() });
    } catch (error) {
      // Nothing was made (or the tracker said so): let the owner try again.
      await store.releaseItem(record.id);
      if (error instanceof BacklogError) this.deps.logError?.(`backlog hand-off to ${config.kind} failed: ${error.message}`, error.detail ?? error.cause ?? null);
      throw error;
    }
    this.deps.changed?.(scope.workspaceId, record.id);
    return { created: true, answer: await this.item(await this.answer(scope, record.id)) };
  }

  private async item(record: AnswerRecord): Promise<AnswerItem> {
    return toItem(record, await this.deps.analyses.get(record.id));
  }

  /** The flow's name and the step's title in the answer's published version. */
  private async names(scope: Scope, record: AnswerRecord): Promise<{ flowName: string; stepTitle: string }> {
    const flow = await this.deps.flows.get(record.flowId, scope);
    const version = await this.deps.flows.getVersion(record.flowId, record.flowVersion, scope);
    const step = version?.definition.steps.find((s) => s.id === record.stepId);
    return { flowName: flow?.name ?? version?.definition.name ?? record.flowId, stepTitle: step?.prompt.title?.trim() || record.stepId };
  }

  private async answer(scope: Scope, id: string): Promise<AnswerRecord> {
    const record = await this.deps.answers.get(scope, id);
    if (!record) throw notFound('unknown-answer', `there is no answer "${id}"`);
    return record;
  }

  private trackerFor(config: TrackerConfig): BacklogTracker {
    return this.deps.trackerFor ? this.deps.trackerFor(config) : createTracker(config, this.deps.outbound);
  }

  /** A tracker URL that is a literal non-public address or a localhost name is refused when saved (400). */
  private checkUrls(config: TrackerConfig): void {
    for (const { field, url } of trackerUrls(config)) {
      const reason = this.deps.outbound.refusedUrlReason(url);
      if (reason) {
        throw new ServiceError(
          'invalid',
          'tracker-url-refused',
          `${field} ${reason}; set REELBACK_OUTBOUND_ALLOW_PRIVATE=1 to allow trackers on private networks`,
          [{ path: [field], message: reason }],
        );
      }
    }
  }

  private async config(workspaceId: string): Promise<TrackerConfig | undefined> {
    const stored = await this.deps.store.getTracker(workspaceId);
    if (!stored) return undefined;
    return TrackerConfig.parse(JSON.parse(this.deps.box.open(stored.sealed, sealContext(workspaceId, stored.kind))));
  }

  private workspaceOf(scope: Scope): string {
    if (scope.workspaceId === null) {
      throw new ServiceError('conflict', 'no-workspace', 'There is no workspace yet: create one with POST /api/v1/auth/bootstrap first.');
    }
    return scope.workspaceId;
  }
}

/** The sealed settings open only for their workspace and kind. */
export const sealContext = (workspaceId: string, kind: string) => `reelback tracker ${workspaceId} ${kind}`;

/** `<base>/app/answers/<id>[?t=<seconds>]` */
export function answerLink(baseUrl: string, answerId: string, at?: number): string {
  const base = baseUrl.replace(/\/+$/, '');
  return `${base}/app/answers/${encodeURIComponent(answerId)}${at === undefined ? '' : `?t=${Math.round(at * 10) / 10}`}`;
}
