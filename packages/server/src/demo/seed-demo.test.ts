import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { branchingFlow } from '../test-support/fixtures.js';
import { storageFactories } from '../test-support/storages.js';
import { useTestApp } from '../test-support/test-app.js';
import { DEMO_FLOW_ID, seedDemoFlow } from './seed-demo.js';

const dir = await mkdtemp(join(tmpdir(), 'reelback-seed-test-'));
const flowFile = join(dir, 'flow.json');
await writeFile(flowFile, JSON.stringify({ ...branchingFlow, name: 'Demo flow' }));
const badFile = join(dir, 'bad.json');
await writeFile(badFile, JSON.stringify({ name: 'No steps', steps: [] }));
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe.each(storageFactories)('demo seed on $name', (factory) => {
  const t = useTestApp(factory);

  it('creates and publishes the demo flow once, however often it runs', async () => {
    const flows = t.reelback.services.flows;
    await expect(seedDemoFlow(flows, badFile)).rejects.toThrow(/bad\.json is not a valid flow/);
    expect(await seedDemoFlow(flows, flowFile)).toBe('created');
    expect(await seedDemoFlow(flows, flowFile)).toBe('present');
    const res = await t.request('GET', `/api/v1/flows/${DEMO_FLOW_ID}/published`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ flowId: 'demo', version: 1, definition: { name: 'Demo flow' } });
    expect((await flows.versions({ workspaceId: null }, DEMO_FLOW_ID)).map((v) => v.version)).toEqual([1]);
  });
});
