import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CsvWriter } from '../../exports/export-writers.js';
import type { EventExportRecord } from '../../ports/export-store.js';
import { storageFactories, type OpenedStorage } from '../../test-support/storages.js';
import { EventsCsvCompactor } from './events-csv-compactor.js';
import { inlineParameters } from './copy-out.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (chunks: Uint8Array[]) => Buffer.concat(chunks).toString('utf8');

/** The compactor's output for `input` cut into pieces at `cuts` (byte offsets). */
function compact(input: Uint8Array, cuts: number[]): string {
  const compactor = new EventsCsvCompactor(2);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const cut of [...cuts, input.length]) {
    // A copy: the compactor rewrites the chunk it is given.
    out.push(compactor.push(input.slice(from, cut)));
    from = cut;
  }
  out.push(compactor.end());
  return text(out);
}

describe('EventsCsvCompactor', () => {
  // Two records as COPY writes them: the JSON cell last, quotes doubled, spaces after `:` and `,` outside strings.
  const copy = bytes(
    'a,"x, ""y""","{""s"": ""a, b: c\\"", d"", ""n"": [1, -2.5, {""k"": null}], ""u"": ""é ☃ 😀"", ""e"": ""\\\\"", ""q"": {}}"\n' +
      'b,plain,"[1, ""\\""""]"\n' +
      'c,"line\nbreak",{}\n',
  );
  const expected =
    'a,"x, ""y""","{""s"":""a, b: c\\"", d"",""n"":[1,-2.5,{""k"":null}],""u"":""é ☃ 😀"",""e"":""\\\\"",""q"":{}}"\r\n' +
    'b,plain,"[1,""\\""""]"\r\n' +
    'c,"line\nbreak",{}\r\n';

  it('ends records in CRLF and drops the spaces between JSON tokens of the last column only, strings untouched', () => {
    expect(compact(copy, [])).toBe(expected);
  });

  it('gives the same text whichever byte the chunks are cut after, and after any two cuts', () => {
    for (let i = 0; i <= copy.length; i++) expect(compact(copy, [i]), `cut at ${i}`).toBe(expected);
    for (let i = 0; i <= copy.length; i += 3) for (let j = i; j <= copy.length; j += 5) expect(compact(copy, [i, j]), `cuts at ${i}, ${j}`).toBe(expected);
  });
});

describe('inlineParameters', () => {
  it('writes the text parameters as literals and refuses a "$" that is not one', () => {
    expect(inlineParameters({ sql: 'select $1, $2', parameters: ["it's", 'a\\b'], query: undefined as never, queryId: undefined as never })).toBe(`select 'it''s',  E'a\\\\b'`);
    expect(() => inlineParameters({ sql: "select '$1'", parameters: [], query: undefined as never, queryId: undefined as never })).toThrow();
    expect(() => inlineParameters({ sql: 'select $1', parameters: [1], query: undefined as never, queryId: undefined as never })).toThrow();
  });
});

/** Data written to an event as the app writes it (`JSON.stringify`'s text into jsonb). */
const SAME: unknown[] = [
  { s: 'a, b: c', q: 'say "hi", then: go', esc: 'back\\slash "\\" \n\r\t\u0001 \u2028', u: 'é ☃ 😀 中文', empty: '' },
  { nested: [[1, [2, [3, { a: [] }]]], { b: { c: { d: {} } } }], arr: [true, false, null, 'x, y'] },
  { n: [0, -1, 3.25, -0.5, 123456789, 1e20, 1.5e-6, 9007199254740991] },
  { '=formula': '=HYPERLINK("x")', '-': '+1', ', ': ': ' },
  {},
];
/** Values whose jsonb text differs from `JSON.stringify` of the parsed value (the same values). */
const DIFFERENT: { data: unknown; copied: string }[] = [
  { data: { big: 1e21, small: 1e-7 }, copied: '{"big":1000000000000000000000,"small":0.0000001}' },
  { data: { b: 1, 10: 2, 9: 3 }, copied: '{"9":3,"b":1,"10":2}' },
];

describe.each(storageFactories.filter((f) => f.name === 'postgres'))('the events CSV through COPY on $name', (factory) => {
  let opened: OpenedStorage;
  beforeAll(async () => {
    opened = await factory.open();
    const db = opened.storage.database;
    await sql`insert into flows (id, workspace_id, name, draft, created_at, updated_at) values ('f', null, 'F', '{}', now(), now())`.execute(db);
    await sql`insert into flow_versions (flow_id, version, definition, published_at) values ('f', 1, '{}', now())`.execute(db);
    await sql`insert into sessions (id, flow_id, flow_version, context, progress, started_at) values ('s', 'f', 1, '{}', '{}', now())`.execute(db);
    const all = [...SAME, ...DIFFERENT.map((d) => d.data)];
    for (const [i, data] of all.entries()) {
      const event = { id: `e${i}`, type: 'reelback.clip.uploaded', time: '2025-06-01T00:00:00.000+02:00', data };
      await sql`insert into events (id, session_id, type, time, received_at, event) values (${event.id}, 's', ${event.type}, now(), ${'2025-06-01T12:34:56.789Z'}, ${JSON.stringify(event)})`.execute(db);
    }
  });
  afterAll(async () => opened?.dispose());

  it('is the text the CSV writer makes of the batched reads, but for numbers and integer-like keys jsonb writes its way', async () => {
    const store = opened.storage.exports;
    const copied: Uint8Array[] = [];
    for await (const chunk of store.eventCsvRows!({ workspaceId: null }, {})) copied.push(chunk);
    const records = await store.events({ workspaceId: null }, {}, 1000);
    const writer = new CsvWriter<EventExportRecord>({ columns: [], cells: (r) => [r.id, r.type, r.time, r.receivedAt, r.sessionId, r.data] });
    const written = writer.write(records).join('').split('\r\n');
    const lines = text(copied).split('\r\n');
    expect(lines.length).toBe(SAME.length + DIFFERENT.length + 1);
    expect(lines.slice(0, SAME.length)).toEqual(written.slice(0, SAME.length));
    for (const [i, { data, copied: json }] of DIFFERENT.entries()) {
      const line = lines[SAME.length + i]!;
      expect(line).toBe(`e${SAME.length + i},reelback.clip.uploaded,2025-06-01T00:00:00.000+02:00,2025-06-01T12:34:56.789Z,s,"${json.replaceAll('"', '""')}"`);
      expect(line).not.toBe(written[SAME.length + i]);
      expect(JSON.parse(json)).toEqual(data);
    }
    expect(lines.at(-1)).toBe('');
  });

  it('keeps to the workspace and the range: flow, from and to', async () => {
    const store = opened.storage.exports;
    const rows = async (range: Parameters<NonNullable<typeof store.eventCsvRows>>[1], workspaceId: string | null = null) => {
      let out = '';
      for await (const chunk of store.eventCsvRows!({ workspaceId }, range)) out += Buffer.from(chunk).toString('utf8');
      return out.split('\r\n').length - 1;
    };
    const all = SAME.length + DIFFERENT.length;
    expect(await rows({ flowId: 'f', from: '2025-06-01T12:34:56.789Z', to: '2025-06-01T12:34:56.790Z' })).toBe(all);
    expect(await rows({ flowId: "f' or 'x'='x" })).toBe(0);
    expect(await rows({ from: '2025-06-01T12:34:56.790Z' })).toBe(0);
    expect(await rows({ to: '2025-06-01T12:34:56.789Z' })).toBe(0);
    expect(await rows({}, 'another')).toBe(0);
  });
});
