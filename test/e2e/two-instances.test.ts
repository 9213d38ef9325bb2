import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createPrismaClient } from "~/db.server";
import { createCustomer } from "../../emulator/store/customers";
import {
  listDeliveries,
  setRetryPolicy,
  type WebhookDelivery,
} from "../../emulator/store/deliver";
import { placeOrder } from "../../emulator/store/orders";
import { storeShop } from "../../emulator/store/shop";
import { postgresServerMissing } from "../database";
import { expectLedgerConsistent } from "../ledger-invariants";
import { eventually } from "./harness";
import { postgresDatabase, startFleet, type Fleet } from "./two-instances";

const SHOP = "fleet.myshopify.com";
const ORDERS = 1000;
const COPIES = 5;
const CUSTOMERS = 40;
const BATCH = 50;
/** Races: shoppers whose balance affords one reward, each sending RACERS requests at once. */
const RACES = 10;
const RACERS = 5;
/** Waiting for settlement: a limit against a hang, not a performance assertion. */
const SETTLE_MS = 8 * 60_000;

const REWARD_CONFIG = {
  type: "fixed_amount_off",
  amount: 500,
  name: { en: "5 € off" },
  description: {},
  image: {},
  appliesTo: { kind: "all" },
  minimumSubtotal: null,
  combinesWith: {
    orderDiscounts: false,
    productDiscounts: false,
    shippingDiscounts: false,
  },
  codeValidityDays: 30,
  refundPointsOnExpiry: false,
  limitPerCustomer: null,
  stock: null,
  active: true,
  visibleToTiers: null,
  tierCosts: [],
};

// Two app processes on one PostgreSQL database, the emulator in front of both through a
// round-robin balancer: 1,000 paid orders each delivered 5 times (retries of one event, and
// distinct events) spread over both, 50 redemptions racing across both (each shopper's balance
// affords one reward), and one instance killed with SIGKILL mid-storm, then started again.
// Exactly one award per order, one success per race, no code at Shopify that no redemption owns,
// and every balance the sum of its ledger.
describe.skipIf(postgresServerMissing())(
  "two app instances on one PostgreSQL, one killed mid-storm",
  () => {
    let database: Awaited<ReturnType<typeof postgresDatabase>> | undefined;
    let fleet: Fleet | undefined;
    let db: ReturnType<typeof createPrismaClient> | undefined;

    beforeAll(async () => {
      database = await postgresDatabase();
      db = createPrismaClient(database.url);
      fleet = await startFleet({
        databaseUrl: database.url,
        names: ["first", "second"],
      });
    }, 240_000);

    // Whatever failed: the instances' process groups, the balancer, the emulator and the cluster go.
    afterAll(async () => {
      await db?.$disconnect().catch(() => undefined);
      await fleet?.stop();
      await database?.stop();
    }, 60_000);

    it(
      "awards every order once, lets one redemption per race through, mints no orphan code",
      async () => {
        const { emulator, instances } = fleet!;
        const [first, second] = instances;
        const prisma = db!;
        const ctx = emulator.ctx;
        // Deliveries lost with the killed instance are retried (Shopify retries for hours).
        setRetryPolicy(ctx, { attempts: 10 });
        storeShop(ctx, SHOP, { currencyCode: "EUR" });
        await fleet!.installShop(SHOP);

        const variants = [...ctx.state.shops.get(SHOP)!.products.values()]
          .filter((p) => !p.giftCard)
          .flatMap((p) => p.variants);
        const customerIds = await Promise.all(
          Array.from({ length: CUSTOMERS }, async (_, i) => {
            const { customer } = await createCustomer(ctx, {
              shop: SHOP,
              email: `fleet-${i}@example.com`,
              firstName: `Client ${i}`,
            });
            return customer.id;
          }),
        );

        // The racers: the same order each, so the same balance, then a reward that costs more than
        // half of it. Their orders are not part of the storm.
        const racers = await Promise.all(
          Array.from({ length: RACES }, async (_, i) => {
            const { customer } = await createCustomer(ctx, {
              shop: SHOP,
              email: `racer-${i}@example.com`,
              firstName: `Racer ${i}`,
            });
            await placeOrder(ctx, {
              shop: SHOP,
              customerId: customer.id,
              lines: [{ variantId: variants[0].id, quantity: 10 }],
            });
            return customer.id;
          }),
        );
        const racerBalances = await eventually(async () => {
          const members = await prisma.member.findMany({
            where: {
              shopDomain: SHOP,
              customerId: { in: racers.map(String) },
            },
          });
          expect(members).toHaveLength(RACES);
          for (const member of members)
            expect(member.balance).toBeGreaterThan(1);
          return members.map((m) => m.balance);
        }, SETTLE_MS);
        expect(new Set(racerBalances).size).toBe(1);
        const pointsCost = Math.floor(racerBalances[0] / 2) + 1;
        const reward = await prisma.reward.create({
          data: {
            shopDomain: SHOP,
            type: "fixed_amount_off",
            name: JSON.stringify({ en: "5 € off" }),
            pointsCost,
            config: JSON.stringify({ ...REWARD_CONFIG, pointsCost }),
          },
        });

        const sendOrders = async (from: number, to: number) => {
          for (let start = from; start < to; start += BATCH) {
            await Promise.all(
              Array.from(
                { length: Math.min(BATCH, to - start) },
                (_, offset) => {
                  const i = start + offset;
                  return placeOrder(
                    ctx,
                    {
                      shop: SHOP,
                      customerId: customerIds[i % CUSTOMERS],
                      lines: [
                        {
                          variantId: variants[i % variants.length].id,
                          quantity: 1 + (i % 3),
                        },
                      ],
                    },
                    {
                      duplicates: COPIES - 1,
                      // Half as retries of one event (stored once at the door), half as five
                      // distinct events, which both instances may process at the same moment.
                      sameEventId: i % 2 === 0,
                      concurrent: true,
                      reorder: "random",
                      seed: i,
                    },
                  );
                },
              ),
            );
          }
        };

        // Each race's requests alternate between the instances and start together.
        const race = (customerId: number, index: number) =>
          Promise.all(
            Array.from({ length: RACERS }, async (_, n) => {
              const instance = instances[(index + n) % instances.length];
              const response = await fleet!.proxyFetch(
                instance,
                SHOP,
                customerId,
                "/api/redemptions",
                {
                  method: "POST",
                  body: JSON.stringify({
                    rewardId: reward.id,
                    idempotencyKey: `race-${index}-${n}-key`,
                  }),
                },
              );
              const body = (await response.json()) as {
                redemption?: { id: string; code: string };
              };
              return { status: response.status, redemption: body.redemption };
            }),
          );

        // The storm's first part with the races running through it.
        const [, answers] = await Promise.all([
          sendOrders(0, 400),
          Promise.all(racers.map((id, index) => race(id, index))),
        ]);

        // The second part; once its deliveries are on the wire, SIGKILL the second instance.
        const ordersPaidOf = (deliveries: WebhookDelivery[]) =>
          deliveries.filter((d) => d.topic === "orders/paid");
        const sentBefore = ordersPaidOf(listDeliveries(ctx)).length;
        const middle = sendOrders(400, 700);
        await eventually(() => {
          expect(
            ordersPaidOf(listDeliveries(ctx)).length - sentBefore,
          ).toBeGreaterThan(BATCH * COPIES);
        }, SETTLE_MS);
        const answeredBeforeKill = fleet!.balancer.answered.get(second.name)!;
        await fleet!.kill(second);
        expect(second.process.child.signalCode).toBe("SIGKILL");
        await middle;
        await fleet!.restart(second);
        await sendOrders(700, ORDERS);

        // Every delivery was answered 200 in the end (the killed instance's were retried).
        const deliveries = await eventually(() => {
          const all = ordersPaidOf(listDeliveries(ctx));
          expect(
            all.filter(
              (d) => d.status !== "delivered" && d.status !== "failed",
            ),
          ).toEqual([]);
          return all;
        }, SETTLE_MS);
        // The storm's and the racers' own orders (delivered once each).
        expect(deliveries).toHaveLength(ORDERS * COPIES + RACES);
        expect(
          deliveries.filter(
            (d) =>
              d.status !== "delivered" || d.attempts.at(-1)?.status !== 200,
          ),
        ).toEqual([]);
        // Both instances took webhooks, before the kill and after the restart.
        expect(answeredBeforeKill).toBeGreaterThan(0);
        expect(fleet!.balancer.answered.get(first.name)).toBeGreaterThan(0);

        // Acknowledged means stored: wait until the inbox has nothing left to process.
        await eventually(async () => {
          const left = await prisma.webhookInbox.groupBy({
            by: ["status"],
            where: { shopDomain: SHOP, status: { not: "processed" } },
            _count: true,
          });
          expect(left).toEqual([]);
        }, SETTLE_MS);
        const events = new Set(deliveries.map((d) => d.eventId));
        expect(
          await prisma.webhookInbox.count({
            where: { shopDomain: SHOP, topic: "orders/paid" },
          }),
        ).toBe(events.size);

        const awards = await prisma.ledgerEntry.findMany({
          where: { shopDomain: SHOP, kind: "order_award" },
          select: { sourceId: true },
        });
        expect(awards).toHaveLength(ORDERS + RACES);
        expect(new Set(awards.map((a) => a.sourceId)).size).toBe(
          ORDERS + RACES,
        );

        // One success per race, the others refused for want of points.
        const winners = answers.map((attempts) => {
          expect(attempts.map((a) => a.status).sort()).toEqual([
            201,
            ...Array<number>(RACERS - 1).fill(409),
          ]);
          return attempts.find((a) => a.status === 201)!.redemption!;
        });
        const redemptions = await prisma.redemption.findMany({
          where: { shopDomain: SHOP },
          include: { member: { select: { customerId: true } } },
        });
        expect(redemptions.map((r) => r.member.customerId).sort()).toEqual(
          racers.map(String).sort(),
        );
        expect(redemptions.map((r) => r.id).sort()).toEqual(
          winners.map((w) => w.id).sort(),
        );

        // Each winner's code minted once at Shopify, and no code there that no redemption owns.
        await eventually(async () => {
          const states = await prisma.redemption.findMany({
            where: { shopDomain: SHOP },
            select: { state: true },
          });
          expect(states.map((s) => s.state)).toEqual(
            Array<string>(RACES).fill("confirmed"),
          );
        }, SETTLE_MS);
        const minted = [
          ...ctx.state.shops.get(SHOP)!.discounts.values(),
        ].flatMap((discount) => discount.codes.map((c) => c.code));
        expect(minted.sort()).toEqual(winners.map((w) => w.code).sort());

        await expectLedgerConsistent(prisma);
      },
      15 * 60_000,
    );
  },
);
