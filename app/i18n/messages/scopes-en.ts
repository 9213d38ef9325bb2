/**
 * Optional access scopes in the admin (app/shopify/access-scopes.ts): what each unlocks and how to
 * get it. Spread into en.ts; scopes-fr.ts has exactly these keys.
 */
export const scopesEn = {
  "scopes.granted": "Permission granted.",
  "scopes.declined": "The permission was not granted.",
  "scopes.giftCards.title": "Gift cards need a permission from Shopify",
  "scopes.giftCards.body":
    "To offer gift cards as rewards, the app needs the “write gift cards” permission (write_gift_cards). Shopify grants it on request to stores that can issue gift cards. Until then, gift card rewards are not offered.",
  "scopes.giftCards.request": "Request the permission",
  "scopes.giftCards.existing":
    "This gift card reward cannot be issued: the app does not have the “write gift cards” permission. Shoppers who redeem it get their points back.",
  "scopes.allOrders.window":
    "Shopify shows the app only the orders of the last {days} days. To reach up to {max} days back, the app needs the “read all orders” permission (read_all_orders), which Shopify approves for the app before a store can grant it.",
  "scopes.allOrders.full":
    "The app can read all orders: up to {max} days back.",
  "scopes.allOrders.request": "Request access to all orders",
} as const;
