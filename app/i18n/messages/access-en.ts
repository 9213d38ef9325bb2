/**
 * Pages outside the embedded admin (logging in) and the field errors added by the hardening of
 * issue 7, in English. Spread into en.ts; access-fr.ts has exactly these keys.
 */
export const accessEn = {
  "login.title": "Open the loyalty program",
  "login.intro":
    "This app runs inside your Shopify admin. Enter your store’s domain to open it there.",
  "login.shopLabel": "Store domain",
  "login.shopHelp": "For example: my-store.myshopify.com",
  "login.submit": "Open in Shopify",
  "login.error.MISSING_SHOP": "Enter your store’s domain.",
  "login.error.INVALID_SHOP":
    "This is not a store domain. Use the one ending in .myshopify.com.",
  "settings.retroactive.retrying":
    "Shopify asked the app to slow down: it will try again in a few minutes, from where it stopped.",
  "settings.retroactive.failedHelp":
    "Shopify kept refusing. Run it again: orders that already earned points are never counted twice.",
  "earn.moderation.messageTooLong":
    "The message to the customer can be at most 500 characters. Nothing was decided.",
};
