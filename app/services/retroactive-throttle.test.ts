import { beforeAll, describe, expect, it } from "vitest";

import {
  createFakeAdminApi,
  graphqlData,
  storeOfflineSession,
  throttledAnswer,
} from "~/../test/fake-admin-api";
import prisma from "~/db.server";
import { installShop } from "~/services/install.server";
import {
  MAX_RETROACTIVE_ATTEMPTS,
  requestRetroactiveAward,
  runPendingRetroactiveRuns,
} from "~/services/reconciliation.server";
import { drainOutboxUntilIdle } from "~/services/worker.server";
import { type FetchLike } from "~/shopify/shopify-fetch.server";

// A retroactive run stopped by Shopify's throttle is tried again later by the worker, from the page
// it stopped at, and after a few passes ends "failed" with the reason: never pending forever.

const START = new Date("2030-03-01T10:00:00Z");
const MINUTE = 60_000;

const THROTTLED = throttledAnswer({
  requestedQueryCost: 850,
  currentlyAvailable: 0,
  restoreRate: 50,
});
const page = (endCursor: string | null, hasNextPage: boolean) =>
  graphqlData({
    orders: { nodes: [], pageInfo: { hasNextPage, endCursor } },
  });

/** Runs the worker's award_retroactive job as the worker would at `now`, against `fetch`. */
function drainAt(shop: string, now: Date, fetch: FetchLike) {
  return drainOutboxUntilIdle({
    now: () => now,
    handlers: {
      award_retroactive: async () => {
        await runPendingRetroactiveRuns(shop, {
          now,
          request: { fetch, sleep: async () => {}, maxThrottleRetries: 0 },
        });
      },
    },
  });
}

const runOf = (shop: string) =>
  prisma.retroactiveRun.findFirstOrThrow({ where: { shopDomain: shop } });

async function installed(shop: string) {
  await installShop(shop);
  await storeOfflineSession(shop);
  // Only the retroactive job matters here.
  await prisma.outboxJob.deleteMany({ where: { shopDomain: shop } });
}

beforeAll(async () => {
  await installed("retro-resume.myshopify.com");
  await installed("retro-gives-up.myshopify.com");
});

describe("a retroactive run stopped by Shopify's throttle", () => {
  it("is retried later by the worker and resumes from the page it reached", async () => {
    const shop = "retro-resume.myshopify.com";
    // Calls 0 (first pass) and 2 (second pass, second page) are throttled.
    const api = createFakeAdminApi((call, index) => {
      if (index === 0 || index === 2) return THROTTLED;
      return call.variables.after === "cursor-1"
        ? page("cursor-2", false)
        : page("cursor-1", true);
    });
    await requestRetroactiveAward(shop, 30, START);

    await drainAt(shop, START, api.fetch);
    expect(await runOf(shop)).toMatchObject({
      status: "pending",
      attempts: 1,
      resumeCursor: null,
    });
    expect(await runOf(shop).then((run) => run.error)).toMatch(/Throttled/);
    // Nothing is due at once; a minute later the job is.
    expect((await drainAt(shop, START, api.fetch)).claimed).toBe(0);

    // Second pass: the first page goes through, the second is throttled.
    const secondPass = new Date(START.getTime() + MINUTE);
    await drainAt(shop, secondPass, api.fetch);
    expect(await runOf(shop)).toMatchObject({
      status: "pending",
      attempts: 2,
      resumeCursor: "cursor-1",
    });

    // Third pass, two minutes later: it starts after cursor-1 and finishes.
    const before = api.calls.length;
    await drainAt(shop, new Date(secondPass.getTime() + 2 * MINUTE), api.fetch);
    expect(api.calls[before]?.variables.after).toBe("cursor-1");
    expect(await runOf(shop)).toMatchObject({
      status: "done",
      error: null,
    });
  });

  it("ends failed, with Shopify's reason, when the throttle never lets go", async () => {
    const shop = "retro-gives-up.myshopify.com";
    const api = createFakeAdminApi(() => THROTTLED);
    await requestRetroactiveAward(shop, 30, START);

    let now = START;
    for (let pass = 0; pass < MAX_RETROACTIVE_ATTEMPTS; pass += 1) {
      await drainAt(shop, now, api.fetch);
      now = new Date(now.getTime() + 60 * MINUTE);
    }
    const run = await runOf(shop);
    expect(run).toMatchObject({
      status: "failed",
      attempts: MAX_RETROACTIVE_ATTEMPTS,
    });
    expect(run.finishedAt).not.toBeNull();
    expect(run.error).toMatch(/Throttled/);
    // And nothing is left queued to try again.
    expect((await drainAt(shop, now, api.fetch)).claimed).toBe(0);
  });
});
