import { afterEach, beforeEach, describe, expect, it } from "vitest";

import prisma from "~/db.server";
import { redactCustomer } from "~/services/compliance.server";
import { installShop } from "~/services/install.server";
import {
  enrollCustomer,
  updateCustomerDetails,
} from "~/services/members.server";
import { awardPointsForOrder } from "~/services/orders.server";
import { buildCustomerFacts, buildOrderFacts } from "test/factories";
import { expectLedgerConsistent } from "test/ledger-invariants";

const SHOP = "members-test.myshopify.com";

beforeEach(async () => {
  await prisma.shop.deleteMany();
  await installShop(SHOP);
});

// Every scenario ends with the ledger invariants holding.
afterEach(async () => {
  await expectLedgerConsistent(prisma);
});

describe("enrollCustomer", () => {
  it("creates the member once, however often customers/create arrives", async () => {
    const first = await enrollCustomer(SHOP, buildCustomerFacts());
    const again = await enrollCustomer(SHOP, buildCustomerFacts());

    expect(first.outcome).toBe("enrolled");
    expect(again).toEqual({ outcome: "updated", memberId: first.memberId });
    expect(await prisma.member.findMany()).toMatchObject([
      {
        customerId: "cust-1",
        email: "ada@example.com",
        firstName: "Ada",
        lastName: "Lovelace",
        balance: 0,
      },
    ]);
  });

  it("completes a member created on the fly by an earlier order, keeping their points", async () => {
    await awardPointsForOrder(SHOP, buildOrderFacts());
    expect(await enrollCustomer(SHOP, buildCustomerFacts())).toMatchObject({
      outcome: "updated",
    });
    expect(await prisma.member.findMany()).toMatchObject([
      { firstName: "Ada", balance: 100 },
    ]);
    await expectLedgerConsistent(prisma);
  });

  it("changes nothing for an unknown shop", async () => {
    expect(
      await enrollCustomer("nobody.myshopify.com", buildCustomerFacts()),
    ).toEqual({ outcome: "unknown_shop", memberId: null });
    expect(await prisma.member.count()).toBe(0);
  });
});

describe("updateCustomerDetails", () => {
  it("refreshes the member's details", async () => {
    await enrollCustomer(SHOP, buildCustomerFacts());
    await updateCustomerDetails(
      SHOP,
      buildCustomerFacts({ email: "ada@lovelace.dev", lastName: "King" }),
    );
    expect(await prisma.member.findFirstOrThrow()).toMatchObject({
      email: "ada@lovelace.dev",
      lastName: "King",
    });
  });

  it("keeps the member's language when a payload does not say it, and takes a new one", async () => {
    await enrollCustomer(SHOP, buildCustomerFacts({ locale: "fr-CA" }));
    await updateCustomerDetails(
      SHOP,
      buildCustomerFacts({ locale: null, firstName: "Adèle" }),
    );
    expect(await prisma.member.findFirstOrThrow()).toMatchObject({
      firstName: "Adèle",
      locale: "fr-CA",
    });
    await updateCustomerDetails(SHOP, buildCustomerFacts({ locale: "en" }));
    expect(await prisma.member.findFirstOrThrow()).toMatchObject({
      firstName: "Ada",
      locale: "en",
    });
  });

  it("enrols a customer whose create webhook has not arrived yet", async () => {
    expect(
      await updateCustomerDetails(
        SHOP,
        buildCustomerFacts({ customerId: "cust-2" }),
      ),
    ).toMatchObject({ outcome: "enrolled" });
  });

  it("never brings personal data back to a redacted member", async () => {
    await enrollCustomer(SHOP, buildCustomerFacts());
    await redactCustomer(SHOP, "cust-1");
    await updateCustomerDetails(SHOP, buildCustomerFacts());
    expect(await prisma.member.findFirstOrThrow()).toMatchObject({
      email: null,
      firstName: null,
      lastName: null,
    });
  });
});
