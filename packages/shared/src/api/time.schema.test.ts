import { describe, expect, it } from 'vitest';
import { DateOrDateTime, EARLIEST_INSTANT_MS, LATEST_INSTANT_MS, rangeEndMs, TimeZone } from './time.schema.js';

const iso = (ms: number) => new Date(ms).toISOString();

describe('dates and time zones in queries', () => {
  it('takes dates and offset date-times of years 0001–9999 and nothing else', () => {
    for (const ok of ['2026-03-29', '0001-01-01', '0099-12-31', '9999-12-31', '2024-02-29', '2026-03-29T10:00:00+02:00', '0050-06-01T00:00:00Z']) {
      expect(DateOrDateTime.safeParse(ok).success, ok).toBe(true);
    }
    for (const bad of ['0000-01-01', '0000-06-01T00:00:00Z', '2023-02-29', '2026-13-01', '2026-00-10', '2026-01-32', '10000-01-01', '2026-03-29T10:00:00', '2026-03-29T24:00:00Z', '-0001-01-01', '']) {
      expect(DateOrDateTime.safeParse(bad).success, bad).toBe(false);
    }
    expect(DateOrDateTime.safeParse('0000-01-01').error?.issues[0]?.message).toBe('the year must be between 0001 and 9999');
  });

  it('reads two-digit years on the calendar, a date as its start (or its whole day), and stays within 0001–9999', () => {
    expect(iso(rangeEndMs('0050-06-01'))).toBe('0050-06-01T00:00:00.000Z');
    expect(iso(rangeEndMs('0050-06-01', { throughDay: true }))).toBe('0050-06-02T00:00:00.000Z');
    expect(iso(rangeEndMs('0099-12-31', { throughDay: true }))).toBe('0100-01-01T00:00:00.000Z');
    expect(iso(rangeEndMs('2026-03-29T10:00:00+02:00'))).toBe('2026-03-29T08:00:00.000Z');
    expect(rangeEndMs('0001-01-01T00:00:00+01:00')).toBe(EARLIEST_INSTANT_MS);
    expect(rangeEndMs('9999-12-31', { throughDay: true })).toBe(LATEST_INSTANT_MS);
    expect(rangeEndMs('9999-12-31T23:59:59-12:00')).toBe(LATEST_INSTANT_MS);
    // A zone's start of day is used for dates, also for the day after with throughDay.
    const seen: string[] = [];
    const startOfDay = (date: string) => (seen.push(date), Date.parse(`${date}T00:00:00Z`) - 3_600_000);
    expect(iso(rangeEndMs('2026-12-31', { startOfDay, throughDay: true }))).toBe('2026-12-31T23:00:00.000Z');
    expect(seen).toEqual(['2027-01-01']);
  });

  it('knows IANA time zones and refuses other names', () => {
    for (const ok of ['UTC', 'Europe/Berlin', 'America/Argentina/Buenos_Aires', 'Asia/Kolkata', 'Etc/GMT+5']) expect(TimeZone.safeParse(ok).success, ok).toBe(true);
    for (const bad of ['../../../etc/passwd', 'Mars/Olympus', 'Europe/Berlin ', '', 'x'.repeat(65)]) expect(TimeZone.safeParse(bad).success, bad).toBe(false);
  });
});
