import * as z from 'zod';

const DAY_MS = 86_400_000;

/** The instants a range may name: the years ISO 8601 writes with four digits (what SQL engines and ISO strings sort right). */
export const EARLIEST_INSTANT_MS = Date.parse('0001-01-01T00:00:00.000Z');
export const LATEST_INSTANT_MS = Date.parse('9999-12-31T23:59:59.999Z');

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const yearOf = (value: string) => Number(value.slice(0, 4));

/**
 * A range end in a query: an ISO date-time with an offset (`2026-03-29T10:00:00+02:00`) or a date (`2026-03-29`).
 * Years 0001–9999 (0000 is no calendar year). Read it with `rangeEndMs`.
 */
export const DateOrDateTime = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .refine((value) => yearOf(value) >= 1, { message: 'the year must be between 0001 and 9999' })
  .refine((value) => !Number.isNaN(Date.parse(DATE.test(value) ? `${value}T00:00:00Z` : value)), { message: 'not a date this server can read' });

/** A UTC date-time (`…Z`) of years 0001–9999, e.g. in a paging cursor a client hands back (PostgreSQL has no year 0). */
export const UtcDateTime = z.iso.datetime().refine((value) => yearOf(value) >= 1, { message: 'the year must be between 0001 and 9999' });

export interface RangeEndOptions {
  /** The first instant of a date (`2026-03-29`); UTC midnight unless given (a workspace's time zone). */
  startOfDay?: (date: string) => number;
  /** A date means its whole day: the end is the start of the next date (a `to` that includes the day). */
  throughDay?: boolean;
}

const utcStartOfDay = (date: string) => Date.parse(`${date}T00:00:00.000Z`);

/**
 * The one reading of a `DateOrDateTime` as epoch milliseconds, kept within years 0001–9999 (an offset or a time
 * zone can push the first or last date of that span just outside it; nothing is stored there).
 */
export function rangeEndMs(value: string, options: RangeEndOptions = {}): number {
  const startOfDay = options.startOfDay ?? utcStartOfDay;
  let ms: number;
  if (!DATE.test(value)) ms = Date.parse(value);
  else if (!options.throughDay) ms = startOfDay(value);
  else {
    // Date arithmetic on the UTC calendar (Date.parse reads four-digit years right; Date.UTC maps 0–99 to 19xx).
    const next = new Date(utcStartOfDay(value) + DAY_MS).toISOString();
    ms = next.startsWith('+') ? LATEST_INSTANT_MS : startOfDay(next.slice(0, 10));
  }
  return Math.min(Math.max(ms, EARLIEST_INSTANT_MS), LATEST_INSTANT_MS);
}

/** Whether the runtime's time zone database knows `name` (what `Intl.DateTimeFormat` accepts: IANA names, `UTC`). */
export function isKnownTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone name (`Europe/Berlin`, `UTC`) that the time zone database knows. */
export const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine(isKnownTimeZone, { message: 'not a time zone this server knows: use an IANA name such as Europe/Berlin or UTC' })
  .meta({ description: 'IANA time zone name, e.g. Europe/Berlin' });
