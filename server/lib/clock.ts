/**
 * The server's clock. Every time-dependent rule (a question's time running out, the stage timer,
 * the voting window, the registration deadline, a team session's age) reads the time from the
 * app's clock, handed down by the route; tests build the app with a clock they move by hand
 * instead of waiting real seconds.
 */
export interface Clock {
  /** Milliseconds since the epoch, as Date.now(). */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** The clock's time as a Date. */
export const dateOf = (clock: Clock): Date => new Date(clock.now());

/** The clock's time as an ISO-8601 string, the form stored in the database. */
export const isoOf = (clock: Clock): string => new Date(clock.now()).toISOString();
