// Hand-run checks of the bootstrap's pure parts (not part of `npm test`, which is vitest's):
//   node --test scripts/bootstrap/bootstrap.check.mjs
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { installHash, installReason, pnpmEnv, pnpmVersion, workspaceManifests, workspacePatterns, writeStamp } from './pnpm.mjs';
import { canConnect, postgresClusterVersions } from './services.mjs';
import { findCommand, installMethod, isPresent, manualInstallMessage, missingPackages } from './system-packages.mjs';

const probe = (commands, files = [], env = {}, executables = []) => ({
  hasCommand: (c) => commands.includes(c),
  hasFile: (f) => files.includes(f),
  isExecutable: (p) => executables.includes(p),
  env,
});
const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf';

describe('system packages', () => {
  it('needs both ffmpeg and ffprobe for ffmpeg', () => {
    assert.equal(isPresent('ffmpeg', probe(['ffmpeg'])), false);
    assert.equal(isPresent('ffmpeg', probe(['ffmpeg', 'ffprobe'])), true);
  });
  it('accepts chromium-browser or CHROMIUM_PATH for chromium', () => {
    assert.equal(isPresent('chromium', probe([])), false);
    assert.equal(isPresent('chromium', probe(['chromium-browser'])), true);
    assert.equal(isPresent('chromium', probe([], [], { CHROMIUM_PATH: '/opt/c/chrome' }, ['/opt/c/chrome'])), true);
    assert.equal(isPresent('chromium', probe([], [], { CHROMIUM_PATH: '/nowhere' })), false);
  });
  it('detects the font by its file', () => {
    assert.equal(isPresent('fonts-dejavu-core', probe([], [FONT])), true);
    assert.equal(isPresent('fonts-dejavu-core', probe([])), false);
  });
  it('lists the missing packages once, in order', () => {
    const p = probe(['ffmpeg', 'ffprobe', 'make'], []);
    assert.deepEqual(missingPackages(['ffmpeg', 'chromium', 'espeak-ng', 'fonts-dejavu-core', 'chromium', 'make', 'g++'], p), ['chromium', 'espeak-ng', 'fonts-dejavu-core', 'g++']);
    assert.deepEqual(missingPackages(['ffmpeg'], p), []);
  });
  it('installs with apt only as root with apt-get', () => {
    assert.equal(installMethod(probe(['apt-get']), 0), 'apt');
    assert.equal(installMethod(probe(['apt-get']), 1000), 'manual');
    assert.equal(installMethod(probe([]), 0), 'manual');
  });
  it('names the packages and the command in the manual message', () => {
    const text = manualInstallMessage(['chromium', 'espeak-ng']);
    assert.match(text, /apt-get install -y --no-install-recommends chromium espeak-ng/);
    assert.match(text, /- chromium: /);
  });
  it('finds real commands on PATH', () => {
    assert.ok(findCommand('sh'));
    assert.equal(findCommand('surely-not-a-command-reelback'), null);
  });
});

describe('install stamp', () => {
  const dir = mkdtempSync(join(tmpdir(), 'reelback-stamp-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const write = (file, text) => {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  };
  write('package.json', JSON.stringify({ name: 'x', packageManager: 'pnpm@10.34.9+sha512.abc' }));
  write('pnpm-workspace.yaml', "packages:\n  - packages/*\n  - 'demo'\nonlyBuiltDependencies:\n  - better-sqlite3\n");
  write('pnpm-lock.yaml', 'lockfileVersion: 9.0\n');
  write('packages/a/package.json', '{"name":"a"}');
  write('packages/b/package.json', '{"name":"b"}');
  write('packages/notes/README.md', 'not a package');
  write('demo/package.json', '{"name":"demo"}');

  it('reads the pinned pnpm version without its hash', () => assert.equal(pnpmVersion(dir), '10.34.9'));
  it('parses the workspace globs and stops at the next key', () => {
    assert.deepEqual(workspacePatterns("packages:\n  - packages/*\n  - 'demo' # the demo\nonlyBuiltDependencies:\n  - esbuild\n"), ['packages/*', 'demo']);
  });
  it('finds every workspace manifest', () => {
    assert.deepEqual(workspaceManifests(dir), ['demo/package.json', 'packages/a/package.json', 'packages/b/package.json']);
  });
  it('asks for an install until node_modules and a matching stamp exist', () => {
    assert.equal(installReason(dir), 'node_modules is missing');
    write('node_modules/.modules.yaml', 'x');
    assert.equal(installReason(dir), 'node_modules has no install stamp');
    writeStamp(dir);
    assert.equal(installReason(dir), null);
  });
  it('changes when the lockfile or any package.json changes, not otherwise', () => {
    const before = installHash(dir);
    write('packages/notes/README.md', 'still not a package');
    assert.equal(installHash(dir), before);
    write('packages/b/package.json', '{"name":"b","dependencies":{"lit":"3"}}');
    assert.notEqual(installHash(dir), before);
    assert.match(installReason(dir), /changed/);
    writeStamp(dir);
    write('pnpm-lock.yaml', 'lockfileVersion: 9.0\n# changed\n');
    assert.match(installReason(dir), /changed/);
  });
});

describe('pnpm environment', () => {
  it("drops npm's run-script settings but keeps the machine's", () => {
    const env = pnpmEnv({ PATH: '/bin', npm_config_loglevel: 'silent', npm_config_nodedir: '/usr', npm_config_registry: 'http://r/', npm_config_store_dir: '/s', npm_config_yes: '', npm_lifecycle_event: 'test', npm_package_json: '/x', npm_execpath: '/npm' });
    assert.deepEqual(Object.keys(env).sort(), ['COREPACK_ENABLE_DOWNLOAD_PROMPT', 'COREPACK_ENABLE_STRICT', 'PATH', 'npm_config_nodedir', 'npm_config_registry', 'npm_config_store_dir']);
  });
});

describe('services', () => {
  it('tells an open port from a closed one', async () => {
    const { createServer } = await import('node:net');
    const server = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const { port } = server.address();
    assert.equal(await canConnect('127.0.0.1', port), true);
    await new Promise((r) => server.close(r));
    assert.equal(await canConnect('127.0.0.1', port, 300), false);
  });
  it('lists Debian cluster versions newest first', () => {
    const etc = mkdtempSync(join(tmpdir(), 'reelback-pg-'));
    for (const v of ['13', '15', 'README']) mkdirSync(join(etc, v, 'main'), { recursive: true });
    assert.deepEqual(postgresClusterVersions(etc), ['15', '13']);
    assert.deepEqual(postgresClusterVersions(join(etc, 'nope')), []);
    rmSync(etc, { recursive: true, force: true });
  });
});
