import { type RetroactiveRun } from "@prisma/client";

import * as clock from "~/clock.server";
import {
  retriesExhausted,
  retryDelayMs,
  type RetryPolicy,
} from "~/loyalty/retry-policy";
import { saveProgramSettings } from "~/models/program.server";
import {
  findReconciliationCursor,
  recordReconciliationPass,
} from "~/models/reconciliation-cursor.server";
import {
  createRetroactiveRun,
  getRetroactiveRun,
  listPendingRetroactiveRuns,
  listRetroactiveRuns as listRetroactiveRunRows,
  recordRetroactiveProgress,
} from "~/models/retroactive-run.server";
import { findInstalledShop, findShopRow } from "~/models/shop.server";
import { inTransaction, database } from "~/models/transaction.server";
import { queueRetroactiveAward } from "~/services/periodic-jobs.server";
import {
  awardPointsForOrder,
  type OrderSettlementSummary,
  recordOrderFulfilled,
  reversePointsForCancellation,
  reversePointsForRefund,
} from "~/services/orders.server";
import {
  type AdminRequestOptions,
  runOperation,
} from "~/shopify/admin-client.server";
import {
  OrdersUpdatedSince,
  type ReconciledOrderNode,
} from "~/shopify/graphql/OrdersUpdatedSince";
import {
  isCompleteOrder,
  orderFactsFromGraphql,
  refundFactsFromGraphql,
} from "~/shopify/order-facts.server";

/**
 * Never miss, never double. Webhooks get lost; every few minutes each shop's orders updated since
 * the last cursor are read from the Admin API (paginated, oldest update first, within the
 * throttle: runOperation waits out THROTTLED answers) and settled through the same use cases the
 * webhooks call. Those are idempotent on the business event, so an order seen by both a webhook
 * and reconciliation earns once. Retroactive points use the same path over the last N days.
 */

/** Requested cost ≈ 425 per order with its lines and refunds: two per page stays under Shopify's 1,000. */
const PAGE_SIZE = 2;
/** Shopify's search index trails writes by a few seconds: each run looks back a little. */
const OVERLAP_MS = 60_000;

export interface ReconcileOptions {
  now?: Date;
  request?: AdminRequestOptions;
  pageSize?: number;
  /** Stop after this many pages (the next run continues from the cursor). */
  maxPages?: number;
  /**
   * Retroactive points only: orders skipped while the program was off are decided again by
   * today's program (ADR 0013). Reconciliation never does this: the gap is the merchant's call.
   */
  awardSkippedWhileOff?: boolean;
}

export interface ReconcileSummary {
  outcome: "done" | "partial" | "unknown_shop" | "failed";
  ordersSeen: number;
  /** Orders where this pass posted something (what webhooks had missed). */
  ordersChanged: number;
  pointsAwarded: number;
  pointsReversed: number;
  /** Orders too large for one page (more than 25 lines or 5 refunds): left to their webhooks. */
  ordersSkipped: number;
  lastUpdatedAt: Date | null;
  /** The page cursor after the last page settled (where a pass cut short resumes). */
  lastCursor: string | null;
  error: string | null;
}

/** Settles one order from what the Admin API says, exactly as its webhooks would. */
export async function settleOrderFromAdmin(
  shop: string,
  node: ReconciledOrderNode,
  options: Pick<ReconcileOptions, "awardSkippedWhileOff" | "now"> = {},
): Promise<{ awarded: number; reversed: number; changed: boolean }> {
  const now = options.now ?? clock.now();
  const facts = orderFactsFromGraphql(node);
  const results: OrderSettlementSummary[] = [];
  // Reconciliation and retroactive runs credit many orders at once: one digest email per member.
  if (facts.paidAt)
    results.push(
      await awardPointsForOrder(shop, facts, {
        digest: true,
        now,
        awardSkippedWhileOff: options.awardSkippedWhileOff,
      }),
    );
  for (const refund of refundFactsFromGraphql(node))
    results.push(await reversePointsForRefund(shop, refund, { now }));
  if (facts.cancelledAt)
    results.push(await reversePointsForCancellation(shop, facts, { now }));
  if (facts.fulfilledAt)
    results.push(await recordOrderFulfilled(shop, facts, { now }));
  const awarded = results.reduce((sum, r) => sum + r.pointsAwarded, 0);
  const reversed = results.reduce((sum, r) => sum + r.pointsReversed, 0);
  return { awarded, reversed, changed: awarded > 0 || reversed > 0 };
}

function searchTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/**
 * Walks every order matching `query`, page by page, settling each. `onPage` is told the last
 * update time seen after each page (the cursor is saved there, so a run cut short resumes).
 */
async function walkOrders(
  shop: string,
  query: string,
  options: ReconcileOptions,
  onPage: (lastUpdatedAt: Date | null) => Promise<void>,
  startAfter: string | null = null,
): Promise<ReconcileSummary> {
  const summary: ReconcileSummary = {
    outcome: "done",
    ordersSeen: 0,
    ordersChanged: 0,
    pointsAwarded: 0,
    pointsReversed: 0,
    ordersSkipped: 0,
    lastUpdatedAt: null,
    lastCursor: startAfter,
    error: null,
  };
  const now = options.now ?? clock.now();
  let after: string | null = startAfter;
  for (let page = 0; ; page += 1) {
    if (options.maxPages !== undefined && page >= options.maxPages) {
      summary.outcome = "partial";
      break;
    }
    let result;
    try {
      result = await runOperation(
        shop,
        OrdersUpdatedSince,
        { first: options.pageSize ?? PAGE_SIZE, after, query },
        {
          maxThrottleRetries: 10,
          ...options.request,
        },
      );
    } catch (error) {
      // Throttled for long, Shopify down: what was settled stays, the next run resumes from the cursor.
      summary.outcome = "failed";
      summary.error =
        error instanceof Error
          ? `${error.name}: ${error.message}`
          : String(error);
      break;
    }
    for (const node of result.orders.nodes) {
      summary.ordersSeen += 1;
      const updatedAt = new Date(node.updatedAt);
      if (summary.lastUpdatedAt === null || updatedAt > summary.lastUpdatedAt)
        summary.lastUpdatedAt = updatedAt;
      if (!isCompleteOrder(node)) {
        summary.ordersSkipped += 1;
        continue;
      }
      const settled = await settleOrderFromAdmin(shop, node, {
        awardSkippedWhileOff: options.awardSkippedWhileOff,
        now,
      });
      summary.pointsAwarded += settled.awarded;
      summary.pointsReversed += settled.reversed;
      if (settled.changed) summary.ordersChanged += 1;
    }
    await onPage(summary.lastUpdatedAt);
    summary.lastCursor = result.orders.pageInfo.endCursor ?? summary.lastCursor;
    if (
      !result.orders.pageInfo.hasNextPage ||
      !result.orders.pageInfo.endCursor
    )
      break;
    after = result.orders.pageInfo.endCursor;
  }
  return summary;
}

/** One reconciliation pass for a shop: orders updated since the cursor (first pass: since install). */
export async function reconcileShop(
  shop: string,
  options: ReconcileOptions = {},
): Promise<ReconcileSummary> {
  const now = options.now ?? clock.now();
  const installed = await findInstalledShop(database, shop);
  const shopRow = await findShopRow(database, shop);
  if (!installed || !shopRow) {
    return {
      outcome: "unknown_shop",
      ordersSeen: 0,
      ordersChanged: 0,
      pointsAwarded: 0,
      pointsReversed: 0,
      ordersSkipped: 0,
      lastUpdatedAt: null,
      lastCursor: null,
      error: null,
    };
  }
  const cursor = await findReconciliationCursor(database, shop);
  const since = new Date(
    (cursor?.updatedSince ?? shopRow.installedAt).getTime() - OVERLAP_MS,
  );
  let saved = cursor?.updatedSince ?? null;
  const summary = await walkOrders(
    shop,
    `updated_at:>'${searchTime(since)}'`,
    { ...options, now },
    async (lastUpdatedAt) => {
      if (lastUpdatedAt && (saved === null || lastUpdatedAt > saved))
        saved = lastUpdatedAt;
    },
  );
  await recordReconciliationPass(database, shop, {
    updatedSince: saved,
    installedAt: shopRow.installedAt,
    ordersSeen: summary.ordersSeen,
    error: summary.error,
    now,
  });
  if (summary.ordersChanged > 0) {
    console.info(
      `[reconcile] ${shop}: ${summary.ordersChanged} order(s) settled that webhooks had missed`,
    );
  }
  return summary;
}

export async function getReconciliationStatus(shop: string) {
  return findReconciliationCursor(database, shop);
}

/** Retroactive points for the orders of the last `days` days: recorded now, run by the scheduler (or at once). */
export async function requestRetroactiveAward(
  shop: string,
  days: number,
  now = clock.now(),
): Promise<RetroactiveRun> {
  if (!Number.isInteger(days) || days < 1 || days > 365)
    throw new RangeError("days must be a whole number from 1 to 365");
  const since = new Date(now.getTime() - days * 86_400_000);
  return inTransaction(async (tx) => {
    const run = await createRetroactiveRun(tx, {
      shopDomain: shop,
      days,
      since,
      now,
    });
    // The worker runs it (Admin API calls never happen inside a transaction or a request).
    await queueRetroactiveAward(tx, shop, now);
    return run;
  });
}

/** How often reconciliation runs for the shop (minutes); the next run is rescheduled accordingly. */
export async function saveReconcileInterval(
  shop: string,
  minutes: number,
): Promise<void> {
  if (!Number.isInteger(minutes) || minutes < 5 || minutes > 24 * 60)
    throw new RangeError("minutes must be a whole number from 5 to 1440");
  await saveProgramSettings(database, shop, { reconcileEveryMinutes: minutes });
}

export async function runRetroactiveAward(
  runId: string,
  options: ReconcileOptions = {},
): Promise<RetroactiveRun> {
  const now = options.now ?? clock.now();
  const run = await getRetroactiveRun(database, runId);
  if (run.status !== "pending") return run;
  if (!(await findInstalledShop(database, run.shopDomain))) {
    return recordRetroactiveProgress(database, run.id, null, {
      status: "failed",
      error: "not installed",
      finishedAt: now,
    });
  }
  // Orders placed in the window (processed_at), whatever happened to them since; a pass cut
  // short resumes after the last page it settled.
  const summary = await walkOrders(
    run.shopDomain,
    `processed_at:>'${searchTime(run.since)}'`,
    { ...options, now, awardSkippedWhileOff: true },
    async () => {},
    run.resumeCursor,
  );
  const progress = {
    ordersSeen: summary.ordersSeen,
    ordersAwarded: summary.ordersChanged,
    pointsAwarded: summary.pointsAwarded,
    resumeCursor: summary.lastCursor,
    error: summary.error,
  };
  if (summary.outcome !== "failed") {
    return recordRetroactiveProgress(database, run.id, progress, {
      status: "done",
      finishedAt: now,
    });
  }
  // Cut short by Shopify (throttled for long, down): try again later from the cursor, and after
  // MAX_RETROACTIVE_ATTEMPTS passes say so (settled orders are never paid twice either way).
  const attempts = run.attempts + 1;
  if (retriesExhausted(RETROACTIVE_RETRY_POLICY, attempts)) {
    return recordRetroactiveProgress(database, run.id, progress, {
      attempts,
      status: "failed",
      finishedAt: now,
    });
  }
  return inTransaction(async (tx) => {
    const updated = await recordRetroactiveProgress(tx, run.id, progress, {
      attempts,
      status: "pending",
    });
    await queueRetroactiveAward(
      tx,
      run.shopDomain,
      new Date(now.getTime() + retroactiveRetryDelayMs(attempts)),
    );
    return updated;
  });
}

/**
 * Retroactive runs that hit Shopify's limits: 1, 2, 4, 8, 16 minutes (Shopify's cost bucket
 * refills in well under a minute), given up after 6 passes. No jitter: one run per shop.
 */
export const RETROACTIVE_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 60_000,
  maxDelayMs: 30 * 60_000,
  maxAttempts: 6,
};

/** Passes a retroactive run gets before it is marked failed. */
export const MAX_RETROACTIVE_ATTEMPTS = RETROACTIVE_RETRY_POLICY.maxAttempts;

export function retroactiveRetryDelayMs(attempts: number): number {
  // The top of the jitter range: the whole wait, every time.
  return retryDelayMs(RETROACTIVE_RETRY_POLICY, attempts, 1);
}

export async function runPendingRetroactiveRuns(
  shop: string,
  options: ReconcileOptions = {},
): Promise<RetroactiveRun[]> {
  const pending = await listPendingRetroactiveRuns(database, shop);
  const done: RetroactiveRun[] = [];
  for (const run of pending)
    done.push(await runRetroactiveAward(run.id, options));
  return done;
}

export function listRetroactiveRuns(shop: string, take = 10) {
  return listRetroactiveRunRows(database, shop, take);
}
