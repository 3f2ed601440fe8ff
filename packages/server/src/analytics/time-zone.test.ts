import { describe, expect, it } from 'vitest';
import { bucketAt, timeBuckets, ZoneClock } from './time-zone.js';

const ms = (iso: string) => Date.parse(iso);
const iso = (t: number) => new Date(t).toISOString();
const shown = (zone: string, from: string, to: string, interval: 'hour' | 'day') =>
  timeBuckets(new ZoneClock(zone), ms(from), ms(to), interval).map((b) => `${b.label} ${iso(b.start)}–${iso(b.end)}`);

describe('time zones for analytics buckets', () => {
  it('reads offsets, local midnights and unknown zones', () => {
    const berlin = new ZoneClock('Europe/Berlin');
    expect(berlin.offsetAt(ms('2026-03-29T00:59:59Z'))).toBe(3_600_000);
    expect(berlin.offsetAt(ms('2026-03-29T01:00:00Z'))).toBe(7_200_000);
    expect(iso(berlin.startOfDay('2026-03-29'))).toBe('2026-03-28T23:00:00.000Z');
    expect(iso(berlin.startOfDay('2026-03-30'))).toBe('2026-03-29T22:00:00.000Z');
    expect(iso(new ZoneClock('Asia/Kolkata').startOfDay('2026-01-10'))).toBe('2026-01-09T18:30:00.000Z');
    // Chile moves its clocks at midnight: 6 September 2026 starts at 01:00 (-03:00).
    expect(iso(new ZoneClock('America/Santiago').startOfDay('2026-09-06'))).toBe('2026-09-06T04:00:00.000Z');
    expect(new ZoneClock('Not/AZone').timeZone).toBe('UTC');
  });

  it('reads offsets in years 1–99 on the calendar (Date.UTC would read them as 1901–1999) and in 1 BC', () => {
    // Local mean time before time zones: Berlin +00:53:28, Kolkata +05:53:28.
    expect(new ZoneClock('Europe/Berlin').offsetAt(ms('0050-06-01T12:00:00Z'))).toBe(3208_000);
    expect(iso(new ZoneClock('Asia/Kolkata').startOfDay('0001-01-02'))).toBe('0001-01-01T18:06:32.000Z');
    expect(iso(new ZoneClock('Europe/Berlin').startOfDay('0001-01-01'))).toBe('0000-12-31T23:06:32.000Z');
    expect(iso(new ZoneClock('UTC').startOfDay('0099-12-31'))).toBe('0099-12-31T00:00:00.000Z');
  });

  it('makes the repeated autumn hour two buckets and the day 25 hours long', () => {
    const hours = shown('Europe/Berlin', '2026-10-24T23:00:00Z', '2026-10-25T03:00:00Z', 'hour');
    expect(hours).toEqual([
      '2026-10-25T01:00+02:00 2026-10-24T23:00:00.000Z–2026-10-25T00:00:00.000Z',
      '2026-10-25T02:00+02:00 2026-10-25T00:00:00.000Z–2026-10-25T01:00:00.000Z',
      '2026-10-25T02:00+01:00 2026-10-25T01:00:00.000Z–2026-10-25T02:00:00.000Z',
      '2026-10-25T03:00+01:00 2026-10-25T02:00:00.000Z–2026-10-25T03:00:00.000Z',
    ]);
    expect(shown('Europe/Berlin', '2026-10-24T22:00:00Z', '2026-10-26T23:00:00Z', 'day')).toEqual([
      '2026-10-25 2026-10-24T22:00:00.000Z–2026-10-25T23:00:00.000Z',
      '2026-10-26 2026-10-25T23:00:00.000Z–2026-10-26T23:00:00.000Z',
    ]);
  });

  it('starts hours and days at the half hour in a +05:30 zone, and cuts the ends to the range', () => {
    expect(shown('Asia/Kolkata', '2026-01-09T18:00:00Z', '2026-01-09T20:00:00Z', 'hour')).toEqual([
      '2026-01-09T23:00+05:30 2026-01-09T18:00:00.000Z–2026-01-09T18:30:00.000Z',
      '2026-01-10T00:00+05:30 2026-01-09T18:30:00.000Z–2026-01-09T19:30:00.000Z',
      '2026-01-10T01:00+05:30 2026-01-09T19:30:00.000Z–2026-01-09T20:00:00.000Z',
    ]);
    expect(shown('Asia/Kolkata', '2026-01-09T18:30:00Z', '2026-01-11T18:30:00Z', 'day')).toEqual([
      '2026-01-10 2026-01-09T18:30:00.000Z–2026-01-10T18:30:00.000Z',
      '2026-01-11 2026-01-10T18:30:00.000Z–2026-01-11T18:30:00.000Z',
    ]);
  });

  it('finds the bucket of an instant', () => {
    const buckets = timeBuckets(new ZoneClock('UTC'), ms('2026-01-01T00:00:00Z'), ms('2026-01-04T00:00:00Z'), 'day');
    expect(bucketAt(buckets, ms('2026-01-02T23:59:59.999Z'))?.label).toBe('2026-01-02');
    expect(bucketAt(buckets, ms('2026-01-03T00:00:00Z'))?.label).toBe('2026-01-03');
    expect(bucketAt(buckets, ms('2026-01-04T00:00:00Z'))).toBeUndefined();
  });
});
