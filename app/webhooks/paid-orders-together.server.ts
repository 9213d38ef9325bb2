import { type OrderFacts } from "~/loyalty/types";
import {
  findDeliveredEvents,
  recordProcessedDeliveries,
} from "~/models/webhook-delivery.server";
import {
  markWebhooksProcessed,
  type ClaimedWebhook,
} from "~/models/webhook-inbox.server";
import { inTransaction } from "~/models/transaction.server";
import { awardPaidOrdersTogether } from "~/services/order-batch.server";
import { ordersPaid } from "~/webhooks/handlers/orders-paid.server";
import { toOrderFacts } from "~/webhooks/payloads.server";

/**
 * Claimed `orders/paid` webhooks processed together on PostgreSQL, one transaction per shop
 * (docs/decisions/0029-direct-sql-on-the-hot-path.md, "Paid orders in batches"): the delivery
 * check, the awards (app/services/order-batch.server.ts), the delivery records and the inbox rows
 * marked processed commit together, so a crash leaves the whole batch to be claimed again.
 *
 * Returns the inbox rows it processed. Everything else, including every event of a batch whose
 * transaction failed, is the caller's to process one by one through its handler, as before: what
 * the batch leaves (an unreadable body, a duplicate, an order it does not decide) gets the same
 * answer there as it always did.
 */
export async function processPaidOrdersTogether(
  claimed: readonly ClaimedWebhook[],
  now: Date,
): Promise<Set<string>> {
  const byShop = new Map<
    string,
    { claimed: ClaimedWebhook; order: OrderFacts }[]
  >();
  for (const row of claimed) {
    if (row.event.topic !== ordersPaid.topic) continue;
    const order = readableOrder(row.event.body);
    if (!order) continue;
    const shop = byShop.get(row.event.shopDomain) ?? [];
    shop.push({ claimed: row, order });
    byShop.set(row.event.shopDomain, shop);
  }
  const processed = new Set<string>();
  for (const [shopDomain, events] of byShop) {
    try {
      const settled = await inTransaction(async (tx) => {
        const key = { shopDomain, topic: ordersPaid.topic };
        const { shopStatus, delivered } = await findDeliveredEvents(tx, {
          ...key,
          eventIds: events.map((e) => e.claimed.event.eventId),
        });
        if (shopStatus !== "installed") return [];
        const { settled } = await awardPaidOrdersTogether(
          tx,
          shopDomain,
          events
            .filter((e) => !delivered.has(e.claimed.event.eventId))
            .map((e) => ({ key: e.claimed, order: e.order })),
          now,
        );
        await recordProcessedDeliveries(
          tx,
          key,
          settled.map(({ event }) => event),
          now,
        );
        await markWebhooksProcessed(
          tx,
          settled.map((row) => row.id),
          now,
        );
        return settled;
      });
      for (const row of settled) processed.add(row.id);
    } catch (error) {
      // Nothing of it stayed: each of its webhooks is processed alone, where a failure is its own.
      console.warn(
        `webhook inbox: a batch of ${events.length} paid orders of ${shopDomain} failed, each alone`,
        error,
      );
    }
  }
  return processed;
}

/** The order a body holds as orders/paid reads it, or null for one its handler would reject. */
function readableOrder(body: string): OrderFacts | null {
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch {
    return null;
  }
  const parsed = ordersPaid.schema.safeParse(payload);
  return parsed.success ? toOrderFacts(parsed.data, "orders/paid") : null;
}
