import type { Transcriber } from '../ports/transcriber.js';

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/**
 * Without a usable engine (no Whisper model yet) a job waits in the queue, looking again every `intervalMs`, until one
 * appears or the job is stopped; what it waits for is said once.
 */
export async function waitForEngine(
  transcriber: Transcriber,
  options: { intervalMs: number; signal: AbortSignal; log?: ((line: string) => void) | undefined; what: string },
): Promise<void> {
  let said = false;
  for (;;) {
    const health = await transcriber.check();
    if (health.ok || options.signal.aborted) return;
    if (!said) options.log?.(`${options.what} waits: ${health.reason}`);
    said = true;
    await sleep(options.intervalMs, options.signal);
  }
}
