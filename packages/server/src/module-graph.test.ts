import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cruise, type ICruiseResult, type IFlattenedRuleSet, type IViolation } from 'dependency-cruiser';
import { afterAll, describe, expect, it } from 'vitest';
import { serverRoot } from './paths.js';

/** Tests and what only tests use. */
const TEST_CODE = '(^src/test-support/|\\.test\\.ts$)';

/**
 * The server's layering, as dependency-cruiser rules over `src/` (paths relative to the cruise's base folder).
 * Type-only imports count: a type cycle between two files is still two modules that cannot be read apart.
 */
const rules: IFlattenedRuleSet = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', comment: 'no import cycles anywhere in the server', from: {}, to: { circular: true } },
    {
      name: 'services-know-no-http',
      severity: 'error',
      comment: 'services decide; routes translate HTTP. A service needing a type from http/ means that type is a domain type',
      from: { path: '^src/.*\\.service\\.ts$' },
      to: { path: '^src/http/' },
    },
    {
      name: 'services-reach-no-http',
      severity: 'error',
      comment: 'nor through another module: a type a service needs lives outside the HTTP side (e.g. clips/upload-target.ts)',
      from: { path: '^src/.*\\.service\\.ts$' },
      to: { path: '^src/http/', reachable: true },
    },
    {
      name: 'adapters-know-no-http',
      severity: 'error',
      comment: 'storage adapters implement ports and know no HTTP',
      from: { path: '^src/storage/' },
      to: { path: ['^src/http/', '(^|/)node_modules/(hono|@hono)/'] },
    },
    {
      name: 'ports-import-only-ports',
      severity: 'error',
      comment: 'ports are the inner ring: they may use each other and @reelback/shared, never a feature folder',
      from: { path: '^src/ports/' },
      to: { path: '^src/', pathNot: '^src/ports/' },
    },
    {
      name: 'production-knows-no-tests',
      severity: 'error',
      comment: 'test helpers live in src/test-support/ and only tests use them (the server bundle must not pull vitest in)',
      from: { pathNot: TEST_CODE },
      to: { path: [TEST_CODE, '(^|/)node_modules/(vitest|@vitest)/'] },
    },
  ],
};

async function cruiseSources(baseDir: string): Promise<ICruiseResult> {
  const { output } = await cruise(
    ['src'],
    { baseDir, validate: true, ruleSet: rules, tsPreCompilationDeps: true, doNotFollow: { path: 'node_modules' }, exclude: { path: '\\.d\\.ts$' } },
    undefined,
    { tsConfig: { fileName: join(baseDir, 'tsconfig.json') } },
  );
  if (typeof output === 'string') throw new Error(`dependency-cruiser answered text, not a result: ${output.slice(0, 200)}`);
  return output;
}

/** Modules outside test-support whose every importer is a test: test helpers left in a production folder. */
function testOnlyModules(result: ICruiseResult): string[] {
  const test = new RegExp(TEST_CODE);
  const importers = new Map<string, string[]>();
  for (const module of result.modules) {
    for (const dependency of module.dependencies) importers.set(dependency.resolved, [...(importers.get(dependency.resolved) ?? []), module.source]);
  }
  return result.modules
    .filter((module) => module.source.startsWith('src/') && !test.test(module.source))
    .filter((module) => (importers.get(module.source) ?? []).length > 0 && importers.get(module.source)!.every((importer) => test.test(importer)))
    .map((module) => `${module.source}, imported only by ${importers.get(module.source)!.join(', ')}`);
}

/** One line per violation, naming the rule and the import (or the whole cycle), so a failure says what to fix. */
const describeViolation = (v: IViolation) =>
  `${v.rule.name}: ${v.from} → ${v.to}${v.cycle ? ` (cycle: ${[v.from, ...v.cycle.map((step) => step.name)].join(' → ')})` : ''}`;

describe('the server module graph', () => {
  const made: string[] = [];
  afterAll(async () => {
    await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('has no import cycles, no service or adapter importing the HTTP layer, ports importing only ports, test helpers only in test-support', { timeout: 120_000 }, async () => {
    const result = await cruiseSources(serverRoot);
    // A cruise that resolved nothing would pass every rule: make sure it saw the server, imports resolved.
    expect(result.modules.length, 'modules cruised under packages/server/src').toBeGreaterThan(300);
    const storage = result.modules.find((m) => m.source === 'src/ports/storage.ts');
    expect(storage?.dependencies.map((d) => d.resolved), 'ports/storage.ts imports resolved to files').toContain('src/ports/event-log.ts');
    expect(result.summary.violations.map(describeViolation)).toEqual([]);
    expect(testOnlyModules(result), 'test helpers outside src/test-support/').toEqual([]);
  });

  it('reports each kind of violation (rules that cannot fail would prove nothing)', { timeout: 60_000 }, async () => {
    const root = await mkdtemp(join(tmpdir(), 'reelback-module-graph-'));
    made.push(root);
    const files: Record<string, string> = {
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }),
      'package.json': JSON.stringify({ name: 'module-graph-fixture', type: 'module' }),
      'src/http/caller.ts': 'export type Caller = { id: string };\n',
      'src/flows/flows.service.ts': "import type { Caller } from '../http/caller.js';\nexport const who = (c: Caller) => c.id;\n",
      'src/storage/flow-store.ts': "import type { Caller } from '../http/caller.js';\nimport type { FlowStore } from '../ports/flow-store.js';\nexport type S = FlowStore & Caller;\n",
      'src/ports/flow-store.ts': "import type { Flow } from '../flows/flow.js';\nexport interface FlowStore { get(): Flow }\n",
      'src/flows/flow.ts': "import type { FlowStore } from '../ports/flow-store.js';\nexport interface Flow { store: FlowStore }\n",
      'src/flows/flow-fakes.ts': "export const fakeFlow = { id: 'f' };\n",
      'src/uploads/uploads.service.ts': "import { state } from './upload-endpoint.js';\nexport const s = state;\n",
      'src/uploads/upload-endpoint.ts': "import type { Caller } from '../http/caller.js';\nexport const state = (c: Caller) => c.id;\n",
      'src/flows/flow.test.ts': "import { fakeFlow } from './flow-fakes.js';\nimport { sessions } from '../test-support/sessions.js';\nexport const used = [fakeFlow, sessions];\n",
      'src/test-support/sessions.ts': 'export const sessions = 1;\n',
      'src/flows/publish.ts': "import { sessions } from '../test-support/sessions.js';\nexport const n = sessions;\n",
    };
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(root, path)), { recursive: true });
      await writeFile(join(root, path), text);
    }
    const result = await cruiseSources(root);
    expect(result.summary.violations.map(describeViolation).sort()).toEqual([
      'adapters-know-no-http: src/storage/flow-store.ts → src/http/caller.ts',
      'no-cycles: src/flows/flow.ts → src/ports/flow-store.ts (cycle: src/flows/flow.ts → src/ports/flow-store.ts → src/flows/flow.ts)',
      'ports-import-only-ports: src/ports/flow-store.ts → src/flows/flow.ts',
      'production-knows-no-tests: src/flows/publish.ts → src/test-support/sessions.ts',
      'services-know-no-http: src/flows/flows.service.ts → src/http/caller.ts',
      'services-reach-no-http: src/flows/flows.service.ts → src/http/caller.ts',
      'services-reach-no-http: src/uploads/uploads.service.ts → src/http/caller.ts',
    ]);
    expect(testOnlyModules(result)).toEqual(['src/flows/flow-fakes.ts, imported only by src/flows/flow.test.ts']);
  });
});
