// The `shopify` global each module sees (what `shopify app generate extension` writes).
import "@shopify/ui-extensions";
import type { Api as RewardsPageApi } from "@shopify/ui-extensions/customer-account.page.render";

declare module "./src/RewardsPage.tsx" {
  const shopify: RewardsPageApi;
  const globalThis: { shopify: typeof shopify };
}
