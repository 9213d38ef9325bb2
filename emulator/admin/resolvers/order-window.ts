import type { EmuOrder } from "../../state";
import { hasScope } from "../access-scopes";
import type { AdminRequestContext } from "./support";

/** Shopify's default window: https://shopify.dev/docs/api/usage/access-scopes#orders-permissions */
export const ORDER_WINDOW_DAYS = 60;
const DAY_MS = 86_400_000;

/**
 * Without `read_all_orders` an app sees only the orders created in the last 60 days (by the
 * emulator's clock); older ones are not an error, they are simply absent from every query.
 */
export function isOrderVisible(
  rc: Pick<AdminRequestContext, "grantedScopes" | "now">,
  order: Pick<EmuOrder, "createdAt">,
): boolean {
  if (hasScope(rc.grantedScopes, "read_all_orders")) return true;
  return (
    Date.parse(order.createdAt) >= rc.now.getTime() - ORDER_WINDOW_DAYS * DAY_MS
  );
}

export function visibleOrders(rc: AdminRequestContext): EmuOrder[] {
  return [...rc.shop.orders.values()].filter((order) =>
    isOrderVisible(rc, order),
  );
}
