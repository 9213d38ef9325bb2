// The `shopify` global each module sees (what `shopify app generate extension` writes).
import "@shopify/ui-extensions";
import type { Api as ThankYouBlockApi } from "@shopify/ui-extensions/purchase.thank-you.block.render";

declare module "./src/ThankYouBlock.tsx" {
  const shopify: ThankYouBlockApi;
  const globalThis: { shopify: typeof shopify };
}
