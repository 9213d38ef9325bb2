import { afterEach, beforeEach, describe, expect, it } from "vitest";

import prisma from "~/db.server";
import { FIXED_NOW } from "~/../test/factories";
import { poolRemaining, poolTotals } from "~/models/code-pool.server";
import { listRewardsForAdmin } from "~/models/reward.server";
import {
  importCodeFiles,
  MAX_CODE_FILE_BYTES,
} from "~/services/code-pools.server";
import { installShop } from "~/services/install.server";
import {
  createReward,
  deleteUnusedPoolCodes,
  listCodePoolFiles,
} from "~/services/rewards.server";
import { expectLedgerConsistent } from "test/ledger-invariants";

const SHOP = "pools-test.myshopify.com";
const POOL = "pool-a";

const file = (filename: string, text: string) => ({
  filename,
  size: Buffer.byteLength(text),
  text: async () => text,
});

beforeEach(async () => {
  await prisma.shop.deleteMany();
  await installShop(SHOP);
  await createReward(SHOP, {
    type: "code_pool",
    name: { en: "Partner voucher" },
    pointsCost: 300,
    poolId: POOL,
  });
});

afterEach(async () => {
  await expectLedgerConsistent(prisma);
});

/** Gives one unused code of the pool to a (fake) redemption, as the redemption engine does. */
async function assignOneCode(fileId: string) {
  const member = await prisma.member.upsert({
    where: { shopCustomer: { shopDomain: SHOP, customerId: "c1" } },
    create: { shopDomain: SHOP, customerId: "c1" },
    update: {},
  });
  const code = await prisma.poolCode.findFirstOrThrow({
    where: { fileId, assignedAt: null },
  });
  const reward = await prisma.reward.findFirstOrThrow({
    where: { poolId: POOL },
  });
  const redemption = await prisma.redemption.create({
    data: {
      shopDomain: SHOP,
      memberId: member.id,
      rewardId: reward.id,
      rewardType: "code_pool",
      rewardSnapshot: "{}",
      points: 300,
      code: code.code,
    },
  });
  await prisma.poolCode.update({
    where: { id: code.id },
    data: { redemptionId: redemption.id, assignedAt: FIXED_NOW },
  });
  return code.code;
}

describe("importing code files", () => {
  it("tolerates a BOM, CRLF, blank lines, a header and trailing separators", async () => {
    const text =
      '\uFEFFCode\r\nSPRING-1 | |||\r\n\r\nSPRING-2,,,\r\n"SPRING-3";\r\n';
    expect(
      await importCodeFiles(SHOP, POOL, [file("spring.csv", text)]),
    ).toEqual([{ filename: "spring.csv", outcome: "imported", imported: 3 }]);
    expect(
      (await prisma.poolCode.findMany({ orderBy: { code: "asc" } })).map(
        (c) => c.code,
      ),
    ).toEqual(["SPRING-1", "SPRING-2", "SPRING-3"]);
  });

  it("imports nothing from a malformed file and says which lines are wrong", async () => {
    await importCodeFiles(SHOP, POOL, [file("first.csv", "OLD-1\nOLD-2\n")]);
    const before = await prisma.poolCode.count();
    const text = [
      "NEW-1",
      "NEW 2",
      "NEW-3",
      "new-1",
      "old-2",
      "A,B",
      '"OPEN',
    ].join("\n");
    const [outcome] = await importCodeFiles(SHOP, POOL, [
      file("bad.csv", text),
    ]);
    expect(outcome).toEqual({
      filename: "bad.csv",
      outcome: "invalid",
      errors: [
        { line: 2, code: "NEW 2", reason: "contains_space" },
        { line: 4, code: "new-1", reason: "duplicate_in_file", firstLine: 1 },
        { line: 5, code: "old-2", reason: "already_imported" },
        { line: 6, code: "A", reason: "several_values" },
        { line: 7, reason: "unclosed_quote" },
      ],
    });
    expect(await prisma.poolCode.count()).toBe(before);
    expect(await prisma.codePoolFile.count()).toBe(1);
  });

  it("treats each file of an upload on its own, and a code repeated across files as already imported", async () => {
    const outcomes = await importCodeFiles(SHOP, POOL, [
      file("a.csv", "A-1\nA-2\n"),
      file("b.csv", "B-1\nA-2\n"),
      file("empty.csv", "\n\n"),
      {
        filename: "huge.csv",
        size: MAX_CODE_FILE_BYTES + 1,
        text: async () => "X",
      },
    ]);
    expect(outcomes).toEqual([
      { filename: "a.csv", outcome: "imported", imported: 2 },
      {
        filename: "b.csv",
        outcome: "invalid",
        errors: [{ line: 2, code: "A-2", reason: "already_imported" }],
      },
      { filename: "empty.csv", outcome: "empty" },
      { filename: "huge.csv", outcome: "too_large" },
    ]);
    expect(await prisma.poolCode.count()).toBe(2);
  });
});

describe("pool counts and deletions", () => {
  it("counts each file, deletes only unused codes, and shows the reward sold out when none is left", async () => {
    await importCodeFiles(SHOP, POOL, [
      file("one.csv", "ONE-1\nONE-2\nONE-3\n"),
      file("two.csv", "TWO-1\nTWO-2\n"),
    ]);
    const [one, two] = await listCodePoolFiles(SHOP, POOL);
    const given = await assignOneCode(one.id);

    expect(await listCodePoolFiles(SHOP, POOL)).toMatchObject([
      { filename: "one.csv", total: 3, assigned: 1, remaining: 2 },
      { filename: "two.csv", total: 2, assigned: 0, remaining: 2 },
    ]);
    expect(await poolTotals(SHOP, POOL)).toEqual({
      total: 5,
      assigned: 1,
      remaining: 4,
    });

    expect(await deleteUnusedPoolCodes(SHOP, { fileId: two.id })).toEqual({
      deleted: 2,
    });
    expect((await poolRemaining(prisma, SHOP, [POOL])).get(POOL)).toBe(2);

    expect(await deleteUnusedPoolCodes(SHOP, { poolId: POOL })).toEqual({
      deleted: 2,
    });
    // The code a customer holds is never deleted.
    expect((await prisma.poolCode.findMany()).map((c) => c.code)).toEqual([
      given,
    ]);
    const [reward] = await listRewardsForAdmin(SHOP);
    expect(reward).toMatchObject({
      type: "code_pool",
      remaining: 0,
      total: 1,
      redemptions: 1,
    });
  });

  it("never deletes another shop's codes", async () => {
    await installShop("other.myshopify.com");
    await importCodeFiles(SHOP, POOL, [file("one.csv", "ONE-1\n")]);
    expect(
      await deleteUnusedPoolCodes("other.myshopify.com", { poolId: POOL }),
    ).toEqual({ deleted: 0 });
    expect(await prisma.poolCode.count()).toBe(1);
  });
});
