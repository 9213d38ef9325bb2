import prisma from "~/db.server";
import { type RewardInput } from "~/loyalty/rewards";
import { postLedgerEntry } from "~/models/ledger.server";
import { inTransaction } from "~/models/transaction.server";
import { runDeactivateJob } from "~/services/redemptions/deactivate-job.server";
import { runMintJob } from "~/services/redemptions/mint-job.server";
import { runSweepJob } from "~/services/redemptions/sweep.server";
import { createReward } from "~/services/rewards.server";
import { drainOutboxUntilIdle } from "~/services/worker.server";
import { type AdminRequestOptions } from "~/shopify/admin-client.server";
import {
  createFakeAdminApi,
  type FakeAdminAnswer,
  type FakeAdminCall,
  graphqlData,
} from "test/fake-admin-api";

/** Helpers for the redemption tests: rewards, points, and a fake Shopify that remembers codes. */

let keyCounter = 0;
export const newKey = () => `key-${Date.now()}-${(keyCounter += 1)}`;

export async function givePoints(
  shopDomain: string,
  memberId: string,
  points: number,
  // The clock of the test: the system clock for tests through routes, the test's own otherwise.
  now = new Date(),
) {
  await inTransaction((tx) =>
    postLedgerEntry(tx, {
      shopDomain,
      memberId,
      kind: "manual_adjustment",
      points,
      sourceType: "adjustment",
      sourceId: `test-${newKey()}`,
      recordedAt: now,
    }),
  );
}

export async function addReward(
  shopDomain: string,
  overrides: Partial<RewardInput> & Record<string, unknown> = {},
) {
  const result = await createReward(shopDomain, {
    type: "fixed_amount_off",
    name: { en: "$5 off", fr: "5 $ de remise" },
    pointsCost: 500,
    amount: 5000,
    ...overrides,
  });
  if (result.outcome !== "saved")
    throw new Error(`reward not saved: ${JSON.stringify(result)}`);
  return result.reward;
}

export async function balanceOf(memberId: string) {
  return (await prisma.member.findUniqueOrThrow({ where: { id: memberId } }))
    .balance;
}

/**
 * A fake Admin API that keeps the codes it minted, so codeDiscountNodeByCode finds them, and lets a
 * test script failures per call (`fail(call)` returns an answer to use instead). It knows the
 * redemption operations only: any other throws (the client sees a network failure) and is listed in
 * `unknownOperations`.
 */
export function createFakeShopify(
  fail?: (call: FakeAdminCall, index: number) => FakeAdminAnswer | null,
) {
  const codes = new Map<string, string>();
  const deactivated: string[] = [];
  const unknownOperations: string[] = [];
  let next = 1;
  const api = createFakeAdminApi((call, index) => {
    const failure = fail?.(call, index);
    if (failure) return failure;
    const name = call.operationName ?? "";
    if (name === "CodeDiscountNodeByCode") {
      const id = codes.get(String(call.variables.code));
      return graphqlData({ codeDiscountNodeByCode: id ? { id } : null });
    }
    if (name === "GiftCardCreate") {
      const input = call.variables.input as { code: string };
      const id = `gid://shopify/GiftCard/${next++}`;
      codes.set(input.code, id);
      return graphqlData({
        giftCardCreate: { giftCard: { id }, userErrors: [] },
      });
    }
    const create = /^DiscountCode(Basic|FreeShipping|Bxgy)Create$/.exec(name);
    if (create) {
      const input = Object.values(call.variables)[0] as { code: string };
      const id = `gid://shopify/DiscountCodeNode/${next++}`;
      codes.set(input.code, id);
      const field = `discountCode${create[1]}Create`;
      return graphqlData({
        [field]: { codeDiscountNode: { id }, userErrors: [] },
      });
    }
    if (name === "DiscountCodeDeactivate" || name === "GiftCardDeactivate") {
      deactivated.push(String(call.variables.id));
      const payload =
        name === "GiftCardDeactivate"
          ? {
              giftCardDeactivate: {
                giftCard: { id: call.variables.id },
                userErrors: [],
              },
            }
          : {
              discountCodeDeactivate: {
                codeDiscountNode: { id: call.variables.id },
                userErrors: [],
              },
            };
      return graphqlData(payload);
    }
    // An operation nobody taught the fake fails the call, so a new mutation cannot "succeed" on an
    // empty answer unnoticed: answer it above, or through `fail`.
    unknownOperations.push(name);
    throw new Error(
      `createFakeShopify has no answer for the operation ${JSON.stringify(name)}`,
    );
  });
  return {
    ...api,
    codes,
    deactivated,
    unknownOperations,
    admin: { fetch: api.fetch, sleep: async () => {} } as AdminRequestOptions,
  };
}

/** Runs the outbox with the redemption handlers pointed at `admin`; the balance mirror is skipped. */
export function drainRedemptionJobs(
  admin: AdminRequestOptions,
  options: { maxRounds?: number; now?: () => Date } = {},
) {
  return drainOutboxUntilIdle({
    maxRounds: options.maxRounds,
    now: options.now,
    baseDelayMs: 0,
    maxDelayMs: 0,
    random: () => 0,
    handlers: {
      mirror_member: async () => {},
      sync_shop_profile: async () => {},
      ensure_metafield_definitions: async () => {},
      mint_discount_code: (job) =>
        runMintJob(job.payload, { admin, now: options.now }),
      deactivate_discount_code: (job) =>
        runDeactivateJob(job.payload, { admin, now: options.now }),
      sweep_redemptions: async () => {},
    },
  });
}

export { runSweepJob };
