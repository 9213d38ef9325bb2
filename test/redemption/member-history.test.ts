import { beforeEach, describe, expect, it } from "vitest";

import prisma from "~/db.server";
import { getMemberHistory } from "~/models/dashboard.server";
import { installShop } from "~/services/install.server";
import { enrollCustomer } from "~/services/members.server";
import { redeemReward } from "~/services/redemptions/redeem.server";
import { buildCustomerFacts } from "test/factories";
import { expectLedgerConsistent } from "test/ledger-invariants";
import { addReward, givePoints, newKey } from "test/redemption-support";

const SHOP = "history.myshopify.com";

describe("a member's history in the admin", () => {
  let memberId = "";
  beforeEach(async () => {
    await prisma.shop.deleteMany();
    await installShop(SHOP);
    memberId = (await enrollCustomer(
      SHOP,
      buildCustomerFacts({ customerId: "9001" }),
    ))!.memberId!;
    await givePoints(SHOP, memberId, 1000);
  });

  it("gives a redemption its reward's name in every language, whatever language was stored", async () => {
    const reward = await addReward(SHOP, {
      name: { en: "$5 off", fr: "5 $ de remise" },
    });
    expect(
      await redeemReward({
        shop: SHOP,
        customerId: "9001",
        rewardId: reward.id,
        idempotencyKey: newKey(),
      }),
    ).toMatchObject({ status: 201 });

    const history = await getMemberHistory(SHOP, memberId, {
      page: 1,
      pageSize: 10,
    });

    const redemption = history!.entries.find(
      (entry) => entry.kind === "redemption",
    );
    expect(redemption?.rewardName).toEqual({
      en: "$5 off",
      fr: "5 $ de remise",
    });
    expect(
      history!.entries
        .filter((entry) => entry.kind !== "redemption")
        .every((entry) => entry.rewardName === null),
    ).toBe(true);
    await expectLedgerConsistent(prisma);
  });
});
