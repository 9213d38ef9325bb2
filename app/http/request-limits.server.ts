/**
 * What an outside caller (the earning API, the app proxy) may cost: a body-size cap and a token
 * bucket per key. Buckets live in the process (each instance limits on its own; the point is to
 * bound cost, not to meter exactly) and forget idle keys beyond `maxKeys`.
 */

export type BucketDecision =
  { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class TokenBuckets {
  private readonly buckets = new Map<
    string,
    { tokens: number; updatedAt: number }
  >();

  constructor(
    private readonly capacity: number,
    private readonly refillPerSecond: number,
    private readonly maxKeys = 10_000,
  ) {}

  /** Takes one token from `key`'s bucket at `nowMs`, or says how long until one is there. */
  take(key: string, nowMs: number): BucketDecision {
    const bucket = this.buckets.get(key) ?? {
      tokens: this.capacity,
      updatedAt: nowMs,
    };
    const elapsed = Math.max(0, nowMs - bucket.updatedAt) / 1000;
    bucket.tokens = Math.min(
      this.capacity,
      bucket.tokens + elapsed * this.refillPerSecond,
    );
    bucket.updatedAt = nowMs;
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxKeys) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return {
      allowed: false,
      retryAfterSeconds: Math.max(
        1,
        Math.ceil((1 - bucket.tokens) / this.refillPerSecond),
      ),
    };
  }
}

/**
 * The body as text, or null when it is larger than `maxBytes`: refused on Content-Length before
 * reading, and cut off while streaming when there is none.
 */
export async function readBodyWithin(
  request: Request,
  maxBytes: number,
): Promise<string | null> {
  const declared = request.headers.get("content-length");
  if (declared !== null && !(Number(declared) <= maxBytes)) return null;
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size).toString("utf8");
}
