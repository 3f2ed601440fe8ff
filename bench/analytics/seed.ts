// Seeds one flow's viewers straight into the real tables: `sessions` rows (as POST /api/v1/sessions makes them) and
// their viewer events in `events` (as POST /api/v1/events stores them, full CloudEvents), in transactions of 500
// sessions with multi-row inserts. Nothing else is written by hand: the in-transaction projections fill `answers`
// (`replayProjections`, as the event log does for live traffic); the analytics facts and rollups are the fold's
// (the caller folds the log afterwards, as the server's folder does after commits).
import { type openStorage, replayProjections } from '@reelback/server';
import { uuidv7 } from '@reelback/shared';

type Db = ReturnType<typeof openStorage>['database'];

const DAY_MS = 86_400_000;
const ROWS_PER_INSERT = 500;
const BUFFER_SESSIONS = 500;

export const FLOW_ID = 'pricing-feedback';

const video = { src: 'https://cdn.example.com/intro.mp4' };

/**
 * Version 1 (6 steps): intro (video, choice) → demo: rate → nps → say → contact → end; pricing: nps → …;
 * browse: say → …. Version 2 adds a fourth option, talk → contact.
 */
export const definitionV1 = {
  name: 'Pricing feedback',
  // The host page passes the viewer's plan: bench/analytics/segments.ts segments and splits by it.
  variables: [{ name: 'plan' }],
  steps: [
    {
      id: 'intro',
      prompt: { title: 'What brought you to our pricing page?', video },
      answer: {
        type: 'choice',
        options: [
          { id: 'demo', label: 'I want a demo', next: 'rate' },
          { id: 'pricing', label: 'Comparing prices', next: 'nps' },
          { id: 'browse', label: 'Just browsing', next: 'say' },
        ],
      },
    },
    { id: 'rate', prompt: { title: 'How clear is our pricing?' }, answer: { type: 'rating', scale: 5 }, next: 'nps' },
    { id: 'nps', prompt: { title: 'Would you recommend us?' }, answer: { type: 'nps' }, next: 'say' },
    { id: 'say', prompt: { title: 'What would make you buy?' }, answer: { type: 'open', kinds: ['video', 'audio', 'text'] }, next: 'contact' },
    {
      id: 'contact',
      prompt: { title: 'May we follow up?' },
      answer: { type: 'contact', fields: [{ name: 'email', label: 'E-mail' }, { name: 'name', label: 'Name' }] },
      next: 'end',
    },
    { id: 'end', prompt: { title: 'Thank you!' }, answer: { type: 'end' } },
  ],
};

export const definitionV2 = {
  ...definitionV1,
  steps: [
    {
      ...definitionV1.steps[0]!,
      answer: {
        type: 'choice',
        options: [...(definitionV1.steps[0]!.answer as { options: object[] }).options, { id: 'talk', label: 'Talk to sales', next: 'contact' }],
      },
    },
    ...definitionV1.steps.slice(1),
  ],
};

/** A small, fast, seeded PRNG (mulberry32), so every run seeds the same data. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, weighted: readonly (readonly [T, number])[]): T {
  let r = random();
  for (const [value, weight] of weighted) if ((r -= weight) < 0) return value;
  return weighted.at(-1)![0];
}

const DEVICES = [['desktop', 0.55], ['mobile', 0.38], ['tablet', 0.07]] as const;
const EMBEDS = [['bubble', 0.5], ['inline', 0.35], ['script', 0.15]] as const;
const REFERRERS = [
  [undefined, 0.35],
  ['https://www.google.com/', 0.3],
  ['https://news.example.com/article/42?ref=x', 0.15],
  ['https://twitter.com/', 0.1],
  ['https://www.linkedin.com/feed/', 0.1],
] as const;
const UTMS: readonly (readonly [{ source: string; medium: string; campaign?: string } | undefined, number])[] = [
  [undefined, 0.6],
  [{ source: 'newsletter', medium: 'email', campaign: 'spring' }, 0.2],
  [{ source: 'google', medium: 'cpc', campaign: 'brand' }, 0.15],
  [{ source: 'linkedin', medium: 'social' }, 0.05],
];
const WORDS = 'price plan seats invoice annual monthly team export video answers support trial discount onboarding integration'.split(' ');

export interface SeedCounts {
  sessions: number;
  events: number;
  started: number;
  completed: number;
  byType: Record<string, number>;
}

interface SessionRow {
  id: string;
  flow_id: string;
  flow_version: number;
  context: string;
  progress: string;
  started_at: string;
  completed_at: string | null;
  vars: string;
}
interface EventRow {
  id: string;
  session_id: string;
  type: string;
  time: string;
  received_at: string;
  event: string;
}

/**
 * The `plan` variable a session's page passed, from its index (not the PRNG, so the rest of the data is as it was
 * before variables were seeded): free 40 %, pro 30 %, team 10 %, enterprise 10 %, none 10 %.
 */
const PLANS = ['free', 'free', 'free', 'free', 'pro', 'pro', 'pro', 'team', 'enterprise', null] as const;
function planOf(index: number): Record<string, string> {
  const plan = PLANS[index % PLANS.length]!;
  return plan === null ? {} : { plan };
}

/**
 * `sessions` viewers over the 90 days before `now`, about ten events each: 5 % only shown the widget (no event),
 * drop-offs at every step, 3 % reload a step (its view stored twice), two versions (v2 from day 45).
 */
export async function seedFlow(db: Db, options: { sessions: number; now: number; kind: 'sqlite' | 'postgres' }): Promise<SeedCounts> {
  const random = rng(7);
  const counts: SeedCounts = { sessions: 0, events: 0, started: 0, completed: 0, byType: {} };
  const start = options.now - 90 * DAY_MS;
  const v2From = options.now - 45 * DAY_MS;

  {
    let sessions: SessionRow[] = [];
    let events: EventRow[] = [];
    // One transaction per 500 sessions (≈ 5,000 events), as a busy server commits groups of events.
    const flush = () =>
      db.transaction().execute(async (tx) => {
        // Parents first (events reference their session).
        for (let i = 0; i < sessions.length; i += ROWS_PER_INSERT) await tx.insertInto('sessions').values(sessions.slice(i, i + ROWS_PER_INSERT)).execute();
        for (let i = 0; i < events.length; i += ROWS_PER_INSERT) await tx.insertInto('events').values(events.slice(i, i + ROWS_PER_INSERT)).execute();
        await replayProjections(tx, options.kind, events.map((e) => e.id));
        sessions = [];
        events = [];
      });

    for (let s = 0; s < options.sessions; s++) {
      const createdMs = start + Math.floor(((s + random()) / options.sessions) * 90 * DAY_MS);
      const version = createdMs >= v2From ? 2 : 1;
      const sessionId = uuidv7({ msecs: createdMs });
      const device = pick(random, DEVICES);
      const referrer = pick(random, REFERRERS);
      const utm = pick(random, UTMS);
      const context = {
        embedMode: pick(random, EMBEDS),
        pageUrl: `https://shop.example.com/pricing?plan=${Math.floor(random() * 4)}`,
        ...(referrer ? { referrer } : {}),
        ...(utm ? { utm } : {}),
        locale: random() < 0.7 ? 'en-US' : 'de-DE',
        device,
      };
      const ref = { sessionId, flowId: FLOW_ID, flowVersion: version };
      // Viewer clock: a little off the server's; the server receives each event 50–400 ms after it was sent.
      const skew = Math.floor((random() - 0.5) * 4000);
      let clock = createdMs + 300 + Math.floor(random() * 1500);
      const walk: EventRow[] = [];
      const emit = (type: string, data: Record<string, unknown>) => {
        const id = uuidv7({ msecs: clock });
        const time = new Date(clock + skew).toISOString();
        const event = { specversion: '1.0', id, source: context.pageUrl, time, type: `reelback.${type}`, data: { ...ref, ...data } };
        walk.push({ id, session_id: sessionId, type: event.type, time, received_at: new Date(clock + 50 + Math.floor(random() * 350)).toISOString(), event: JSON.stringify(event) });
      };
      const wait = (min: number, spread: number) => {
        clock += Math.floor((min + random() * spread) * 1000);
      };
      const view = (stepId: string) => {
        emit('step.viewed', { stepId });
        if (random() < 0.03) {
          wait(2, 20);
          emit('step.viewed', { stepId }); // a reload shows the same step again
        }
      };
      const answer = (stepId: string, value: Record<string, unknown>, nextStepId: string) => {
        emit('answer.submitted', { stepId, answer: value, nextStepId });
      };

      let completed = false;
      let lastStep: string | null = null;
      if (random() >= 0.05) {
        emit('session.started', { context });
        counts.started++;
        // Each step: viewed, then left (drop) with the given chance, else answered after a while.
        steps: {
          view((lastStep = 'intro'));
          const watched = random();
          for (const [percent, share] of [[25, 0.85], [50, 0.6], [75, 0.4], [100, 0.25]] as const) {
            if (watched >= share) break;
            wait(3, 4);
            emit('video.progressed', { stepId: 'intro', percent });
          }
          if (random() < 0.15) break steps;
          wait(2, 10);
          const options = version === 2 ? ([['demo', 0.35], ['pricing', 0.3], ['browse', 0.2], ['talk', 0.15]] as const) : ([['demo', 0.4], ['pricing', 0.35], ['browse', 0.25]] as const);
          const choice = pick(random, options);
          const next = { demo: 'rate', pricing: 'nps', browse: 'say', talk: 'contact' }[choice];
          emit('choice.selected', { stepId: 'intro', optionId: choice, nextStepId: next });
          let step: string = next;
          while (step !== 'end') {
            wait(0.2, 1);
            view((lastStep = step));
            if (random() < 0.12) break steps;
            if (step === 'rate') {
              wait(2, 8);
              answer('rate', { kind: 'rating', value: 1 + Math.min(4, Math.floor(random() * random() * 6 + random() * 2)) }, (step = 'nps'));
            } else if (step === 'nps') {
              wait(2, 10);
              answer('nps', { kind: 'nps', value: Math.min(10, Math.floor(random() * 7 + random() * 5)) }, (step = 'say'));
            } else if (step === 'say') {
              wait(10, 80);
              const kind = pick(random, [['text', 0.6], ['video', 0.25], ['audio', 0.15]] as const);
              const words = Array.from({ length: 3 + Math.floor(random() * 25) }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ');
              answer(
                'say',
                kind === 'text' ? { kind, text: `The ${words}.` } : { kind, clipId: `clp_${sessionId.replace(/-/g, '').slice(-24)}`, durationSeconds: Math.round(50 + random() * 800) / 10 },
                (step = 'contact'),
              );
            } else {
              wait(5, 30);
              const consent = random() < 0.7;
              answer('contact', { kind: 'contact', fields: { email: `viewer${s}@example.org`, name: `Viewer ${s}` }, consent }, (step = 'end'));
            }
          }
          wait(0.2, 1);
          view((lastStep = 'end'));
          emit('session.completed', { endStepId: 'end' });
          completed = true;
          counts.completed++;
        }
      }
      sessions.push({
        id: sessionId,
        flow_id: FLOW_ID,
        flow_version: version,
        context: JSON.stringify(context),
        progress: JSON.stringify({ started: walk.length > 0, completed, currentStepId: lastStep, allowedNextStepId: null }),
        started_at: new Date(createdMs).toISOString(),
        completed_at: completed ? walk.at(-1)!.received_at : null,
        vars: JSON.stringify(planOf(s)),
      });
      for (const e of walk) counts.byType[e.type] = (counts.byType[e.type] ?? 0) + 1;
      events.push(...walk);
      counts.sessions++;
      counts.events += walk.length;
      if (sessions.length >= BUFFER_SESSIONS) await flush();
    }
    await flush();
  }
  return counts;
}

/** Table sizes after seeding (and folding), to show the analytics facts and rollups were filled. */
export async function tableCounts(db: Db): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of ['sessions', 'events', 'answers', 'analytics_sessions', 'analytics_steps', 'analytics_session_days', 'analytics_step_days', 'analytics_dwell_days']) {
    const row = await db
      .selectFrom(table as 'sessions')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    out[table] = Number(row.n);
  }
  return out;
}
