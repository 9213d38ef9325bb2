import { enqueueOutboxJob } from "~/models/outbox.server";
import { findInstalledShop, findShop } from "~/models/shop.server";
import { inTransaction, database } from "~/models/transaction.server";
import {
  closeWebhookAttention,
  countOpenWebhookAttention,
  findWebhookAttention,
  listOpenWebhookAttention,
  noteWebhookAttentionFailure,
  recordWebhookAttention,
} from "~/models/webhook-attention.server";
import { settleOrderFromAdmin } from "~/services/reconciliation.server";
import { toGid } from "~/shopify/admin-operation";
import {
  type AdminRequestOptions,
  runOperation,
} from "~/shopify/admin-client.server";
import { OrderForSettlement } from "~/shopify/graphql/OrderForSettlement";
import { isCompleteOrder } from "~/shopify/order-facts.server";

/**
 * A verified webhook the app cannot read (a field missing, a type changed in a new API version) is
 * not dropped: Shopify's data is authoritative, so the order it was about is read again from the
 * Admin API and settled exactly as reconciliation would (`reread_order` job, by the worker, never
 * inside a request or a transaction). Whatever still cannot be processed stays open on the admin
 * home's "Needs attention" card, where the merchant can retry it or dismiss it.
 */

export interface UnreadableWebhook {
  topic: string;
  eventId: string;
  webhookId: string;
  /** The order the body still names (numeric id), or null. */
  orderId: string | null;
  /** Which fields failed (never their values). */
  problem: string;
}

export type HoldOutcome = "reread_queued" | "listed" | "already_listed";

export async function holdUnreadableWebhook(
  shop: string,
  webhook: UnreadableWebhook,
  now: Date,
): Promise<HoldOutcome> {
  return inTransaction(async (tx) => {
    if (!(await findShop(tx, shop))) return "already_listed";
    const item = await recordWebhookAttention(
      tx,
      { shopDomain: shop, ...webhook },
      now,
    );
    if (!item) return "already_listed";
    if (!item.orderId) return "listed";
    await queueReread(tx, shop, item.id, now);
    return "reread_queued";
  });
}

/**
 * The first read is queued once per item; a retry runs now even while the worker's own retry of an
 * earlier attempt waits its backoff (whichever runs second finds the item resolved).
 */
function queueReread(
  tx: Parameters<typeof enqueueOutboxJob>[0],
  shop: string,
  attentionId: string,
  now: Date,
  retry = false,
) {
  return enqueueOutboxJob(
    tx,
    {
      shopDomain: shop,
      kind: "reread_order",
      payload: { attentionId },
      coalesceKey: retry ? undefined : `reread_order:${attentionId}`,
      runAfter: now,
    },
    now,
  );
}

export type RereadOutcome =
  | "settled"
  | "not_open"
  | "not_installed"
  | "order_not_found"
  | "order_too_large";

function describe(error: unknown): string {
  return error instanceof Error
    ? `${error.name}: ${error.message}`.slice(0, 300)
    : String(error).slice(0, 300);
}

/**
 * The `reread_order` job: reads the order from the Admin API and settles it. An outage or a
 * throttle is thrown for the worker to retry (and noted on the item); an order Shopify no longer
 * has, or too large for one read, stays open with the reason.
 */
export async function rereadOrderForAttention(
  shop: string,
  attentionId: string,
  options: { now: Date; request?: AdminRequestOptions },
): Promise<RereadOutcome> {
  const { now } = options;
  const item = await findWebhookAttention(database, shop, attentionId);
  if (!item || item.status !== "open" || !item.orderId) return "not_open";
  if (!(await findInstalledShop(database, shop))) return "not_installed";
  let order;
  try {
    ({ order } = await runOperation(
      shop,
      OrderForSettlement,
      { id: toGid("Order", item.orderId) },
      options.request,
    ));
  } catch (error) {
    await noteWebhookAttentionFailure(database, item.id, describe(error), now);
    throw error;
  }
  if (!order) {
    await noteWebhookAttentionFailure(
      database,
      item.id,
      "order_not_found: Shopify has no order with this id",
      now,
    );
    return "order_not_found";
  }
  if (!isCompleteOrder(order)) {
    await noteWebhookAttentionFailure(
      database,
      item.id,
      "order_too_large: more than 25 lines or 5 refunds",
      now,
    );
    return "order_too_large";
  }
  try {
    await settleOrderFromAdmin(shop, order);
  } catch (error) {
    await noteWebhookAttentionFailure(database, item.id, describe(error), now);
    throw error;
  }
  await closeWebhookAttention(database, item.id, "resolved", now);
  return "settled";
}

export interface AttentionItemView {
  id: string;
  topic: string;
  orderId: string | null;
  problem: string;
  lastError: string | null;
  attempts: number;
  receivedAt: string;
  retryable: boolean;
}

/** The admin home's "Needs attention" card: open items, oldest first, and how many in all. */
export async function listWebhookAttention(
  shop: string,
  limit = 10,
): Promise<{ items: AttentionItemView[]; total: number }> {
  const [rows, total] = await Promise.all([
    listOpenWebhookAttention(database, shop, limit),
    countOpenWebhookAttention(database, shop),
  ]);
  return {
    total,
    items: rows.map((row) => ({
      id: row.id,
      topic: row.topic,
      orderId: row.orderId,
      problem: row.problem,
      lastError: row.lastError,
      attempts: row.attempts,
      receivedAt: row.createdAt.toISOString(),
      retryable: row.orderId !== null,
    })),
  };
}

export type AttentionActionOutcome = "queued" | "dismissed" | "not_found";

/** The merchant's retry: the order is read again from Shopify by the worker, at once. */
export async function retryWebhookAttention(
  shop: string,
  attentionId: string,
  now: Date,
): Promise<AttentionActionOutcome> {
  return inTransaction(async (tx) => {
    const item = await findWebhookAttention(tx, shop, attentionId);
    if (!item || item.status !== "open" || !item.orderId) return "not_found";
    await queueReread(tx, shop, item.id, now, true);
    return "queued";
  });
}

/** The merchant settled it another way (a manual adjustment): off the card. */
export async function dismissWebhookAttention(
  shop: string,
  attentionId: string,
  now: Date,
): Promise<AttentionActionOutcome> {
  const item = await findWebhookAttention(database, shop, attentionId);
  if (!item || item.status !== "open") return "not_found";
  await closeWebhookAttention(database, item.id, "dismissed", now);
  return "dismissed";
}
