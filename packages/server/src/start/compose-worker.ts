import { Hono } from 'hono';
import type { ReelbackApp } from '../app.js';
import type { ComposedProcess } from './compose-process.js';

/** The job side of a process (REELBACK_ROLE all or worker): stopped by the teardown `composeProcess` set up. */
export async function startJobs({ reelback, media, env }: ComposedProcess): Promise<void> {
  await media.queue.start();
  // whisper.cpp is built here, in the background, when a model is there (or fetched first with REELBACK_MODELS_AUTO_PULL=1).
  reelback.engineSetup.start({ autoPull: env.REELBACK_MODELS_AUTO_PULL?.trim() === '1' });
  // Events committed before a crash, whose webhook fan-out never ran, get their deliveries now (and every 5 s after).
  reelback.webhookFanout.start();
  // The analytics facts and rollups of events no process folded yet (a crash, another process's commits).
  reelback.projectionFolder.start();
  reelback.webhookDispatcher.start();
  reelback.unsubmittedClips.start();
  reelback.auditRetention.start();
  // Answers stored before insights existed, or whose hand-off a crash cut, are analysed now (and every 10 min after).
  reelback.answerAnalysis.start();
}

/** The app's health routes and nothing else: what a worker process serves (to its supervisor's health checks). */
export function healthOnly(reelback: ReelbackApp): Hono {
  const app = new Hono();
  for (const path of ['/healthz', '/readyz']) app.get(path, (c) => reelback.app.fetch(c.req.raw));
  app.notFound((c) => c.json({ error: { code: 'worker', message: 'this Reelback process is a worker (REELBACK_ROLE=worker): it runs jobs and serves no API' } }, 404));
  return app;
}
