/** Source of the current time in epoch milliseconds; injected so tests decide what "now" is. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
