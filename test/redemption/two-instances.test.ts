import { type PrismaClient } from "@prisma/client";
import {
  afterAll,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  vi,
} from "vitest";

import prisma from "~/db.server";
import { type RateLimit } from "~/loyalty/rate-limit";
import { installShop } from "~/services/install.server";
import { enrollCustomer } from "~/services/members.server";
import * as instanceA from "~/services/redemptions/redeem.server";
import { buildCustomerFacts } from "test/factories";
import { storeOfflineSession } from "test/fake-admin-api";
import { expectLedgerConsistent } from "test/ledger-invariants";
import {
  addReward,
  createFakeShopify,
  drainRedemptionJobs,
  givePoints,
  newKey,
} from "test/redemption-support";
import { startSecondInstance } from "test/second-instance";
import { slowTestTimeout, testDatabase } from "test/database";

/**
 * Two app instances on one PostgreSQL database (issue 11): each with its own Prisma client and
 * connection pool, as two processes with the same DATABASE_URL, their transactions running side
 * by side. On SQLite the same requests race inside one instance.
 */

const SHOP = "two-instances.myshopify.com";
const ROUNDS = 10;

const loadInstance = async () => ({
  ...(await import("~/services/redemptions/redeem.server")),
  drainRedemptionJobs: (await import("test/redemption-support"))
    .drainRedemptionJobs,
});
let instanceB: Awaited<ReturnType<typeof loadInstance>>;
let prismaB: PrismaClient;
let stopB: () => Promise<void>;

beforeAll(async () => {
  // SQLite is the one-process default: a second process on its file queues on the write lock and
  // gives up (SQLITE_BUSY) under this load. There the same requests race inside one instance.
  const second =
    testDatabase === "postgres"
      ? await startSecondInstance(loadInstance)
      : { modules: await loadInstance(), prisma, stop: async () => {} };
  instanceB = second.modules;
  prismaB = second.prisma;
  stopB = second.stop;
});

afterAll(async () => {
  await stopB?.();
});

beforeEach(async () => {
  await prisma.shop.deleteMany();
  await installShop(SHOP);
  await storeOfflineSession(SHOP);
  vi.spyOn(console, "warn").mockImplementation(() => {});
});

let customerCounter = 0;
async function addMember(points: number) {
  const customerId = `${9000 + (customerCounter += 1)}`;
  const memberId = (await enrollCustomer(
    SHOP,
    buildCustomerFacts({ customerId, email: `c${customerId}@example.com` }),
  ))!.memberId!;
  await givePoints(SHOP, memberId, points);
  return { customerId, memberId };
}

/** `n` redemptions at once, alternating between the two instances. */
function redeemFromBoth(
  n: number,
  input: {
    customerId: string;
    rewardId: string;
    rateLimits: readonly RateLimit[];
  },
) {
  return Promise.all(
    Array.from({ length: n }, (_, i) =>
      (i % 2 === 0 ? instanceA : instanceB).redeemReward({
        shop: SHOP,
        customerId: input.customerId,
        rewardId: input.rewardId,
        idempotencyKey: newKey(),
        rateLimits: input.rateLimits,
      }),
    ),
  );
}

describe("the per-customer rate limit across two instances", () => {
  it(
    "24 attempts at once, 5 allowed a minute: exactly 5 answers that are not 429, whatever they are",
    async () => {
      const limit: RateLimit = { max: 5, windowMs: 60_000 };
      const reward = await addReward(SHOP, { pointsCost: 100 });
      for (let round = 0; round < ROUNDS; round += 1) {
        // Points for two: the other three allowed attempts are refused (409) and still count.
        const { customerId, memberId } = await addMember(200);
        const results = await redeemFromBoth(24, {
          customerId,
          rewardId: reward.id,
          rateLimits: [limit],
        });
        const counts = new Map<number, number>();
        for (const r of results)
          counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
        expect(Object.fromEntries(counts)).toEqual({ 201: 2, 409: 3, 429: 19 });
        expect(
          await prisma.redemptionAttempt.count({ where: { memberId } }),
        ).toBe(5);
        expect(
          (await prismaB.member.findUniqueOrThrow({ where: { id: memberId } }))
            .balance,
        ).toBe(0);
      }
      await expectLedgerConsistent(prisma);
    },
    slowTestTimeout(60_000),
  );
});

describe("racing redemptions across two instances", () => {
  it(
    "40 redemptions at once on a balance that covers 10: exactly 10 succeed, one code each, none orphaned",
    async () => {
      const reward = await addReward(SHOP, { pointsCost: 100 });
      const shopify = createFakeShopify();
      const winners: string[] = [];
      const memberIds: string[] = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        const { customerId, memberId } = await addMember(1000);
        memberIds.push(memberId);
        const results = await redeemFromBoth(40, {
          customerId,
          rewardId: reward.id,
          rateLimits: [],
        });
        const statuses = results.map((r) => r.status).sort();
        expect(statuses).toEqual([
          ...Array.from({ length: 10 }, () => 201),
          ...Array.from({ length: 30 }, () => 409),
        ]);
        for (const r of results)
          if (r.status === 201) winners.push(r.redemption.code!);
        // Each instance's read agrees: nothing left, never below zero.
        for (const db of [prisma, prismaB])
          expect(
            (await db.member.findUniqueOrThrow({ where: { id: memberId } }))
              .balance,
          ).toBe(0);
      }
      expect(new Set(winners).size).toBe(10 * ROUNDS);

      // Both instances' workers mint at once.
      await Promise.all([
        drainRedemptionJobs(shopify.admin),
        instanceB.drainRedemptionJobs(shopify.admin),
      ]);
      const confirmed = await prisma.redemption.findMany({
        where: { state: "confirmed" },
      });
      expect(confirmed).toHaveLength(10 * ROUNDS);
      expect(await prisma.redemption.count()).toBe(10 * ROUNDS);
      // One code at Shopify per success, and no code at Shopify without its redemption.
      expect([...shopify.codes.keys()].sort()).toEqual(
        confirmed.map((r) => r.code!).sort(),
      );
      expect(new Set(confirmed.map((r) => r.shopifyId)).size).toBe(10 * ROUNDS);
      for (const memberId of memberIds)
        expect(
          await prisma.ledgerEntry.count({
            where: { memberId, kind: "redemption" },
          }),
        ).toBe(10);
      await expectLedgerConsistent(prisma);
    },
    slowTestTimeout(60_000),
  );
});
