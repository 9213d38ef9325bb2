/**
 * Per-customer redemption rate limit, as a sliding-window log: the service passes the times of the
 * member's recent redemption attempts and gets a decision; beyond it the storefront answers 429 with
 * `Retry-After`. Exact at the window's edge, unlike fixed buckets that let 2× the limit through across
 * a boundary, and cheap because a member's log is a handful of timestamps.
 */

export interface RateLimit {
  /** Attempts allowed within any `windowMs`. */
  max: number;
  windowMs: number;
}

/** A burst guard (a script hammering the button) and a daily ceiling. */
export const REDEMPTION_RATE_LIMITS: readonly RateLimit[] = [
  { max: 5, windowMs: 60_000 },
  { max: 50, windowMs: 24 * 60 * 60_000 },
];

export type RateDecision =
  | { allowed: true }
  | {
      allowed: false;
      /** How long until one more attempt fits every window. */
      retryAfterMs: number;
      /** The window that refused. */
      limit: RateLimit;
    };

type Timestamp = Date | number;

const ms = (t: Timestamp) => (typeof t === "number" ? t : t.getTime());

/**
 * Whether one more redemption at `now` stays within every limit. `history` is the member's earlier
 * attempts (any order). An attempt exactly `windowMs` old has left the window; one stamped after `now`
 * (another instance's clock running ahead) still counts.
 */
export function allowRedemption(
  history: readonly Timestamp[],
  now: Date,
  limits: RateLimit | readonly RateLimit[],
): RateDecision {
  const at = now.getTime();
  const sorted = history.map(ms).sort((a, b) => a - b);
  let refusal: Extract<RateDecision, { allowed: false }> | null = null;
  for (const limit of Array.isArray(limits) ? limits : [limits as RateLimit]) {
    assertLimit(limit);
    const inWindow = sorted.filter((t) => t > at - limit.windowMs);
    if (inWindow.length < limit.max) continue;
    // Room for one more once all but (max - 1) of these attempts have aged out.
    const mustExpire = inWindow[inWindow.length - limit.max];
    const retryAfterMs = Math.max(1, mustExpire + limit.windowMs - at);
    if (!refusal || retryAfterMs > refusal.retryAfterMs)
      refusal = { allowed: false, retryAfterMs, limit };
  }
  return refusal ?? { allowed: true };
}

/** The `Retry-After` header value: whole seconds, at least 1. */
export function retryAfterSeconds(retryAfterMs: number): number {
  return Math.max(1, Math.ceil(retryAfterMs / 1000));
}

/** The attempts still worth keeping: older ones cannot affect any window. */
export function pruneHistory(
  history: readonly Timestamp[],
  now: Date,
  limits: readonly RateLimit[],
): number[] {
  const longest = Math.max(0, ...limits.map((l) => l.windowMs));
  const at = now.getTime();
  return history
    .map(ms)
    .filter((t) => t > at - longest)
    .sort((a, b) => a - b);
}

function assertLimit(limit: RateLimit) {
  if (
    !Number.isSafeInteger(limit.max) ||
    limit.max < 1 ||
    !Number.isSafeInteger(limit.windowMs) ||
    limit.windowMs < 1
  ) {
    throw new Error(`Invalid rate limit: ${JSON.stringify(limit)}`);
  }
}
