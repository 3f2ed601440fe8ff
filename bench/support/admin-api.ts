import { BENCH_ADMIN_KEY } from '../ingest/batches.js';

/** A POST to a benchmark's server with the admin key; a refusal throws with the server's answer. */
export async function adminPost(url: string, path: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${BENCH_ADMIN_KEY}` },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}
