import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

export interface ServerProcess {
  /** Where it listens (`http://127.0.0.1:<port>`), from its startup line. */
  url: string;
  child: ChildProcess;
  /** Its exit code, or the signal that ended it. */
  exited: Promise<number | NodeJS.Signals | null>;
  /** Standard output and error so far, for failure messages. */
  output(): string;
}

/**
 * The built server (`dist/main.js`, as `npm start` runs it) as a process of its own, so a test can kill it
 * (SIGKILL: no shutdown at all), on a free port. Resolves once it prints where it listens; rejects with its output
 * if it exits first or says nothing within `timeoutMs`.
 */
export async function startServerProcess(outdir: string, env: Record<string, string>, timeoutMs = 60_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--enable-source-maps', join(outdir, 'main.js')], {
    env: { ...process.env, PORT: String(await freePort()), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server process said nothing about listening within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const heard = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ url, child, exited, output: () => output });
      }
    };
    child.stdout!.on('data', heard);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((how) => {
      clearTimeout(timer);
      reject(new Error(`the server process exited (${how}) before listening:\n${output}`));
    });
  });
}

/** A port nothing listens on now (the server refuses PORT=0). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (typeof address !== 'object' || !address) throw new Error('no free port');
  return address.port;
}
