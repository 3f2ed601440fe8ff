// bench/outbound: the cost of one webhook delivery POST through `sendWebhook` (the guarded outbound client: undici
// on an Agent that checks addresses at connect time, connections reused) as a ratio to a bare `node:http` POST with
// a keep-alive agent (no guard, nothing read), both against one receiver process on loopback, measured here.
// Usage: node --import tsx bench/outbound/outbound.ts [--requests N] [--rounds N]
// Targets: sendWebhook ≥ 0.8 × the baseline's requests per second, and ≥ 1,000 deliveries/s.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Agent, request } from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { sendWebhook } from '@reelback/server';
import { numberFlag } from '../support/cli-flags.js';

const args = process.argv.slice(2);
const REQUESTS = numberFlag(args, '--requests', 5000);
const ROUNDS = numberFlag(args, '--rounds', 3);
const CONCURRENCY = 16; // deliveries a process may have in flight (webhook jobs at once, with headroom)

// A delivery as the job sends it: ~1 KB CloudEvent and the Standard Webhooks headers.
const BODY = JSON.stringify({ specversion: '1.0', id: '01939c6a-0000-7000-8000-000000000000', source: '/reelback', type: 'reelback.answer.submitted', time: new Date().toISOString(), data: { text: 'x'.repeat(800) } });
const HEADERS = { 'webhook-id': 'msg_01939c6a', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': `v1,${'A'.repeat(44)}` };

const receiver = spawn(process.execPath, [fileURLToPath(new URL('./receiver.mjs', import.meta.url))], { stdio: ['ignore', 'pipe', 'inherit'] });
let port = 0;
for await (const line of createInterface({ input: receiver.stdout! })) {
  port = (JSON.parse(line) as { port: number }).port;
  break;
}
const url = `http://127.0.0.1:${port}/hook`;

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
function bare(): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { ...HEADERS, 'content-type': 'application/json', 'content-length': Buffer.byteLength(BODY) } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 204 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(BODY);
  });
}

async function guarded(): Promise<void> {
  // The receiver is on loopback, so private addresses are allowed; the guard's lookup still runs per connection.
  const result = await sendWebhook(url, BODY, HEADERS, { timeoutMs: 10_000, allowPrivate: true });
  if (result.error !== null) throw new Error(result.error);
}

interface Run {
  perSecond: number;
  cpuMicrosPerCall: number;
}

async function measure(send: () => Promise<void>, count: number): Promise<Run> {
  let next = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < count) await send();
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { perSecond: count / seconds, cpuMicrosPerCall: (used.user + used.system) / count };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

await measure(bare, 1000);
await measure(guarded, 1000);
const runs: Record<'bare' | 'guarded', Run[]> = { bare: [], guarded: [] };
for (let round = 0; round < ROUNDS; round++) {
  // ABBA, so a machine that gets busier or quieter over the run weighs on both alike.
  const order = round % 2 === 0 ? (['bare', 'guarded'] as const) : (['guarded', 'bare'] as const);
  for (const which of order) runs[which].push(await measure(which === 'bare' ? bare : guarded, REQUESTS));
}

const bareRate = median(runs.bare.map((r) => r.perSecond));
const guardedRate = median(runs.guarded.map((r) => r.perSecond));
const ratio = guardedRate / bareRate;
const row = (name: string, list: Run[]) =>
  `| ${name} | ${Math.round(median(list.map((r) => r.perSecond)))} (${Math.round(Math.min(...list.map((r) => r.perSecond)))}–${Math.round(Math.max(...list.map((r) => r.perSecond)))}) | ${Math.round(median(list.map((r) => r.cpuMicrosPerCall)))} µs |`;
console.log(`bench/outbound: ${REQUESTS} POSTs × ${ROUNDS} rounds, ${CONCURRENCY} in flight, ${Buffer.byteLength(BODY)} B bodies, receiver in its own process`);
console.log('| sender | requests/s median (min–max) | sender CPU per request |');
console.log('| --- | --- | --- |');
console.log(row('node:http keep-alive (baseline)', runs.bare));
console.log(row('sendWebhook (guarded client)', runs.guarded));
console.log(`ratio sendWebhook / baseline: ${ratio.toFixed(2)} (target ≥ 0.8); sendWebhook ${Math.round(guardedRate)}/s (target ≥ 1000/s)`);

agent.destroy();
receiver.kill('SIGTERM');
await once(receiver, 'exit');
const met = ratio >= 0.8 && guardedRate >= 1000;
if (!met) console.log('bench/outbound: target NOT met');
process.exit(met ? 0 : 1);
