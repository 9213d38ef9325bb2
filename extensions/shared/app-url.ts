/**
 * Where the extensions reach the app: shopify.app.toml's `application_url` (a test keeps them
 * equal). `shopify app deploy` ships this value; set both when the app moves. The emulator's
 * storefront builds the extensions with its own app URL in place of this module.
 */
export const APP_URL = "https://localhost:3000";
