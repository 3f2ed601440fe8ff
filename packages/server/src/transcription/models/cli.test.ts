import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/run-cli.js';
import { CATALOGUE } from './catalogue.js';
import { captureOutput, makeFakeModel } from '../../test-support/model-server.js';

const root = fileURLToPath(new URL('../../../../../', import.meta.url));
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rb-cli-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function cli(args: string[], env: Record<string, string> = {}) {
  const stdout = captureOutput();
  const stderr = captureOutput();
  const code = await runCli(args, { env: { REELBACK_MODELS_DIR: dir, ...env }, stdout, stderr });
  return { code, out: stdout.text, err: stderr.text };
}

describe('reelback CLI', () => {
  it('runs as a child process: `models list` shows the catalogue, the cache and the model in use', async () => {
    await writeFile(join(dir, 'ggml-base.en.bin'), makeFakeModel(4096));
    await writeFile(join(dir, 'ggml-tiny.bin.part'), Buffer.alloc(2048));
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'packages/server/src/cli/reelback.ts', 'models', 'list'],
      { cwd: root, env: { ...process.env, REELBACK_MODELS_DIR: dir, WHISPER_MODEL: '', WHISPER_MODEL_NAME: '' } },
    );
    expect(stderr).toBe('');
    expect(stdout).toContain(`Models folder: ${dir}`);
    expect(stdout).toContain('Downloads from: https://huggingface.co/ggerganov/whisper.cpp/resolve/main');
    for (const entry of CATALOGUE) expect(stdout).toMatch(new RegExp(`^.  ${entry.name.replace(/\./g, '\\.')} `, 'm'));
    expect(stdout).toMatch(/^\* {2}base\.en +142 MiB {2}yes {4}yes$/m);
    expect(stdout).toMatch(/^ {3}tiny +75\.0 MiB {2}yes {4}partial \(2\.00 KiB\)$/m);
    expect(stdout).toMatch(/^ {3}tiny-q5_1 +~31\.0 MiB {2}none {3}-$/m);
    expect(stdout).toContain(`In use (*): base.en — ${join(dir, 'ggml-base.en.bin')} (4.00 KiB; best cached model)`);
  });

  it('--help prints the usage and exits 0, at both levels', async () => {
    const top = await cli(['--help']);
    expect(top.code).toBe(0);
    expect(top.out).toContain('Usage: reelback <command>');
    for (const args of [['models', '--help'], ['models', 'pull', '--help'], ['models', 'help']]) {
      const result = await cli(args);
      expect(result.code, args.join(' ')).toBe(0);
      expect(result.out).toContain('Usage: reelback models <command> [options]');
      expect(result.out).toContain('REELBACK_MODELS_DIR');
    }
  });

  it('bad arguments exit 2 with the usage on stderr', async () => {
    for (const args of [[], ['nope'], ['models'], ['models', 'pull'], ['models', 'verify', 'a', 'b'], ['models', 'list', '-x']]) {
      const result = await cli(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.err).toMatch(/Usage: reelback/);
      expect(result.out).toBe('');
    }
  });

  it('list shows a WHISPER_MODEL file as the one in use, and says when it is missing', async () => {
    const own = join(dir, 'whisper-custom.bin');
    await writeFile(own, makeFakeModel(1024));
    const present = await cli(['models', 'list'], { WHISPER_MODEL: own });
    expect(present.out).toContain(`In use: WHISPER_MODEL=${own} (1.00 KiB)`);
    expect(present.out).not.toMatch(/^\*/m);
    const missing = await cli(['models', 'list'], { WHISPER_MODEL: join(dir, 'gone.bin') });
    expect(missing.out).toContain(`In use: WHISPER_MODEL=${join(dir, 'gone.bin')} (MISSING)`);
    const none = await cli(['models', 'list']);
    expect(none.out).toContain('In use: none — no model in the cache and WHISPER_MODEL is not set.');
    const named = await cli(['models', 'list'], { WHISPER_MODEL_NAME: 'small' });
    expect(named.out).toContain(`In use (*): small — ${join(dir, 'ggml-small.bin')} (MISSING; WHISPER_MODEL_NAME)`);
    expect(named.out).toContain('Download it with: reelback models pull small');
  });
});
