/**
 * The access scopes the app can do without (`optional_scopes` in shopify.app.toml) and what each
 * one unlocks. Shopify refuses an operation whose scope is not granted (ACCESS_DENIED), so the admin
 * offers a feature only once its scope is granted and says how to get it. Pure: the granted scopes
 * come from the caller (the offline session's `scope`, kept current by app/routes/app.scopes.tsx).
 * https://shopify.dev/docs/apps/build/authentication-authorization/app-installation/manage-access-scopes
 */

/** giftCardCreate / giftCardDeactivate: Shopify grants it on request only. */
export const GIFT_CARDS_SCOPE = "write_gift_cards";
/** Orders older than 60 days (approved in the Partner Dashboard before it can be requested). */
export const ALL_ORDERS_SCOPE = "read_all_orders";
export const OPTIONAL_SCOPES = [GIFT_CARDS_SCOPE, ALL_ORDERS_SCOPE] as const;
export type OptionalScope = (typeof OPTIONAL_SCOPES)[number];

/** Without read_all_orders Shopify shows an app only the orders of the last 60 days. */
export const ORDER_WINDOW_DAYS = 60;
/** The longest look-back for retroactive points, whatever the scopes. */
export const MAX_RETROACTIVE_DAYS = 365;

/** "read_orders,write_discounts" (a session's or token answer's `scope`) → ["read_orders", "write_discounts"]. */
export function scopeList(scope: string | null | undefined): string[] {
  return (scope ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
}

/** `write_x` implies `read_x`, as at Shopify. */
export function hasAccessScope(
  granted: readonly string[],
  needed: string,
): boolean {
  if (granted.includes(needed)) return true;
  return (
    needed.startsWith("read_") &&
    granted.includes(`write_${needed.slice("read_".length)}`)
  );
}

export function canIssueGiftCards(granted: readonly string[]): boolean {
  return hasAccessScope(granted, GIFT_CARDS_SCOPE);
}

/** How far back retroactive points can reach with these scopes. */
export function retroactiveDaysLimit(granted: readonly string[]): number {
  return hasAccessScope(granted, ALL_ORDERS_SCOPE)
    ? MAX_RETROACTIVE_DAYS
    : ORDER_WINDOW_DAYS;
}
