import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { serve, type ServerType } from '@hono/node-server';
import { type EditableFlow, FlowBundleManifest } from '@reelback/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { untar } from '../test-support/tar.js';
import { makePng } from '../test-support/media-fixtures.js';
import { libraryClient } from '../test-support/media-library-client.js';
import { storageFactories } from '../test-support/storages.js';
import { ADMIN_KEY, uniqueFlowId, useTestApp } from '../test-support/test-app.js';
import { runCli } from './run-cli.js';

function capture() {
  const out = { text: '', chunks: [] as Uint8Array[] };
  return {
    out,
    stream: {
      write(chunk: string | Uint8Array) {
        if (typeof chunk === 'string') out.text += chunk;
        else out.chunks.push(chunk);
        return true;
      },
    },
  };
}

// The CLI against a real server on a temporary SQLite database, over HTTP.
describe.each(storageFactories.filter((f) => f.name === 'sqlite'))('reelback flows export/import against a server on $name', (factory) => {
  const t = useTestApp(factory);
  const lib = libraryClient(t);
  const flowId = uniqueFlowId('cli-bundle');
  let server: ServerType;
  let url = '';
  let dir = '';
  let avatar = '';

  const cli = async (args: string[]) => {
    const stdout = capture();
    const stderr = capture();
    const code = await runCli(['flows', ...args], { env: { REELBACK_URL: url, REELBACK_API_KEY: ADMIN_KEY }, cwd: dir, stdout: stdout.stream, stderr: stderr.stream });
    return { code, stdout: stdout.out, stderr: stderr.out.text };
  };

  beforeAll(async () => {
    await t.media.media.queue.start();
    server = serve({ fetch: t.reelback.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((ready) => server.once('listening', () => ready()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = await mkdtemp(join(tmpdir(), 'reelback-cli-bundle-'));
    const image = await lib.upload('Screenshot', await readFile(await makePng(join(t.media.dir, 'shot.png'))));
    const ready = await lib.settled(image);
    expect(ready.status).toBe('ready');
    avatar = ready.files.find((f) => f.rendition === 'image-640')!.url;
    // The avatar links to a file of this server by URL: the import says it will not load elsewhere.
    const definition = { name: 'Feature check', theme: { avatar }, steps: [{ id: 'look', prompt: { media: { assetId: image } }, answer: { type: 'end' } }] };
    expect((await t.request('POST', '/api/v1/flows', { owner: true, body: { id: flowId, definition } })).status).toBe(201);
  }, 120_000);

  afterAll(async () => {
    await new Promise((done) => server.close(done));
    await rm(dir, { recursive: true, force: true });
  });

  it('exports to a file (or standard output) and imports it back as "… (imported)", then "… (imported 2)"', { timeout: 120_000 }, async () => {
    const exported = await cli(['export', flowId, '--out', 'flow.tar']);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stderr).toMatch(new RegExp(`^reelback flows export: ${flowId}, [\\d.]+ (B|KiB|MiB) → ${join(dir, 'flow.tar')}\\n$`));
    expect(await readdir(dir)).toEqual(['flow.tar']); // the .part was renamed
    const files = await untar(await readFile(join(dir, 'flow.tar')));
    expect(FlowBundleManifest.parse(JSON.parse(files.get('manifest.json')!.toString())).name).toBe('Feature check');

    const piped = await cli(['export', flowId]);
    expect(piped.code, piped.stderr).toBe(0);
    expect((await untar(Buffer.concat(piped.stdout.chunks))).size).toBe(files.size);

    const first = await cli(['import', 'flow.tar']);
    expect(first.code, first.stderr).toBe(0);
    const newId = first.stdout.text.trim();
    expect(newId).toMatch(/^feature-check-/);
    expect(first.stderr).toContain(`"Feature check (imported)" is flow ${newId}, with 1 media asset`);
    expect(first.stderr).toContain('A flow named "Feature check" exists in this workspace');
    expect(first.stderr).toContain(`The definitions link to media files of the server the bundle came from (${avatar})`);
    const flow = (await (await t.request('GET', `/api/v1/flows/${newId}`, { owner: true })).json()) as EditableFlow;
    expect(flow.name).toBe('Feature check (imported)');

    await writeFile(join(dir, 'flow.tar.gz'), gzipSync(await readFile(join(dir, 'flow.tar'))));
    const second = await cli(['import', 'flow.tar.gz']);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain('"Feature check (imported 2)"');
  });

  it('says what went wrong: the server’s refusal with its issues, a missing file, a bad call', async () => {
    const missing = await cli(['export', 'no-such-flow', '--out', 'x.tar']);
    expect(missing).toMatchObject({ code: 1, stderr: 'reelback flows export: the server answered 404: there is no flow "no-such-flow"\n' });
    expect(await readdir(dir)).not.toContain('x.tar.part');

    await writeFile(join(dir, 'notes.txt'), 'these are my notes, not a flow bundle\n'.repeat(30));
    const notArchive = await cli(['import', 'notes.txt']);
    expect(notArchive.code).toBe(1);
    expect(notArchive.stderr).toBe('reelback flows import: the server answered 400: the body is not a tar archive: send the .tar (or .tar.gz) a flow export made\n');

    const noFile = await cli(['import', 'nowhere.tar']);
    expect(noFile).toMatchObject({ code: 1, stderr: `reelback flows import: cannot read ${join(dir, 'nowhere.tar')}\n` });
    const usage = await cli(['copy', flowId]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("unknown action 'copy'");
    expect((await cli(['export'])).stderr).toContain('name the flow to export');
    expect((await cli(['import', 'a.tar', '--out', 'b'])).stderr).toContain('--out goes with export');
  });
});
