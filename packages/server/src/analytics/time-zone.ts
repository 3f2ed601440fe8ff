const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Epoch-ms arithmetic in one IANA time zone (through Intl, so the tz database is the runtime's). */
export class ZoneClock {
  private readonly format: Intl.DateTimeFormat;
  readonly timeZone: string;

  /** An unknown zone falls back to UTC (workspaces' zones are checked when set; this is belt and braces). */
  constructor(timeZone: string) {
    let format: Intl.DateTimeFormat;
    try {
      format = ZoneClock.formatter(timeZone);
    } catch {
      timeZone = 'UTC';
      format = ZoneClock.formatter(timeZone);
    }
    this.timeZone = timeZone;
    this.format = format;
  }

  private static formatter(timeZone: string): Intl.DateTimeFormat {
    return new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  /** Local time minus UTC at `ms`, in ms (+02:00 → 7,200,000). */
  offsetAt(ms: number): number {
    const parts: Record<string, number> = {};
    let bc = false;
    for (const p of this.format.formatToParts(new Date(ms))) {
      if (p.type === 'era') bc = p.value === 'BC';
      else if (p.type !== 'literal') parts[p.type] = Number(p.value);
    }
    // Not Date.UTC: it reads years 0–99 as 1900–1999. Year 1 BC is year 0 in ISO (the range's ends reach it by a day).
    const local = new Date(0);
    local.setUTCFullYear(bc ? 1 - parts.year! : parts.year!, parts.month! - 1, parts.day!);
    local.setUTCHours(parts.hour!, parts.minute!, parts.second!, 0);
    return local.getTime() - Math.floor(ms / 1000) * 1000;
  }

  /** Days since 1970-01-01 of the local date at `ms`. */
  localDay(ms: number): number {
    return Math.floor((ms + this.offsetAt(ms)) / DAY);
  }

  /**
   * The first instant of a local date (`2026-03-29`): local midnight, or the end of the gap when the clocks skip
   * midnight. Tried with the offsets in force 14 h either side; the earliest that lands on the date wins.
   */
  startOfDay(date: string): number {
    const day = Date.parse(`${date}T00:00:00Z`) / DAY;
    const candidates = [this.offsetAt(day * DAY - 14 * HOUR), this.offsetAt(day * DAY + 14 * HOUR)]
      .map((offset) => day * DAY - offset)
      .filter((t) => this.localDay(t) === day);
    if (candidates.length === 0) throw new Error(`${date} has no start in ${this.timeZone}`);
    return Math.min(...candidates);
  }

  /**
   * The stretches of [from, to) with one offset each, found by probing daily and narrowing each change down to
   * the minute (zones change their offset at most once a day).
   */
  spans(from: number, to: number): OffsetSpan[] {
    const spans: OffsetSpan[] = [];
    let start = from;
    let offset = this.offsetAt(from);
    let t = from;
    while (t < to) {
      const probe = Math.min(t + DAY, to - 1);
      if (probe <= t) break;
      const next = this.offsetAt(probe);
      if (next === offset) {
        t = probe + 1;
        continue;
      }
      // First whole minute in (t, probe] with the new offset.
      let lo = Math.floor(t / MINUTE);
      let hi = Math.ceil(probe / MINUTE);
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (this.offsetAt(mid * MINUTE) === offset) lo = mid;
        else hi = mid;
      }
      const change = Math.max(hi * MINUTE, t + 1);
      spans.push({ start, end: change, offset });
      start = change;
      offset = this.offsetAt(change);
      t = change;
    }
    spans.push({ start, end: to, offset });
    return spans;
  }
}

export interface OffsetSpan {
  start: number;
  end: number;
  offset: number;
}

export interface TimeBucket {
  start: number;
  end: number;
  label: string;
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

function offsetLabel(offset: number): string {
  const minutes = Math.round(offset / MINUTE);
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
}

/** `YYYY-MM-DD` of a local day number, or `YYYY-MM-DDTHH:00` of a local hour number. */
const localLabel = (localMs: number, withHour: boolean) => {
  const iso = new Date(localMs).toISOString();
  return withHour ? `${iso.slice(0, 13)}:00` : iso.slice(0, 10);
};

/**
 * The local days or hours that [from, to) covers, in order, each cut to the range. Hours carry their offset, so the
 * hour the clocks repeat in autumn is two buckets (`02:00+02:00`, `02:00+01:00`) and the hour they skip in spring
 * is none; a day of 23 or 25 hours is one bucket.
 */
export function timeBuckets(zone: ZoneClock, from: number, to: number, interval: 'hour' | 'day'): TimeBucket[] {
  const size = interval === 'hour' ? HOUR : DAY;
  const buckets: TimeBucket[] = [];
  const byKey = new Map<string, TimeBucket>();
  for (const span of zone.spans(from, to)) {
    const first = Math.floor((span.start + span.offset) / size);
    const last = Math.floor((span.end - 1 + span.offset) / size);
    for (let n = first; n <= last; n++) {
      const start = Math.max(span.start, n * size - span.offset);
      const end = Math.min(span.end, (n + 1) * size - span.offset);
      const key = interval === 'hour' ? `${n}${offsetLabel(span.offset)}` : String(n);
      const known = byKey.get(key);
      if (known) {
        known.start = Math.min(known.start, start);
        known.end = Math.max(known.end, end);
        continue;
      }
      const label = interval === 'hour' ? `${localLabel(n * size, true)}${offsetLabel(span.offset)}` : localLabel(n * size, false);
      const bucket = { start, end, label };
      byKey.set(key, bucket);
      buckets.push(bucket);
    }
  }
  return buckets.sort((a, b) => a.start - b.start);
}

/** The bucket holding instant `t` (buckets sorted, not overlapping), or undefined. */
export function bucketAt<T extends TimeBucket>(buckets: readonly T[], t: number): T | undefined {
  let lo = 0;
  let hi = buckets.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const b = buckets[mid]!;
    if (t < b.start) hi = mid - 1;
    else if (t >= b.end) lo = mid + 1;
    else return b;
  }
  return undefined;
}

export const TIME = { MINUTE, HOUR, DAY };
