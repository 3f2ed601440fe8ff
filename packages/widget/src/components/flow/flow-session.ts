import type { FlowDefinition, ViewerEvent } from '@reelback/shared';
import { findStep, startStepId } from '@reelback/shared/branching';
import type { EmbedMode } from '@reelback/shared/event-types';
import { uuidv7 } from '@reelback/shared/uuidv7';
import { fetchPublishedFlow, startSession } from '../../api/api-client.js';
import { dispatchViewerEvent } from '../../events/dom-events.js';
import { eventClientFor } from '../../events/event-client.js';
import { pageContext } from '../../session/page-context.js';
import { type HostVars, pageVars } from '../../session/page-vars.js';
import { claimSessionKey, SessionStore, sessionKey } from '../../session/session-store.js';
import { browserStore } from '../../util/storage.js';
import { preloadAnswerForms } from './answers/lazy-forms.js';
import { FlowRun } from './flow-run.js';
import { loadThemeFor } from './theme.controller.js';

/** A flow given directly (the dashboard's preview): nothing is sent to a server. */
export interface FlowPreview {
  flowId: string;
  version: number;
  definition: FlowDefinition;
}

export interface PublishedRunOptions {
  /** The element events are dispatched on. */
  element: HTMLElement;
  endpoint: string;
  flowId: string;
  embedMode: EmbedMode;
  vars: HostVars | undefined;
  /** The viewer's language: the flow's texts in it where it has them; the session reports it. */
  locale: string;
  /** Whether this load is still the one wanted (the element may have been given another flow meanwhile). */
  current(): boolean;
  /** Takes this tab's claim on the session's storage key; the caller releases it when the run ends. */
  claimed(release: () => void): void;
}

/**
 * A run ready to go: the caller keeps `run` (so listeners of its first events can already ask the element about
 * it), then calls `begin()`, which sends `session.started` or resumes.
 */
export interface OpenedRun {
  run: FlowRun;
  begin(): void;
}

/**
 * Loads a published flow and the viewer's session on it: the one stored for this page (a reload resumes it at the
 * same step, sending only what was not sent) or a new one, started on the server. Every event goes to the server
 * (batched, retried, kept across reloads) and is dispatched on the element. Undefined when a newer load took over.
 */
export async function openPublishedRun(options: PublishedRunOptions): Promise<OpenedRun | undefined> {
  const { element, endpoint, flowId: wanted, embedMode } = options;
  const published = await fetchPublishedFlow(endpoint, wanted);
  if (!options.current()) return undefined;
  preloadAnswerForms(published.definition);
  const { version } = published;
  const definition = await prepared(published.definition, options.locale);
  if (!options.current()) return undefined;
  const flowId = published.flowId ?? wanted;
  const [key, release] = claimSessionKey(sessionKey(endpoint, flowId, embedMode));
  options.claimed(release);
  const store = new SessionStore(browserStore(), key);
  const client = eventClientFor(endpoint);
  const run = {
    definition,
    emit: (event: ViewerEvent) => {
      client.send(event);
      dispatchViewerEvent(element, event);
    },
    save: (state: FlowRun['state']) => store.save(state),
  };
  const resumable = store.resumable(version);
  if (resumable && findStep(definition, resumable.stepId)) {
    const resumed = new FlowRun({ ...run, state: resumable });
    return { run: resumed, begin: () => resumed.resume() };
  }
  const context = pageContext(embedMode, options.locale);
  const sessionId = uuidv7();
  const vars = pageVars(definition, options.vars);
  const request = { flowId, flowVersion: version, sessionId, context, ...(Object.keys(vars).length ? { vars } : {}) };
  const started = await startSession(endpoint, request);
  if (!options.current()) return undefined;
  const first = findStep(definition, started.startStepId) ? started.startStepId : startStepId(definition);
  const ref = { sessionId: started.sessionId ?? sessionId, flowId, flowVersion: started.flowVersion ?? version };
  const fresh = new FlowRun({ ...run, state: FlowRun.newState(ref, first, vars) });
  return { run: fresh, begin: () => fresh.start(context) };
}

/**
 * The flow ready to show: its texts in the viewer's language where it has them, and its theme's code in hand. Both
 * are chunks of their own, loaded only for a flow that needs them (most have no translations, many no theme).
 */
export async function prepared(definition: FlowDefinition, locale: string): Promise<FlowDefinition> {
  await loadThemeFor(definition);
  if (!definition.translations) return definition;
  return (await import('@reelback/shared/flow-translations')).localizeFlow(definition, locale);
}

/**
 * A preview run: events only as DOM events, nothing stored, nothing sent. `definition`: the preview's, in the viewer's
 * language (`prepared`).
 */
export function openPreviewRun(element: HTMLElement, preview: FlowPreview, vars: HostVars | undefined, locale: string, definition = preview.definition): OpenedRun {
  const ref = { sessionId: uuidv7(), flowId: preview.flowId, flowVersion: preview.version };
  const run = new FlowRun({
    definition,
    // A preview reads only the element's own vars (the dashboard's page URL says nothing about a viewer).
    state: FlowRun.newState(ref, startStepId(definition), pageVars(definition, vars, '')),
    emit: (event) => dispatchViewerEvent(element, event),
    save: () => undefined,
  });
  return { run, begin: () => run.start(pageContext('preview', locale)) };
}
