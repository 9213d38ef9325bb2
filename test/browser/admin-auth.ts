import type { PrismaClient } from "@prisma/client";
import { getJwt } from "@shopify/shopify-api/test-helpers";

/**
 * Requests that pass the real `authenticate.admin`: an offline session stored for the shop (so no
 * token exchange reaches the network) and a session token signed with the app secret, as App
 * Bridge would send it. The values match vitest.config.ts.
 */
export const TEST_API_KEY = "test-api-key";
export const TEST_API_SECRET = "test-api-secret";

// authenticate.admin answers 410 to bots, and isbot counts HeadlessChrome, curl and undici as bots.
export const BROWSER_USER_AGENT =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";

/** Stores the shop's offline session, as token exchange does on install. */
export async function storeOfflineSession(
  db: PrismaClient,
  shop: string,
): Promise<void> {
  const id = `offline_${shop}`;
  const session = {
    shop,
    state: "",
    isOnline: false,
    scope:
      process.env.SCOPES ??
      "read_customers,write_customers,read_orders,write_discounts,read_products,read_locales",
    accessToken: `shpat_test_${shop}`,
  };
  await db.session.upsert({
    where: { id },
    create: { id, ...session },
    update: session,
  });
}

/** A session token (JWT, HS256) for the shop, valid for an hour. */
export async function sessionToken(shop: string): Promise<string> {
  // getJwt takes the store name and appends .myshopify.com itself.
  const { token } = await getJwt(
    shop.replace(/\.myshopify\.com$/, ""),
    TEST_API_KEY,
    TEST_API_SECRET,
  );
  return token;
}

/** A loader request as the embedded admin sends it after load: session token in the Authorization header. */
export async function adminRequest(
  url: string,
  shop: string,
  headers: Record<string, string> = {},
): Promise<Request> {
  return new Request(url, {
    headers: {
      Authorization: `Bearer ${await sessionToken(shop)}`,
      "User-Agent": BROWSER_USER_AGENT,
      ...headers,
    },
  });
}

/**
 * The URL Shopify loads the app at inside the admin (a document request): shop, host, embedded=1,
 * the session token as `id_token`, and the admin user's locale.
 */
export async function embeddedAppUrl(
  appUrl: string,
  path: string,
  shop: string,
  locale: string,
): Promise<string> {
  const url = new URL(path, appUrl);
  url.searchParams.set("embedded", "1");
  url.searchParams.set("shop", shop);
  url.searchParams.set(
    "host",
    Buffer.from(
      `admin.shopify.com/store/${shop.replace(".myshopify.com", "")}`,
    ).toString("base64"),
  );
  url.searchParams.set("id_token", await sessionToken(shop));
  url.searchParams.set("locale", locale);
  return url.toString();
}
