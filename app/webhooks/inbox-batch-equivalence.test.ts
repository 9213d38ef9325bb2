import { Prisma } from "@prisma/client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import {
  buildCustomerFacts,
  buildOrderFacts,
  buildOrderLine,
  FIXED_NOW,
} from "~/../test/factories";
import { expectLedgerConsistent } from "~/../test/ledger-invariants";
import { webhookFixture } from "~/../test/webhooks";
import prisma from "~/db.server";
import { listEarningRules } from "~/models/earning-rules.server";
import { optOutMemberEmails } from "~/models/member-email.server";
import { databaseTakesParallelWriters } from "~/models/row-locks.server";
import { database } from "~/models/transaction.server";
import { adjustMemberPoints } from "~/services/adjustments.server";
import { redactCustomer, uninstallShop } from "~/services/compliance.server";
import { saveCampaign, saveEarningRule } from "~/services/earning-rules.server";
import { switchEmail } from "~/services/emails/admin.server";
import { installShop } from "~/services/install.server";
import { enrollCustomer } from "~/services/members.server";
import { awardPointsForOrder } from "~/services/orders.server";
import { switchProgram } from "~/services/program-identity.server";
import { createReward } from "~/services/rewards.server";
import { applyTierSettings } from "~/services/tiers.server";
import {
  acceptVerifiedWebhook,
  drainWebhookInbox,
} from "~/webhooks/inbox.server";

/**
 * Paid orders processed together, set-based (PostgreSQL, ADR 0029), leave exactly the rows the
 * per-order path leaves. Two shops are seeded alike and receive the same webhooks: shop A's are
 * drained by the default drain (batch), shop B's with `batch: false` (each event alone, through
 * its handler). Every row either shop owns is then compared, with the shop's domain and generated
 * ids replaced by names both shops share (a member by its customer, an entry by its key, …).
 *
 * Both drains process one event at a time (`concurrency: 1`: one claim loop, and what is left
 * outside the batch one by one): two orders of one member processed side by side settle in either
 * order, and their entries' balanceAfter and createdAt with them. One at a time, both settle them
 * in arrival order.
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- fixtures are edited freely
type Row = Record<string, unknown>;
type Topic = "orders/paid" | "orders/cancelled" | "refunds/create";
type Event = { topic: Topic; body: Json };
type OrderOptions = {
  customer?: number | null;
  /** EUR in all, for two units of one line. */
  amount?: number;
  test?: boolean;
  code?: string;
  cancelled?: boolean;
};

const NOW = FIXED_NOW;
const SEEDED_AT = new Date(NOW.getTime() - 24 * 60 * 60_000);
const minutesAgo = (minutes: number) =>
  new Date(NOW.getTime() - minutes * 60_000).toISOString();
const ACTOR = { id: "staff-1", name: "Camille Martin" };

const customerId = (n: number) => String(7390000000000 + n);
const orderId = (n: number) => String(5820000000000 + n);
const lineId = (n: number) => String(14200000000000 + n);
const email = (n: number) => `customer-${n}@example.com`;
const money = (amount: number) => ({
  shop_money: { amount: amount.toFixed(2), currency_code: "EUR" },
  presentment_money: { amount: amount.toFixed(2), currency_code: "EUR" },
});

/** Order `n`: two units of one line, on the repository's orders/paid fixture; customer n % 10. */
function order(n: number, options: OrderOptions = {}): Json {
  const base = webhookFixture<Json>("orders-paid");
  const amount = options.amount ?? 21 + ((n * 37) % 180);
  const customer = options.customer === undefined ? n % 10 : options.customer;
  const gid = (type: string, id: string) => `gid://shopify/${type}/${id}`;
  return {
    ...base,
    id: Number(orderId(n)),
    admin_graphql_api_id: gid("Order", orderId(n)),
    name: `#${2000 + n}`,
    email: customer === null ? "guest@example.com" : email(customer),
    customer:
      customer === null
        ? null
        : {
            ...base.customer,
            id: Number(customerId(customer)),
            admin_graphql_api_id: gid("Customer", customerId(customer)),
            email: email(customer),
          },
    test: options.test ?? false,
    discount_codes: options.code
      ? [{ code: options.code, amount: "5.00", type: "fixed_amount" }]
      : [],
    discount_applications: [],
    line_items: [
      {
        ...base.line_items[1],
        id: Number(lineId(n)),
        admin_graphql_api_id: gid("LineItem", lineId(n)),
        price: (amount / 2).toFixed(2),
        price_set: money(amount / 2),
        quantity: 2,
        discount_allocations: [],
        tax_lines: [],
      },
    ],
    subtotal_price_set: money(amount),
    total_tip_received: "0.00",
    financial_status: "paid",
    processed_at: minutesAgo(60),
    updated_at: options.cancelled ? minutesAgo(10) : minutesAgo(60),
    cancelled_at: options.cancelled ? minutesAgo(10) : null,
  };
}

const paid = (n: number, options?: OrderOptions): Event => ({
  topic: "orders/paid",
  body: order(n, options),
});
const cancelled = (n: number, options?: OrderOptions): Event => ({
  topic: "orders/cancelled",
  body: order(n, { ...options, cancelled: true }),
});

/** A refund of one of the two units of order `n` (of `amount` EUR), on the refunds/create fixture. */
function refunded(n: number, amount: number): Event {
  const base = webhookFixture<Json>("refunds-create");
  const [item] = base.refund_line_items;
  const line = {
    id: Number(lineId(n)),
    admin_graphql_api_id: `gid://shopify/LineItem/${lineId(n)}`,
  };
  const body = {
    ...base,
    id: 9120000000000 + n,
    admin_graphql_api_id: `gid://shopify/Refund/${9120000000000 + n}`,
    order_id: Number(orderId(n)),
    created_at: minutesAgo(30),
    refund_line_items: [
      {
        ...item,
        line_item_id: line.id,
        quantity: 1,
        subtotal_set: money(amount / 2),
        total_tax_set: money(0),
        line_item: { ...item.line_item, ...line },
      },
    ],
  };
  return { topic: "refunds/create", body };
}

// --- seeding ------------------------------------------------------------------------------------

async function enroll(shop: string, n: number, balance = 0): Promise<string> {
  const { memberId } = await enrollCustomer(
    shop,
    buildCustomerFacts({ customerId: customerId(n), email: email(n) }),
    SEEDED_AT,
  );
  if (balance > 0) {
    const adjustment = {
      direction: "add" as const,
      points: balance,
      description: "Moved from the old app",
      idempotencyKey: `seed-${n}-balance`,
    };
    await adjustMemberPoints(shop, memberId!, adjustment, {
      actor: ACTOR,
      now: SEEDED_AT,
    });
  }
  return memberId!;
}

/** Order `n` of `customer`, awarded the day before the webhooks (its order record exists). */
async function awardedBefore(
  shop: string,
  n: number,
  customer: number,
  amount: number,
) {
  const facts = buildOrderFacts({
    orderId: orderId(n),
    customerId: customerId(customer),
    email: email(customer),
    paidAt: SEEDED_AT,
    lines: [buildOrderLine({ lineId: lineId(n), unitPrice: amount * 1000 })],
    shipping: 0,
  });
  await awardPointsForOrder(shop, facts, { now: SEEDED_AT });
}

// --- the two drains and the comparison ----------------------------------------------------------

async function store(shop: string, events: Event[]) {
  for (const [i, { topic, body }] of events.entries()) {
    const event = {
      shopDomain: shop,
      topic,
      eventId: `event-${i}`,
      webhookId: `webhook-${i}`,
      apiVersion: "2026-07",
      triggeredAt: null,
      body: JSON.stringify(body),
    };
    const arrival = new Date(NOW.getTime() - 60_000 + i);
    expect(await acceptVerifiedWebhook(event, arrival)).toBe("stored");
  }
}

/** How many webhooks were processed together (0 from a drain that does not say). */
const batchedOf = (totals: object) =>
  "batched" in totals ? Number(totals.batched) : 0;

/**
 * Seeds shop A (the day before), stores its webhooks and drains them with the batch; then the
 * same for shop B without it. Compares every row the two shops own; returns B's.
 */
async function bothWays(
  name: string,
  seed: (shop: string) => Promise<unknown>,
  events: Event[],
  { batched = true } = {},
) {
  const [a, b] = [`${name}-a.myshopify.com`, `${name}-b.myshopify.com`];
  const prepare = async (shop: string) => {
    vi.setSystemTime(SEEDED_AT);
    await seed(shop);
    // The handlers' services read the (frozen) system clock; the drain is given the same time.
    vi.setSystemTime(NOW);
    await store(shop, events);
  };
  const now = () => new Date(NOW);
  await prepare(a);
  const together = await drainWebhookInbox({ now, concurrency: 1 });
  await prepare(b);
  const alone = await drainWebhookInbox({ batch: false, now, concurrency: 1 });

  for (const totals of [together, alone])
    expect(totals).toMatchObject({ retried: 0, failed: 0 });
  expect(batchedOf(alone)).toBe(0);
  // The batch really ran (not both drains one by one).
  if (batched) expect(batchedOf(together)).toBeGreaterThan(0);
  await expectLedgerConsistent(prisma);
  const [rowsA, rowsB] = [await snapshot(a), await snapshot(b)];
  for (const table of Object.keys(rowsB))
    expect(rowsA[table], `${table} rows`).toEqual(rowsB[table]);
  return rowsB;
}

/** Every model with a shop: what a webhook may have written (and what the seed wrote). */
const SHOP_MODELS = Prisma.dmmf.datamodel.models
  .filter((model) => model.fields.some((field) => field.name === "shopDomain"))
  .map((model) => model.name);
/** Generated keys, and who held a claim, say nothing about what was done. */
const IGNORED = new Set(["id", "updatedAt", "claimedBy"]);
type Finder = { findMany(args: { where: Row }): Promise<Row[]> };
const table = (model: string) =>
  (prisma as unknown as Record<string, Finder>)[
    model[0].toLowerCase() + model.slice(1)
  ];

/** The shop's rows by table, sorted, the shop and every generated id replaced by a shared name. */
async function snapshot(shop: string): Promise<Record<string, Row[]>> {
  const tables = {
    Shop: await table("Shop").findMany({ where: { domain: shop } }),
  } as Record<string, Row[]>;
  for (const model of SHOP_MODELS)
    tables[model] = await table(model).findMany({
      where: { shopDomain: shop },
    });

  const labels = new Map<string, string>();
  const name = (model: string, label: (row: Row) => string) => {
    for (const row of tables[model]) labels.set(String(row.id), label(row));
  };
  // Known ids wherever they appear: within keys too, and URL-encoded ones ("%2F<id>").
  const normalise = (text: string) => {
    const named = text.replaceAll(shop, "SHOP");
    if (labels.size === 0) return named;
    const ids = new RegExp([...labels.keys()].join("|"), "g");
    return named.replace(ids, (id) => labels.get(id)!);
  };
  name("Member", (row) => `member:${row.customerId}`);
  name("Tier", (row) => `tier:${row.nameEn}`);
  name("Reward", (row) => `reward:${row.pointsCost}`);
  name("EarningRule", (row) => `rule:${row.type}:${row.position}`);
  name("Campaign", (row) => `campaign:${row.name}`);
  name("OrderRecord", (row) => `order:${row.orderId}`);
  // Last: an entry's key may name a member.
  name(
    "LedgerEntry",
    (row) => `entry:${normalise(String(row.idempotencyKey))}`,
  );

  const result: Record<string, Row[]> = {};
  for (const [model, rows] of Object.entries(tables))
    result[model] = rows
      .map((row) => Object.entries(row).filter(([key]) => !IGNORED.has(key)))
      .map((columns) => normalise(JSON.stringify(Object.fromEntries(columns))))
      .sort()
      .map((json) => JSON.parse(json) as Row);
  return result;
}

const count = (rows: Row[], match: Row) =>
  rows.filter((row) =>
    Object.entries(match).every(([key, value]) => row[key] === value),
  ).length;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
});
afterEach(async () => {
  vi.useRealTimers();
  await expectLedgerConsistent(prisma);
});

// --- the scenarios ------------------------------------------------------------------------------

const DAY = 24 * 60 * 60_000;
const TIERS = {
  basis: "points_earned",
  window: "lifetime",
  tiers: [
    { nameEn: "Silver", threshold: 200, earnMultiplier: 1.5, entryBonus: 20 },
    { nameEn: "Gold", threshold: 600, earnMultiplier: 2, entryBonus: 50 },
  ],
};

// SQLite has no set-based batch: its batches are one transaction of per-order work.
const onPostgres = describe.runIf(databaseTakesParallelWriters);

onPostgres("paid orders processed together", () => {
  it("the program's rate: 40 orders of 10 new customers, several each", async () => {
    const install = (shop: string) => installShop(shop, SEEDED_AT);
    const events = Array.from({ length: 40 }, (_, n) => paid(n));
    const rows = await bothWays("eq-plain", install, events);
    expect(rows.Member).toHaveLength(10);
    expect(count(rows.LedgerEntry, { kind: "order_award" })).toBe(40);
    expect(count(rows.OutboxJob, { kind: "mirror_member" })).toBe(10);
  });

  it("members with balances, a campaign on one rule, a second order rule", async () => {
    const seed = async (shop: string) => {
      await installShop(shop, SEEDED_AT);
      for (let n = 0; n < 8; n += 1) await enroll(shop, n, 100 * n);
      const [standard] = await listEarningRules(prisma, shop);
      const bonus = {
        type: "place_order",
        name: "Per 10",
        earnPoints: 3,
        earnPerAmount: 10,
      };
      expect((await saveEarningRule(shop, null, bonus, SEEDED_AT)).ok).toBe(
        true,
      );
      const at = (days: number) => new Date(NOW.getTime() + days * DAY);
      const campaign = (name: string, multiplier: number, days: number[]) => ({
        name,
        multiplier,
        startsAt: at(days[0]),
        endsAt: at(days[1]),
        appliesTo: { kind: "rules", ruleIds: [standard.rule.id] },
      });
      // Active now on the first rule; ended two days ago.
      for (const input of [
        campaign("Double", 2, [-1, 1]),
        campaign("Over", 3, [-9, -2]),
      ])
        expect((await saveCampaign(shop, null, input, SEEDED_AT)).ok).toBe(
          true,
        );
    };
    const events = Array.from({ length: 24 }, (_, n) => paid(n));
    const rows = await bothWays("eq-campaign", seed, events);
    // Both rules award each order, the campaign doubling the first.
    expect(rows.RuleAward).toHaveLength(48);
  });

  it("tiers with an earn multiplier: upgrades, entry bonuses, tier states", async () => {
    const seed = async (shop: string) => {
      await installShop(shop, SEEDED_AT);
      await applyTierSettings(shop, TIERS, SEEDED_AT);
      const before = { 1: 150, 2: 190, 3: 450, 4: 580, 5: 650 };
      for (const [customer, amount] of Object.entries(before))
        await awardedBefore(
          shop,
          100 + Number(customer),
          Number(customer),
          amount,
        );
    };
    const events = [
      ...[0, 1, 2, 3, 4, 5, 6].map((customer) =>
        paid(customer, { customer, amount: 120 }),
      ),
      ...[0, 2, 3, 6].map((customer) =>
        paid(10 + customer, { customer, amount: 400 }),
      ),
    ];
    const rows = await bothWays("eq-tiers", seed, events);
    expect(count(rows.LedgerEntry, { kind: "tier_bonus" })).toBe(10);
    expect(count(rows.MemberTier, { tierId: "tier:Gold" })).toBe(4);
  });

  it("points-earned and reward-unlocked emails; a member redacted, one unsubscribed", async () => {
    const seed = async (shop: string) => {
      await installShop(shop, SEEDED_AT);
      await switchEmail(shop, "points_earned", true);
      await switchEmail(shop, "reward_unlocked", true);
      for (const cost of [100, 300, 700]) {
        const reward = {
          type: "fixed_amount_off",
          name: { en: `${cost / 100} € off` },
          pointsCost: cost,
          amount: cost * 10,
        };
        expect((await createReward(shop, reward)).outcome).toBe("saved");
      }
      const members = [];
      for (const [n, balance] of [50, 90, 250, 0, 680, 280].entries())
        members.push(await enroll(shop, n, balance));
      await redactCustomer(shop, customerId(1), { now: SEEDED_AT });
      await optOutMemberEmails(database, members[2], SEEDED_AT);
    };
    const events = [
      ...Array.from({ length: 14 }, (_, n) => paid(n, { customer: n % 7 })),
      // A new member's first order crosses two rewards at once.
      paid(14, { customer: 7, amount: 400 }),
    ];
    const rows = await bothWays("eq-emails", seed, events);
    expect(count(rows.MemberEmail, { kind: "points_earned" })).toBe(11);
    expect(count(rows.MemberEmail, { kind: "reward_unlocked" })).toBe(7);
  });

  it("guest, test and discount-code orders, refunds and cancellations, duplicates", async () => {
    const seed = async (shop: string) => {
      await installShop(shop, SEEDED_AT);
      await enroll(shop, 3, 40);
      await awardedBefore(shop, 30, 4, 80);
    };
    const events: Event[] = [
      ...[0, 1, 2, 3, 4, 5].map((n) => paid(n)),
      paid(6, { customer: null }),
      paid(7, { customer: 7, test: true }),
      paid(8, { customer: 8, code: "WELCOME10" }),
      // Refunded before it is paid.
      refunded(9, 60),
      paid(9, { customer: 0, amount: 60 }),
      // Paid, refunded in part, then cancelled.
      paid(10, { customer: 1, amount: 90 }),
      refunded(10, 90),
      cancelled(10, { customer: 1, amount: 90 }),
      // Cancelled before it is paid.
      cancelled(11, { customer: 2, amount: 70 }),
      paid(11, { customer: 2, amount: 70 }),
      // Awarded the day before.
      paid(30, { customer: 4, amount: 80 }),
      // The same order under two event ids.
      paid(12, { customer: 5, amount: 45 }),
      paid(12, { customer: 5, amount: 45 }),
    ];
    const rows = await bothWays("eq-mixed", seed, events);
    const statuses = new Set(rows.OrderRecord.map((row) => row.status));
    expect([...statuses].sort()).toEqual([
      "awarded",
      "skipped_guest",
      "skipped_test",
    ]);
    expect(count(rows.LedgerEntry, { kind: "refund_reversal" })).toBe(2);
    expect(count(rows.LedgerEntry, { kind: "cancellation_reversal" })).toBe(2);
  });

  it("a customer's orders after one the batch leaves, with tiers and reward emails", async () => {
    // Each customer's first order goes one by one (a code, a test order, a refund first), so
    // their later orders must too, after it: the first may lift the tier that prices them.
    const seed = async (shop: string) => {
      await installShop(shop, SEEDED_AT);
      await applyTierSettings(shop, TIERS, SEEDED_AT);
      await switchEmail(shop, "reward_unlocked", true);
      const reward = {
        type: "fixed_amount_off",
        name: { en: "5 € off" },
        pointsCost: 500,
        amount: 5000,
      };
      expect((await createReward(shop, reward)).outcome).toBe("saved");
    };
    const events: Event[] = [
      paid(0, { customer: 0, amount: 400, code: "WELCOME10" }),
      paid(1, { customer: 0, amount: 120 }),
      paid(2, { customer: 1, amount: 400, test: true }),
      paid(3, { customer: 1, amount: 120 }),
      refunded(4, 300),
      paid(4, { customer: 2, amount: 300 }),
      paid(5, { customer: 2, amount: 200 }),
      paid(6, { customer: 3, amount: 250 }),
      paid(7, { customer: 3, amount: 250 }),
      paid(8, { customer: 4, amount: 180 }),
    ];
    const rows = await bothWays("eq-left", seed, events);
    expect(count(rows.LedgerEntry, { kind: "order_award" })).toBe(8);
    expect(count(rows.MemberTier, { tierId: "tier:Silver" })).toBeGreaterThan(
      0,
    );
  });

  it("a customer's order after one the batch leaves, without tiers", async () => {
    const install = (shop: string) => installShop(shop, SEEDED_AT);
    const events = [
      paid(0, { customer: 0, amount: 400, code: "WELCOME10" }),
      paid(1, { customer: 0, amount: 120 }),
      paid(2, { customer: 0, amount: 80 }),
      paid(3, { customer: 1, amount: 60 }),
    ];
    const rows = await bothWays("eq-left-plain", install, events);
    expect(count(rows.LedgerEntry, { kind: "order_award" })).toBe(4);
  });

  it("a shop whose program is switched off, and an uninstalled shop", async () => {
    const events = [0, 1, 2, 3].map((n) => paid(n, { customer: n % 2 }));
    const withMember = async (shop: string) => {
      await installShop(shop, SEEDED_AT);
      await enroll(shop, 0, 30);
    };
    // Whether the batch takes them is its choice: only the rows they leave are compared.
    const off = await bothWays(
      "eq-off",
      async (shop) => {
        await withMember(shop);
        await switchProgram(shop, false, ACTOR, SEEDED_AT);
      },
      events,
      { batched: false },
    );
    expect(count(off.OrderRecord, { status: "skipped_inactive" })).toBe(4);
    const gone = await bothWays(
      "eq-gone",
      async (shop) => {
        await withMember(shop);
        await uninstallShop(shop);
      },
      events,
      { batched: false },
    );
    expect(gone.OrderRecord).toEqual([]);
    expect(count(gone.WebhookDelivery, { outcome: "rejected" })).toBe(4);
  });
});
