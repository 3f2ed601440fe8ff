// Keeps the Dockerfile, .dockerignore and docker-compose.yml honest without docker: what they copy exists and is
// not ignored, what they run is what the builds produce, what they check is served, what they set is read.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { buildServer } from '../../build.mjs';
import { repoRoot } from '../paths.js';
import { storageFactories } from '../test-support/storages.js';
import { useTestApp } from '../test-support/test-app.js';

interface Instruction {
  stage: string;
  keyword: string;
  args: string;
}

/** The Dockerfile's instructions with the stage each belongs to (continuation lines joined, comments dropped). */
function instructions(text: string): Instruction[] {
  const joined = text.replace(/\\\n/g, ' ');
  const out: Instruction[] = [];
  let stage = '(before FROM)';
  let index = 0;
  for (const line of joined.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const match = /^([A-Z]+)\s+(.*)$/.exec(trimmed);
    if (!match) throw new Error(`not an instruction: ${trimmed}`);
    const [, keyword, args] = match as unknown as [string, string, string];
    if (keyword === 'FROM') {
      stage = / AS (\S+)$/i.exec(args)?.[1] ?? `stage ${index}`;
      index++;
    }
    out.push({ stage, keyword, args: args.replace(/\s+/g, ' ') });
  }
  return out;
}

const dockerfile = instructions(readFileSync(join(repoRoot, 'Dockerfile'), 'utf8'));
const finalStage = dockerfile.filter((i) => i.keyword === 'FROM').length - 1;
const final = dockerfile.filter((i) => i.stage === `stage ${finalStage}`);
const copies = dockerfile
  .filter((i) => i.keyword === 'COPY')
  .map((i) => {
    const words = i.args.split(' ').filter((w) => !w.startsWith('--'));
    return { from: /--from=(\S+)/.exec(i.args)?.[1] ?? null, sources: words.slice(0, -1), target: words.at(-1)!, stage: i.stage };
  });

/** .dockerignore's patterns as a matcher (the forms this repository uses: `**\/name`, `name`, `*.ext`). */
function ignored(path: string): boolean {
  const patterns = readFileSync(join(repoRoot, '.dockerignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const parts = path.split('/');
  return patterns.some((pattern) => {
    if (pattern.startsWith('**/')) return parts.includes(pattern.slice(3));
    if (pattern.startsWith('*.')) return path.endsWith(pattern.slice(1));
    return path === pattern || path.startsWith(`${pattern}/`);
  });
}

function workspacePackages(): string[] {
  const globs = [...readFileSync(join(repoRoot, 'pnpm-workspace.yaml'), 'utf8').matchAll(/^\s+-\s+(\S+)\s*$/gm)].map((m) => m[1]!).filter((g) => !g.includes('Dependencies'));
  return globs.flatMap((glob) =>
    glob.endsWith('/*')
      ? readdirSync(join(repoRoot, glob.slice(0, -2)), { withFileTypes: true })
          .filter((d) => d.isDirectory() && existsSync(join(repoRoot, glob.slice(0, -2), d.name, 'package.json')))
          .map((d) => `${glob.slice(0, -2)}/${d.name}`)
      : existsSync(join(repoRoot, glob, 'package.json'))
        ? [glob]
        : [],
  );
}

describe('the Dockerfile', () => {
  const t = useTestApp(storageFactories[0]!);

  it('copies from the build context only what exists and .dockerignore lets through, every workspace manifest among it', () => {
    const fromContext = copies.filter((c) => c.from === null);
    for (const { sources } of fromContext) {
      for (const source of sources) {
        if (source === '.') continue;
        expect(existsSync(join(repoRoot, source)), `COPY ${source}: not in the repository`).toBe(true);
        expect(ignored(source), `COPY ${source}: .dockerignore leaves it out of the build context`).toBe(false);
      }
    }
    // `pnpm install --frozen-lockfile` fails unless every importer of the lockfile has its manifest.
    const manifests = fromContext.flatMap((c) => c.sources).filter((s) => s.endsWith('package.json'));
    for (const pkg of workspacePackages()) expect(manifests, `${pkg}/package.json is not copied before the install`).toContain(`${pkg}/package.json`);
    // What the image must build itself is never sent from the machine that builds it.
    for (const path of ['node_modules', 'packages/server/dist', 'packages/widget/node_modules', '.cache/whisper/main', 'data']) expect(ignored(path), path).toBe(true);
  });

  it("runs the server bundle the server build makes, as tini's child, as a user that is not root", async () => {
    const cmd = z.array(z.string()).parse(JSON.parse(final.find((i) => i.keyword === 'CMD')!.args));
    expect(cmd[0]).toBe('node');
    const entry = cmd.at(-1)!;
    const { outdir, metafile } = await buildServer();
    const outputs = Object.keys(metafile.outputs).map((file) => relative(repoRoot, join(outdir, '..', file)));
    expect(outputs, `CMD runs ${entry}; the server build writes ${outputs.join(', ')}`).toContain(entry);
    // The final stage copies that file's folder from the build stage's working folder to its own, where CMD runs.
    const workdir = (stage: string) => dockerfile.filter((i) => i.keyword === 'WORKDIR' && (i.stage === stage || i.stage === 'toolchain')).at(-1)?.args;
    const folder = entry.slice(0, entry.lastIndexOf('/'));
    const copied = copies.filter((c) => c.from === 'build' && c.stage === `stage ${finalStage}`).find((c) => c.sources.includes(`${workdir('build')}/${folder}`));
    expect(copied, `the final stage does not copy ${folder} from the build stage`).toBeDefined();
    expect(copied!.target).toBe(folder);
    expect(final.find((i) => i.keyword === 'WORKDIR')?.args).toBe(workdir('build'));
    expect(JSON.parse(final.find((i) => i.keyword === 'ENTRYPOINT')!.args)).toEqual(['/usr/bin/tini', '--']);
    const user = final.filter((i) => i.keyword === 'USER').at(-1)?.args;
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
  });

  it('installs what the server needs to start (scripts/bootstrap NEEDS.start) in the final image, and tini for PID 1', async () => {
    const systemPackages: string = join(repoRoot, 'scripts', 'bootstrap', 'system-packages.mjs');
    const { NEEDS } = z.object({ NEEDS: z.object({ start: z.array(z.string()), compile: z.array(z.string()) }) }).parse(await import(pathToFileURL(systemPackages).href));
    const aptIn = (stage: Instruction[]) => stage.filter((i) => i.keyword === 'RUN' && i.args.includes('apt-get install')).map((i) => i.args).join(' ').split(' ');
    const installed = aptIn(final);
    for (const pkg of [...NEEDS.start, 'tini']) expect(installed, `the final stage does not install ${pkg}`).toContain(pkg);
    const toolchain = aptIn(dockerfile.filter((i) => i.stage === 'toolchain'));
    for (const pkg of NEEDS.compile) expect(toolchain, `the toolchain stage does not install ${pkg}`).toContain(pkg);
  });

  it('exposes the port it sets, and its health check asks for a path the server answers', async () => {
    const env = final.filter((i) => i.keyword === 'ENV').map((i) => i.args).join(' ');
    const port = /\bPORT=(\d+)/.exec(env)?.[1];
    expect(final.find((i) => i.keyword === 'EXPOSE')?.args).toBe(port);
    const check = final.find((i) => i.keyword === 'HEALTHCHECK')!.args;
    expect(check).toContain(`|| ${port}`);
    const path = /'(\/[a-z]+)'/.exec(check)?.[1];
    expect(path).toBe('/readyz');
    expect((await t.request('GET', path!)).status).toBe(200);
  });
});

describe('docker-compose.yml', () => {
  const compose = readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8');

  it('sets only variables the server reads, and mounts files that exist', () => {
    const configSources = ['config/config.ts', 'config/blob-config.ts'].map((f) => readFileSync(join(repoRoot, 'packages/server/src', f), 'utf8')).join('\n');
    const keys = [...compose.matchAll(/^\s+((?:REELBACK|DATABASE|AWS|NODE)_[A-Z_]+):/gm)].map((m) => m[1]!);
    expect(keys.length).toBeGreaterThan(5);
    for (const key of keys.filter((k) => !k.startsWith('AWS_') && k !== 'NODE_OPTIONS')) expect(configSources, `${key} is set but never read`).toContain(key);
    for (const [, file] of compose.matchAll(/- \.\/(\S+?):/g)) expect(existsSync(join(repoRoot, file!)), file).toBe(true);
    for (const [, file] of compose.matchAll(/\[\.\/(\S+?):/g)) expect(existsSync(join(repoRoot, file!)), file).toBe(true);
  });

  it('runs two web processes and a worker of the built image', () => {
    const roles = [...compose.matchAll(/REELBACK_ROLE: (\w+)/g)].map((m) => m[1]);
    expect(roles.sort()).toEqual(['web', 'web', 'worker']);
    expect(compose).toContain('build: .');
  });
});
