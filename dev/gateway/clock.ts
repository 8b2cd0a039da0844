/**
 * The simulator's notion of "now" for everything LiteLLM decides by wall-clock time: key expiry,
 * budget resets, rate-limit windows, batch writes, prompt-cache lifetimes. Tests either inject
 * their own `now` or move this one forward through `POST /__sim/clock`; latency figures use the
 * real monotonic clock instead, since a test moving the calendar must not distort them.
 */
export interface Clock {
  now(): number;
  advance(ms: number): void;
}

export function createClock(base: () => number = Date.now): Clock {
  let offsetMs = 0;
  return {
    now: () => base() + offsetMs,
    advance(ms) {
      offsetMs += ms;
    },
  };
}
