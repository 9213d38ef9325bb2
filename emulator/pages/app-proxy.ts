import { createHmac } from "node:crypto";

import type { EmulatorContext } from "../context";
import { type AppProxyConfig, readAppToml } from "../store/app-toml";

/**
 * Shopify's app proxy: a storefront request to /{prefix}/{subpath}/* is forwarded to the app's
 * proxy URL with `shop`, `logged_in_customer_id`, `path_prefix`, `timestamp` and a `signature`
 * added to the query. https://shopify.dev/docs/apps/build/online-store/app-proxies/authenticate-app-proxies
 */

/** DESIGN.md's contract, used when shopify.app.toml has no [app_proxy] yet. */
const DEFAULT_PROXY: AppProxyConfig = {
  url: "/proxy",
  prefix: "apps",
  subpath: "loyalty",
};

/** Parameters Shopify sets itself; values a shopper puts in the URL under these names are dropped. */
const SHOPIFY_PARAMS = [
  "shop",
  "logged_in_customer_id",
  "path_prefix",
  "timestamp",
  "signature",
  "hmac",
];

export function appProxyConfig(ctx: EmulatorContext): AppProxyConfig {
  return readAppToml(ctx.config.appTomlPath).appProxy ?? DEFAULT_PROXY;
}

/**
 * The signature: hex HMAC-SHA256 with the app secret of every query parameter except `signature`,
 * as `key=value` sorted by key and joined with nothing; repeated keys have their values joined with ",".
 */
export function appProxySignature(
  params: URLSearchParams,
  secret: string,
): string {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of params) {
    if (key === "signature") continue;
    grouped.set(key, [...(grouped.get(key) ?? []), value]);
  }
  const message = [...grouped.entries()]
    .map(([key, values]) => `${key}=${values.join(",")}`)
    .sort()
    .join("");
  return createHmac("sha256", secret).update(message).digest("hex");
}

export interface ProxiedPath {
  shop: string | null;
  pathPrefix: string;
  rest: string;
}

/**
 * Whether a request path is the app proxy: /{prefix}/{subpath}/... (the shop comes from the
 * storefront page's cookie, as Shopify knows it from the domain) or /storefront/{shop}/{prefix}/{subpath}/...
 */
export function matchAppProxyPath(
  ctx: EmulatorContext,
  pathname: string,
  cookieShop: string | null,
): ProxiedPath | null {
  const proxy = appProxyConfig(ctx);
  const pathPrefix = `/${proxy.prefix}/${proxy.subpath}`.replace(/\/+$/, "");
  const explicit = /^\/storefront\/([^/]+)(\/.*)$/.exec(pathname);
  if (explicit) {
    const rest = stripPrefix(explicit[2], pathPrefix);
    return rest === null
      ? null
      : { shop: decodeURIComponent(explicit[1]), pathPrefix, rest };
  }
  const rest = stripPrefix(pathname, pathPrefix);
  return rest === null ? null : { shop: cookieShop, pathPrefix, rest };
}

function stripPrefix(pathname: string, prefix: string): string | null {
  if (pathname === prefix) return "";
  if (pathname.startsWith(`${prefix}/`)) return pathname.slice(prefix.length);
  return null;
}

export interface AppProxyRequest {
  shop: string | null;
  pathPrefix: string;
  rest: string;
  search: URLSearchParams;
  method: string;
  headers: Record<string, string | undefined>;
  body?: Buffer;
  /** The signed-in shopper, if any; ignored when the shop has no such customer. */
  customerId: number | null;
}

export interface AppProxyResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

/** Builds the URL Shopify would call on the app for this storefront request. */
export function signedProxyUrl(
  ctx: EmulatorContext,
  request: Omit<AppProxyRequest, "method" | "headers" | "body">,
): string {
  const proxy = appProxyConfig(ctx);
  const base = /^https?:\/\//i.test(proxy.url)
    ? proxy.url
    : `${ctx.config.appUrl}/${proxy.url.replace(/^\/+/, "")}`;
  const params = new URLSearchParams();
  for (const [key, value] of request.search)
    if (!SHOPIFY_PARAMS.includes(key)) params.append(key, value);
  const shop = request.shop ?? "";
  const customer =
    request.customerId !== null
      ? ctx.state.shops.get(shop)?.customers.get(request.customerId)
      : undefined;
  params.set("shop", shop);
  // Shopify sends the parameter empty when nobody is signed in.
  params.set("logged_in_customer_id", customer ? String(customer.id) : "");
  params.set("path_prefix", request.pathPrefix);
  params.set("timestamp", String(Math.floor(ctx.state.now().getTime() / 1000)));
  params.set("signature", appProxySignature(params, ctx.config.apiSecret));
  return `${base.replace(/\/+$/, "")}${request.rest}?${params.toString()}`;
}

const FORWARDED_HEADERS = [
  "accept",
  "accept-language",
  "content-type",
  "user-agent",
  "x-requested-with",
];
const DROPPED_RESPONSE_HEADERS = [
  "connection",
  "content-encoding",
  "content-length",
  "keep-alive",
  "transfer-encoding",
  "set-cookie",
];

export async function forwardAppProxy(
  ctx: EmulatorContext,
  request: AppProxyRequest,
): Promise<AppProxyResponse> {
  if (!request.shop) {
    return text(
      400,
      "Open the storefront page of a shop first (/storefront/{shop}): the app proxy needs to know which shop this is.",
    );
  }
  const target = signedProxyUrl(ctx, request);
  const headers: Record<string, string> = {
    "x-forwarded-host": request.shop,
    "x-forwarded-proto": "https",
  };
  for (const name of FORWARDED_HEADERS) {
    const value = request.headers[name];
    if (value) headers[name] = value;
  }
  let response: Response;
  try {
    response = await fetch(target, {
      method: request.method,
      headers,
      body:
        request.body && request.body.length > 0
          ? new Uint8Array(request.body)
          : undefined,
      redirect: "manual",
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    return text(
      502,
      `The app did not answer the proxied request (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
  const responseHeaders: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    if (!DROPPED_RESPONSE_HEADERS.includes(key)) responseHeaders[key] = value;
  });
  return {
    status: response.status,
    headers: responseHeaders,
    body: Buffer.from(await response.arrayBuffer()),
  };
}

function text(status: number, message: string): AppProxyResponse {
  return {
    status,
    headers: { "content-type": "text/plain; charset=utf-8" },
    body: message,
  };
}
