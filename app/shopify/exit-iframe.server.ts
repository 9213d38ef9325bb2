/**
 * The library's exit-iframe page (`/auth/exit-iframe?exitIframe=…`) opens its destination in the
 * top window, and accepts any https URL: an open redirect under the app's own domain. The only
 * places the app ever sends a merchant out of the iframe are the app itself and the shop's own
 * admin, so only those pass.
 */

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

export function isAllowedExitIframeDestination(
  destination: string | null,
  options: { appUrl: string; shop: string | null },
): boolean {
  if (!destination) return false;
  let target: URL;
  let app: URL;
  try {
    app = new URL(options.appUrl);
    // Relative destinations resolve against the app, as the browser would.
    target = new URL(destination, app);
  } catch {
    return false;
  }
  if (target.username || target.password) return false;
  if (target.origin === app.origin) return true;
  const shop = options.shop?.toLowerCase() ?? "";
  if (!SHOP_DOMAIN.test(shop) || target.protocol !== "https:") return false;
  if (target.host === shop) return target.pathname.startsWith("/admin");
  if (target.host === "admin.shopify.com") {
    const store = shop.replace(/\.myshopify\.com$/, "");
    return (
      target.pathname === `/store/${store}` ||
      target.pathname.startsWith(`/store/${store}/`)
    );
  }
  return false;
}
