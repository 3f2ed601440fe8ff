import type { InTransactionProjection } from './projection.js';

const COLUMNS = '(id, session_id, flow_id, flow_version, step_id, kind, clip_id, text, value, submitted_at, updated_at)';

/**
 * `answers`: one row per stored `reelback.answer.submitted` event, for the owners' inbox (migration 0005 made the
 * table; until migration 0022 a trigger on `events` filled it). In the append's transaction: the live feed and the
 * inbox read an answer as soon as its event is committed. Only typed text goes in `text` (the search index);
 * `value` is the answer as the event carries it (`packages/shared`'s `Answer`). A retried event is a duplicate
 * `events.id` and never stored twice, so neither is its answer (`on conflict do nothing` covers a re-run).
 */
export const answersProjection: InTransactionProjection = {
  name: 'answers',
  runs: 'in-transaction',
  writes: ['answers'],
  sql: {
    sqlite: `insert or ignore into answers ${COLUMNS}
      select e.id, e.session_id, s.flow_id, s.flow_version,
        json_extract(e.event, '$.data.stepId'), json_extract(e.event, '$.data.answer.kind'),
        json_extract(e.event, '$.data.answer.clipId'),
        case when json_extract(e.event, '$.data.answer.kind') = 'text' then json_extract(e.event, '$.data.answer.text') end,
        json_extract(e.event, '$.data.answer'), e.received_at, e.received_at
      from events e join sessions s on s.id = e.session_id
      where e.id in (select value from json_each(:ids)) and e.type = 'reelback.answer.submitted'
      order by e.seq`,
    postgres: `insert into answers ${COLUMNS}
      select e.id, e.session_id, s.flow_id, s.flow_version,
        e.event->'data'->>'stepId', e.event->'data'->'answer'->>'kind', e.event->'data'->'answer'->>'clipId',
        case when e.event->'data'->'answer'->>'kind' = 'text' then e.event->'data'->'answer'->>'text' end,
        e.event->'data'->'answer', e.received_at, e.received_at
      from events e join sessions s on s.id = e.session_id
      where e.id in (select jsonb_array_elements_text(:ids::jsonb)) and e.type = 'reelback.answer.submitted'
      order by e.seq
      on conflict (id) do nothing`,
  },
};
