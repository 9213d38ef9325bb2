import { Prisma } from "@prisma/client";

import { type Tx } from "~/db.server";
import { newId } from "~/models/ids.server";
import { sqlRows } from "~/models/sql.server";

/** The shop's redemption whose code is one of `codes` (any case, as at Shopify's checkout). */
export async function findRedemptionByCodes(
  tx: Tx,
  shopDomain: string,
  codes: readonly string[],
): Promise<{ id: string; code: string } | null> {
  if (codes.length === 0) return null;
  const wanted = [...new Set(codes.map((code) => code.toUpperCase()))];
  const rows = await sqlRows<{ id: string; code: string }>(
    tx,
    Prisma.sql`
    SELECT "id", "code" FROM "Redemption"
    WHERE "shopDomain" = ${shopDomain} AND "code" IS NOT NULL
      AND UPPER("code") IN (${Prisma.join(wanted)})
    ORDER BY "createdAt", "id" LIMIT 1`,
  );
  return rows[0] ?? null;
}

/** Records an order that used a loyalty code once; a second delivery changes nothing. */
export async function recordLoyaltyCodeOrder(
  tx: Tx,
  order: {
    shopDomain: string;
    orderId: string;
    orderName: string | null;
    redemptionId: string;
    code: string;
    subtotalMillis: number;
    currencyCode: string;
    paidAt: Date;
  },
): Promise<"recorded" | "duplicate"> {
  const existing = await tx.loyaltyCodeOrder.findUnique({
    where: {
      shopOrder: { shopDomain: order.shopDomain, orderId: order.orderId },
    },
    select: { id: true },
  });
  if (existing) return "duplicate";
  await tx.loyaltyCodeOrder.create({
    data: { id: newId(order.paidAt.getTime()), ...order },
  });
  return "recorded";
}
