import type { ZodType } from 'zod';

/** Reads a JSON column written by this adapter, whichever engine holds it, and checks its shape. */
export function fromJson<T>(schema: ZodType<T>, value: unknown): T {
  return schema.parse(typeof value === 'string' ? JSON.parse(value) : value);
}

export const toJson = (value: unknown): string => JSON.stringify(value);

export function fromTime(value: Date | string): string {
  return value instanceof Date ? value.toISOString() : value;
}

export function fromNullableTime(value: Date | string | null): string | null {
  return value === null ? null : fromTime(value);
}
