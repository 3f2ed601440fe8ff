/** Time comes through a port so tests can fix it and order by it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
