/**
 * The fetch every request to Shopify goes through (Admin GraphQL, token exchange).
 *
 * With SHOPIFY_EMULATOR_URL set (development and tests only), `https://{shop}/{path}`
 * becomes `{SHOPIFY_EMULATOR_URL}/{shop}/{path}` with the same method, query, headers
 * and body. Unset in production, where requests go to Shopify unchanged.
 */
export type FetchLike = (
  input: string | URL | Request,
  init?: RequestInit,
) => Promise<Response>;

export function rewriteForEmulator(url: string, emulatorUrl: string): string {
  const target = new URL(url);
  if (
    target.protocol !== "https:" ||
    !target.hostname.endsWith(".myshopify.com")
  )
    return url;
  const base = emulatorUrl.replace(/\/+$/, "");
  return `${base}/${target.host}${target.pathname}${target.search}`;
}

export function createShopifyFetch(
  emulatorUrl: string | undefined,
  baseFetch: FetchLike = fetch,
): FetchLike {
  if (!emulatorUrl) return baseFetch;
  return (input, init) => {
    if (input instanceof Request) {
      return baseFetch(
        new Request(rewriteForEmulator(input.url, emulatorUrl), input),
        init,
      );
    }
    return baseFetch(rewriteForEmulator(String(input), emulatorUrl), init);
  };
}
