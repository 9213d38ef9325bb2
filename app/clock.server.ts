/**
 * The app's one clock. Code that needs the time takes `now: Date` from its caller; the callers at the
 * edges (routes, the worker, install hooks) read it here. Tests and the worker pass their own clock
 * instead, so everything one use case writes and decides is dated by the same `now`.
 *
 * ESLint forbids `new Date()` and `Date.now()` everywhere else in app/ (eslint.config.js).
 */
export type Clock = () => Date;

/** The production source: the machine's clock. */
export const systemClock: Clock = () => new Date();

/** The time now, by the system clock. For the edges of the app (routes, hooks, the worker's default). */
export function now(): Date {
  return systemClock();
}
