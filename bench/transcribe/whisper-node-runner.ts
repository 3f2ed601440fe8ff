// bench/transcribe's child process for whisper-node's own JS wrapper. It loads the wrapper from a temporary copy of
// the package (argv[2]: the copy's folder, which holds our built `main` in lib/whisper.cpp/), so importing it — which
// `cd`s the whole process into that folder with shelljs — and its logging to stdout stay in here. The parent sends
// { id, wav, modelPath } over IPC; this process times `await whisper(wav, { modelPath })` with nothing else set, so
// the wrapper runs `./main` with its default flags (`-ml 1`, i.e. word timestamps), and answers with the time and
// what the wrapper resolved (an array of { start, end, speech }, or undefined on its error path).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { childrenCpuSeconds } from './proc-cpu.js';

type WhisperNode = (filePath: string, options?: { modelPath?: string }) => Promise<Array<{ start: string; end: string; speech: string }> | undefined>;

export interface RunnerRequest {
  id: number;
  wav: string;
  modelPath: string;
}

export type RunnerReply =
  | { id: number; ok: true; ms: number; cpuSeconds: number | null; returned: 'undefined' | 'array'; segments: number; text: string }
  | { id: number; ok: false; error: string };

export type RunnerHello = { ready: true; cwd: string } | { ready: false; error: string };

const packageDir = process.argv[2];
if (!packageDir || !process.send) throw new Error('usage: whisper-node-runner.ts <copied whisper-node folder>, started with an IPC channel');
const send = (message: RunnerReply | RunnerHello) => process.send!(message);

let whisper: WhisperNode;
try {
  const load = createRequire(join(packageDir, 'package.json'));
  // dist/index.js → dist/shell.js runs `shell.cd(lib/whisper.cpp)` and checks for ./main when it is first loaded.
  const module = load('./dist/index.js') as { whisper: WhisperNode };
  whisper = module.whisper;
  send({ ready: true, cwd: process.cwd() });
} catch (error) {
  send({ ready: false, error: error instanceof Error ? error.stack ?? error.message : String(error) });
  process.exit(1);
}

process.on('message', (message: RunnerRequest) => {
  void (async () => {
    try {
      const cpuBefore = childrenCpuSeconds();
      const started = performance.now();
      const result = await whisper(message.wav, { modelPath: message.modelPath });
      const ms = performance.now() - started;
      const cpuAfter = childrenCpuSeconds();
      send({
        id: message.id,
        ok: true,
        ms,
        cpuSeconds: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore,
        returned: result === undefined ? 'undefined' : 'array',
        segments: result?.length ?? 0,
        text: (result ?? []).map((s) => s.speech).join(' '),
      });
    } catch (error) {
      send({ id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  })();
});
process.on('disconnect', () => process.exit(0));
