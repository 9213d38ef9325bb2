import { afterEach, beforeEach, describe, expect, it } from "vitest";

import prisma from "~/db.server";
import {
  assembleCustomerData,
  redactCustomer,
} from "~/services/compliance.server";
import {
  awardAccountCreation,
  awardCustomAction,
  awardDueBirthdays,
  awardNewsletterSignup,
  awardProductReview,
  claimSocialAction,
  moderateContentSubmission,
  setMemberBirthday,
  submitContent,
} from "~/services/earn-actions.server";
import {
  removeEarningRule,
  saveCampaign,
  saveEarningRule,
} from "~/services/earning-rules.server";
import { installShop } from "~/services/install.server";
import { storefrontMe } from "~/services/storefront.server";
import { runBirthdaySweepJob } from "~/services/pending-awards.server";
import { enrollCustomer } from "~/services/members.server";
import { buildCustomerFacts, FIXED_NOW } from "test/factories";
import { expectLedgerConsistent } from "test/ledger-invariants";

const SHOP = "earn-actions.myshopify.com";
const at = (iso: string) => new Date(iso);

async function addRule(input: Record<string, unknown>): Promise<string> {
  const saved = await saveEarningRule(SHOP, null, {
    name: String(input.type),
    ...input,
  });
  if (!saved.ok) throw new Error(`rule not saved: ${JSON.stringify(saved)}`);
  return saved.value.id;
}

async function balanceOf(customerId = "cust-1"): Promise<number> {
  const member = await prisma.member.findUniqueOrThrow({
    where: { shopCustomer: { shopDomain: SHOP, customerId } },
  });
  return member.balance;
}

beforeEach(async () => {
  await prisma.shop.deleteMany();
  await installShop(SHOP);
  await enrollCustomer(SHOP, buildCustomerFacts());
});

afterEach(async () => {
  await expectLedgerConsistent(prisma);
});

describe("account creation and newsletter", () => {
  it("awards the account bonus once, however often customers/create arrives", async () => {
    await addRule({ type: "create_account", points: 50 });
    expect(
      await awardAccountCreation(SHOP, buildCustomerFacts(), FIXED_NOW),
    ).toMatchObject({ outcome: "awarded", points: 50 });
    expect(
      await awardAccountCreation(SHOP, buildCustomerFacts(), FIXED_NOW),
    ).toMatchObject({ outcome: "duplicate", points: 0 });
    expect(await balanceOf()).toBe(50);
    const entry = await prisma.ledgerEntry.findFirstOrThrow();
    expect(entry).toMatchObject({
      kind: "earning_award",
      sourceType: "account",
      sourceId: "cust-1",
      description: "create_account",
    });
  });

  it("stores a code, not prose, for a rule named after its type, and each shopper reads it in their language", async () => {
    await addRule({ type: "create_account", name: "", points: 50 });
    await awardAccountCreation(SHOP, buildCustomerFacts(), FIXED_NOW);
    expect(await prisma.ledgerEntry.findFirstOrThrow()).toMatchObject({
      kind: "earning_award",
      description: "earn.type.create_account",
    });
    const said = async (locale: "en" | "fr") =>
      (await storefrontMe(SHOP, "cust-1", locale)).history.map(
        (entry) => entry.description,
      );
    expect(await said("fr")).toEqual(["Créer un compte"]);
    expect(await said("en")).toEqual(["Create an account"]);
    // The customer's data export has no reader: the shop's primary language (English here).
    const { report } = await assembleCustomerData(SHOP, "cust-1");
    expect(report?.ledger.map((entry) => entry.description)).toEqual([
      "Create an account",
    ]);
  });

  it("stores a code too for a rule saved before, under its type's French label", async () => {
    await addRule({
      type: "create_account",
      name: "Créer un compte",
      points: 50,
    });
    await awardAccountCreation(SHOP, buildCustomerFacts(), FIXED_NOW);
    expect((await prisma.ledgerEntry.findFirstOrThrow()).description).toBe(
      "earn.type.create_account",
    );
  });

  it("awards nothing without an enabled rule", async () => {
    const id = await addRule({
      type: "create_account",
      points: 50,
      enabled: false,
    });
    expect(
      await awardAccountCreation(SHOP, buildCustomerFacts(), FIXED_NOW),
    ).toMatchObject({ outcome: "no_rule" });
    await removeEarningRule(SHOP, id);
    expect(
      await awardAccountCreation(SHOP, buildCustomerFacts(), FIXED_NOW),
    ).toMatchObject({ outcome: "no_rule" });
    expect(await balanceOf()).toBe(0);
  });

  it("awards the newsletter once ever, only when consent is subscribed, even after unsubscribing and back", async () => {
    await addRule({ type: "newsletter_signup", points: 20 });
    expect(
      await awardNewsletterSignup(
        SHOP,
        buildCustomerFacts({ emailMarketingState: "not_subscribed" }),
        FIXED_NOW,
      ),
    ).toMatchObject({
      outcome: "not_eligible",
    });
    expect(
      await awardNewsletterSignup(
        SHOP,
        buildCustomerFacts({ emailMarketingState: "subscribed" }),
        FIXED_NOW,
      ),
    ).toMatchObject({
      outcome: "awarded",
      points: 20,
    });
    await awardNewsletterSignup(
      SHOP,
      buildCustomerFacts({ emailMarketingState: "unsubscribed" }),
      FIXED_NOW,
    );
    expect(
      await awardNewsletterSignup(
        SHOP,
        buildCustomerFacts({ emailMarketingState: "SUBSCRIBED" }),
        FIXED_NOW,
      ),
    ).toMatchObject({
      outcome: "duplicate",
    });
    expect(await balanceOf()).toBe(20);
  });

  it("a customer created already subscribed earns both bonuses", async () => {
    await addRule({ type: "create_account", points: 50 });
    await addRule({ type: "newsletter_signup", points: 20 });
    await awardAccountCreation(
      SHOP,
      buildCustomerFacts({ emailMarketingState: "subscribed" }),
      FIXED_NOW,
    );
    expect(await balanceOf()).toBe(70);
  });
});

describe("limits and campaigns", () => {
  it("applies the winning campaign to the rules it names and caps awards by the rule's limits", async () => {
    const review = await addRule({
      type: "product_review",
      points: 10,
      limits: [{ per: "day", maxAwards: 2 }],
    });
    await saveCampaign(SHOP, null, {
      name: "Double reviews",
      multiplier: 2,
      startsAt: "2026-11-23T00:00:00Z",
      endsAt: "2026-11-24T00:00:00Z",
      appliesTo: { kind: "rules", ruleIds: [review] },
    });
    const report = (productId: string) => ({ customerId: "cust-1", productId });
    expect(
      await awardProductReview(SHOP, report("p1"), FIXED_NOW),
    ).toMatchObject({ ok: true, result: { outcome: "awarded", points: 20 } });
    expect(
      await awardProductReview(SHOP, report("p2"), FIXED_NOW),
    ).toMatchObject({ ok: true, result: { outcome: "awarded", points: 20 } });
    const third = await awardProductReview(SHOP, report("p3"), FIXED_NOW);
    expect(third).toMatchObject({
      ok: true,
      result: {
        outcome: "limit_reached",
        resetsAt: at("2026-11-24T00:00:00Z"),
      },
    });
    // Next day: campaign over, limit reset.
    expect(
      await awardProductReview(SHOP, report("p3"), at("2026-11-24T09:00:00Z")),
    ).toMatchObject({
      result: { outcome: "awarded", points: 10 },
    });
    expect(await balanceOf()).toBe(50);
  });

  it("counts a day in the shop's time zone", async () => {
    await prisma.shop.update({
      where: { domain: SHOP },
      data: { ianaTimezone: "America/New_York" },
    });
    await addRule({
      type: "product_review",
      points: 10,
      limits: [{ per: "day", maxAwards: 1 }],
    });
    // 03:00 UTC on the 24th is still the 23rd in New York.
    await awardProductReview(
      SHOP,
      { customerId: "cust-1", productId: "p1" },
      at("2026-11-23T15:00:00Z"),
    );
    expect(
      await awardProductReview(
        SHOP,
        { customerId: "cust-1", productId: "p2" },
        at("2026-11-24T03:00:00Z"),
      ),
    ).toMatchObject({
      result: { outcome: "limit_reached" },
    });
    expect(
      await awardProductReview(
        SHOP,
        { customerId: "cust-1", productId: "p2" },
        at("2026-11-24T06:00:00Z"),
      ),
    ).toMatchObject({
      result: { outcome: "awarded" },
    });
  });
});

describe("reviews and custom actions", () => {
  it("awards a review once per product per customer, in either id form, and creates the member", async () => {
    await addRule({ type: "product_review", points: 15 });
    expect(
      await awardProductReview(
        SHOP,
        {
          customerId: "gid://shopify/Customer/77",
          productId: "gid://shopify/Product/5",
        },
        FIXED_NOW,
      ),
    ).toMatchObject({
      result: { outcome: "awarded", points: 15, balance: 15 },
    });
    expect(
      await awardProductReview(
        SHOP,
        { customerId: "77", productId: "5" },
        FIXED_NOW,
      ),
    ).toMatchObject({ result: { outcome: "duplicate" } });
    expect(await balanceOf("77")).toBe(15);
    expect(
      await awardProductReview(SHOP, { customerId: "" }, FIXED_NOW),
    ).toMatchObject({ ok: false });
  });

  it("awards a custom action once per idempotency key, for the rule with that action key", async () => {
    await addRule({
      type: "custom_action",
      points: 30,
      actionKey: "attended-workshop",
    });
    const request = {
      actionKey: "attended-workshop",
      customerId: "cust-1",
      idempotencyKey: "k-1",
    };
    expect(await awardCustomAction(SHOP, request, FIXED_NOW)).toMatchObject({
      result: { outcome: "awarded", points: 30 },
    });
    expect(await awardCustomAction(SHOP, request, FIXED_NOW)).toMatchObject({
      result: { outcome: "duplicate" },
    });
    expect(
      await awardCustomAction(
        SHOP,
        { ...request, idempotencyKey: "k-2" },
        FIXED_NOW,
      ),
    ).toMatchObject({ result: { outcome: "awarded" } });
    expect(
      await awardCustomAction(
        SHOP,
        { ...request, actionKey: "unknown" },
        FIXED_NOW,
      ),
    ).toMatchObject({ result: { outcome: "no_rule" } });
    expect(await balanceOf()).toBe(60);
  });

  it("editing or deleting a rule never changes points already awarded", async () => {
    const id = await addRule({
      type: "custom_action",
      points: 30,
      actionKey: "visit",
    });
    await awardCustomAction(
      SHOP,
      { actionKey: "visit", customerId: "cust-1", idempotencyKey: "a" },
      FIXED_NOW,
    );
    const edited = await saveEarningRule(SHOP, id, {
      type: "custom_action",
      name: "Visit",
      points: 5,
      actionKey: "visit",
    });
    expect(edited.ok).toBe(true);
    await awardCustomAction(
      SHOP,
      { actionKey: "visit", customerId: "cust-1", idempotencyKey: "b" },
      FIXED_NOW,
    );
    await removeEarningRule(SHOP, id);
    expect(
      await awardCustomAction(
        SHOP,
        { actionKey: "visit", customerId: "cust-1", idempotencyKey: "c" },
        FIXED_NOW,
      ),
    ).toMatchObject({
      result: { outcome: "no_rule" },
    });
    const entries = await prisma.ledgerEntry.findMany({
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    expect(entries.map((e) => e.points)).toEqual([30, 5]);
    expect(await balanceOf()).toBe(35);
  });
});

describe("social claims", () => {
  it("awards an honour-based claim once per network and action", async () => {
    const instagram = await addRule({
      type: "social",
      points: 25,
      network: "instagram",
      action: "follow",
      url: "https://instagram.com/shop",
    });
    expect(
      await claimSocialAction(SHOP, "cust-1", instagram, FIXED_NOW),
    ).toMatchObject({ outcome: "awarded", points: 25 });
    expect(
      await claimSocialAction(SHOP, "cust-1", instagram, FIXED_NOW),
    ).toMatchObject({ outcome: "duplicate" });
    expect(
      await claimSocialAction(SHOP, "cust-1", "no-such-rule", FIXED_NOW),
    ).toMatchObject({ outcome: "no_rule" });
    expect(
      await claimSocialAction(SHOP, "stranger", instagram, FIXED_NOW),
    ).toMatchObject({ outcome: "unknown_member" });
    expect(await balanceOf()).toBe(25);
  });
});

describe("content missions", () => {
  it("queues a submission; approval awards, rejection keeps the message and awards nothing; decisions are final", async () => {
    const mission = await addRule({
      type: "content_mission",
      points: 40,
      instructions: "Post a photo",
      submission: "photo_link",
    });
    expect(
      await submitContent(SHOP, "cust-1", mission, "not a link", FIXED_NOW),
    ).toMatchObject({ ok: false, errors: { content: expect.any(String) } });
    const first = await submitContent(
      SHOP,
      "cust-1",
      mission,
      "https://img.example/1.jpg",
      FIXED_NOW,
    );
    if (!first.ok) throw new Error("submission refused");
    expect(
      await submitContent(
        SHOP,
        "cust-1",
        mission,
        "https://img.example/2.jpg",
        FIXED_NOW,
      ),
    ).toMatchObject({ ok: false, reason: "already_pending" });
    expect(await balanceOf()).toBe(0);

    expect(
      await moderateContentSubmission(
        SHOP,
        first.submissionId,
        { decision: "approve" },
        FIXED_NOW,
      ),
    ).toEqual({ ok: true, state: "approved", points: 40 });
    expect(
      await moderateContentSubmission(
        SHOP,
        first.submissionId,
        { decision: "reject" },
        FIXED_NOW,
      ),
    ).toMatchObject({ ok: false, reason: "already_decided" });
    expect(await balanceOf()).toBe(40);

    const second = await submitContent(
      SHOP,
      "cust-1",
      mission,
      "https://img.example/2.jpg",
      FIXED_NOW,
    );
    if (!second.ok) throw new Error("submission refused");
    expect(
      await moderateContentSubmission(
        SHOP,
        second.submissionId,
        { decision: "reject", message: "Blurry" },
        FIXED_NOW,
      ),
    ).toMatchObject({
      ok: true,
      state: "rejected",
    });
    expect(
      await prisma.contentSubmission.findUniqueOrThrow({
        where: { id: second.submissionId },
      }),
    ).toMatchObject({ state: "rejected", message: "Blurry" });
    expect(await balanceOf()).toBe(40);
  });
});

describe("birthdays", () => {
  it("awards once a year on the day in the shop's time zone; set less than 30 days ahead counts from next year", async () => {
    await prisma.shop.update({
      where: { domain: SHOP },
      data: { ianaTimezone: "Europe/Paris" },
    });
    await addRule({ type: "birthday", points: 100 });
    // Set on 23 Nov 2026 for 10 Dec: 17 days ahead, so the first award is in Dec 2027.
    expect(
      await setMemberBirthday(
        SHOP,
        "cust-1",
        { month: 12, day: 10 },
        FIXED_NOW,
      ),
    ).toEqual({
      ok: true,
      birthday: { month: 12, day: 10 },
      nextAwardOn: "2027-12-10",
    });
    expect(
      await awardDueBirthdays(SHOP, at("2026-12-10T08:00:00Z")),
    ).toMatchObject({ awarded: 0 });
    expect(await balanceOf()).toBe(0);
    // 23:30 UTC on 9 Dec 2027 is already 10 Dec in Paris.
    expect(
      await awardDueBirthdays(SHOP, at("2027-12-09T23:30:00Z")),
    ).toMatchObject({ awarded: 1 });
    expect(
      await awardDueBirthdays(SHOP, at("2027-12-10T12:00:00Z")),
    ).toMatchObject({ awarded: 0 });
    expect(await balanceOf()).toBe(100);
    // Changing the birthday after this year's award does not earn twice this year.
    await setMemberBirthday(
      SHOP,
      "cust-1",
      { month: 12, day: 31 },
      at("2027-11-01T10:00:00Z"),
    );
    expect(
      await awardDueBirthdays(SHOP, at("2027-12-31T10:00:00Z")),
    ).toMatchObject({ awarded: 0 });
    expect(
      await awardDueBirthdays(SHOP, at("2028-12-31T10:00:00Z")),
    ).toMatchObject({ awarded: 1 });
    expect(await balanceOf()).toBe(200);
  });

  it("the daily sweep job starts with a birthday rule and queues itself for the shop's next midnight", async () => {
    await prisma.shop.update({
      where: { domain: SHOP },
      data: { ianaTimezone: "Europe/Paris" },
    });
    expect(
      await prisma.outboxJob.count({ where: { kind: "award_birthdays" } }),
    ).toBe(0);
    await addRule({ type: "birthday", points: 100 });
    await setMemberBirthday(SHOP, "cust-1", { month: 1, day: 15 }, FIXED_NOW);
    const first = await prisma.outboxJob.findFirstOrThrow({
      where: { kind: "award_birthdays" },
    });
    await prisma.outboxJob.update({
      where: { id: first.id },
      data: { status: "done", coalesceKey: null },
    });

    await runBirthdaySweepJob(SHOP, at("2027-01-15T09:00:00Z"));
    expect(await balanceOf()).toBe(100);
    const next = await prisma.outboxJob.findFirstOrThrow({
      where: { kind: "award_birthdays", status: "pending" },
    });
    // Midnight of 16 Jan in Paris is 23:00 UTC on the 15th, plus five minutes.
    expect(next.runAfter).toEqual(at("2027-01-15T23:05:00Z"));
  });

  it("customers/redact erases the birthday and submitted content, and the sweep then skips the member", async () => {
    await addRule({ type: "birthday", points: 100 });
    const mission = await addRule({
      type: "content_mission",
      points: 40,
      instructions: "Tell us",
      submission: "text",
    });
    await setMemberBirthday(SHOP, "cust-1", { month: 3, day: 1 }, FIXED_NOW);
    await submitContent(
      SHOP,
      "cust-1",
      mission,
      "My name is Ada and I love mugs",
      FIXED_NOW,
    );
    const { report } = await assembleCustomerData(SHOP, "cust-1");
    expect(report?.member?.birthday).toBe("03-01");
    expect(report?.contentSubmissions).toMatchObject([
      { content: "My name is Ada and I love mugs", state: "pending" },
    ]);
    await redactCustomer(SHOP, "cust-1");
    expect(await prisma.member.findFirstOrThrow()).toMatchObject({
      birthdayMonth: null,
      birthdayDay: null,
      birthdaySetAt: null,
    });
    expect(await prisma.contentSubmission.findFirstOrThrow()).toMatchObject({
      content: "",
    });
    expect(await awardDueBirthdays(SHOP, at("2027-03-01T10:00:00Z"))).toEqual({
      checked: 0,
      awarded: 0,
    });
  });

  it("refuses an impossible date and an unknown member", async () => {
    expect(
      await setMemberBirthday(SHOP, "cust-1", { month: 2, day: 30 }, FIXED_NOW),
    ).toMatchObject({ ok: false, errors: { day: expect.any(String) } });
    expect(
      await setMemberBirthday(SHOP, "nobody", { month: 2, day: 3 }, FIXED_NOW),
    ).toEqual({ ok: false, reason: "unknown_member" });
  });
});
