import { ApiProblem } from '../api/api-client.js';

/** A refusal as people read it: the server's message, then each field it named that the message does not say already. */
export function problemText(error: unknown): string {
  if (!(error instanceof ApiProblem)) return error instanceof Error ? error.message : String(error);
  const issues = error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).filter((m) => !error.message.includes(m));
  return [error.message, ...issues].join(' — ');
}
