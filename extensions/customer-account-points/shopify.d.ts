// The `shopify` global each module sees (what `shopify app generate extension` writes).
import "@shopify/ui-extensions";
import type { Api as OrderStatusBlockApi } from "@shopify/ui-extensions/customer-account.order-status.block.render";
import type { Api as ProfileBlockApi } from "@shopify/ui-extensions/customer-account.profile.block.render";

declare module "./src/OrderStatusBlock.tsx" {
  const shopify: OrderStatusBlockApi;
  const globalThis: { shopify: typeof shopify };
}

declare module "./src/ProfileBlock.tsx" {
  const shopify: ProfileBlockApi;
  const globalThis: { shopify: typeof shopify };
}
