import type { EmulatorContext } from "../context";

/**
 * Shopify's leaky bucket for GraphQL Admin, one per app and shop: it holds up to
 * `maximumAvailable` points and refills at `restoreRate` points per second on the emulator's clock
 * (ctx.state.now), so tests move time instead of sleeping.
 */
export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

interface Bucket {
  available: number;
  at: number; // epoch ms of the last refill
}

const buckets = new WeakMap<EmulatorContext, Map<string, Bucket>>();

function bucketFor(ctx: EmulatorContext, shop: string): Bucket {
  let shops = buckets.get(ctx);
  if (!shops) {
    shops = new Map();
    buckets.set(ctx, shops);
  }
  const now = ctx.state.now().getTime();
  let bucket = shops.get(shop);
  if (!bucket) {
    bucket = { available: ctx.config.throttle.maximumAvailable, at: now };
    shops.set(shop, bucket);
  }
  const elapsedSeconds = Math.max(0, now - bucket.at) / 1000;
  bucket.available = Math.min(
    ctx.config.throttle.maximumAvailable,
    bucket.available + elapsedSeconds * ctx.config.throttle.restoreRate,
  );
  bucket.at = now;
  return bucket;
}

export function throttleStatus(
  ctx: EmulatorContext,
  shop: string,
): ThrottleStatus {
  const bucket = bucketFor(ctx, shop);
  return {
    maximumAvailable: ctx.config.throttle.maximumAvailable,
    // Shopify reports whole points.
    currentlyAvailable: Math.floor(bucket.available),
    restoreRate: ctx.config.throttle.restoreRate,
  };
}

/** Takes `cost` points if the bucket holds them; a refused request takes nothing. */
export function chargeRequestedCost(
  ctx: EmulatorContext,
  shop: string,
  cost: number,
): boolean {
  const bucket = bucketFor(ctx, shop);
  if (cost > bucket.available) return false;
  bucket.available -= cost;
  return true;
}

/** Gives back the difference between the requested and the actual cost once the query has run. */
export function refundCost(
  ctx: EmulatorContext,
  shop: string,
  points: number,
): void {
  if (points <= 0) return;
  const bucket = bucketFor(ctx, shop);
  bucket.available = Math.min(
    ctx.config.throttle.maximumAvailable,
    bucket.available + points,
  );
}

/** Refills every bucket (a fresh demo run, or a test that starts from a known state). */
export function resetThrottle(ctx: EmulatorContext, shop?: string): void {
  const shops = buckets.get(ctx);
  if (!shops) return;
  if (shop) shops.delete(shop);
  else shops.clear();
}
