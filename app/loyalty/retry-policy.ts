/**
 * The one retry policy: how long to wait before trying again, and when to stop. The outbox
 * worker, the webhook inbox, emails, reconciliation retries and transactions that lost a race all
 * wait by it, each with its own numbers (ADR 0021). Pure: the caller passes the random draw.
 */

export interface RetryPolicy {
  /** The wait before the second attempt (the first retry), before jitter. */
  readonly baseDelayMs: number;
  /** No wait is longer than this, before jitter. */
  readonly maxDelayMs: number;
  /** Attempts in all, the first included; past it the work is given up. */
  readonly maxAttempts: number;
  /** How much each wait grows on the one before (2 unless said). */
  readonly factor?: number;
}

/**
 * Exponential backoff with "equal jitter": half of the wait is fixed, half is random, so the
 * retries of a burst spread out while none comes back at once. `attempts` is how many attempts
 * have been made (1 after the first failure); `random` is a draw in [0, 1).
 */
export function retryDelayMs(
  policy: RetryPolicy,
  attempts: number,
  random: number,
): number {
  const factor = policy.factor ?? 2;
  const ceiling = Math.min(
    policy.maxDelayMs,
    policy.baseDelayMs * factor ** Math.max(0, attempts - 1),
  );
  return Math.round(ceiling / 2 + random * (ceiling / 2));
}

/** Whether `attempts` attempts (all failed) are as many as the policy allows. */
export function retriesExhausted(
  policy: RetryPolicy,
  attempts: number,
): boolean {
  return attempts >= policy.maxAttempts;
}
