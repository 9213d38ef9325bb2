import { readFile } from "node:fs/promises";
import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { handleAdminGraphql } from "./admin/graphql";
import { handleTokenExchange } from "./admin/token-exchange";
import {
  createEmulatorContext,
  type EmulatorConfig,
  type EmulatorContext,
} from "./context";
import { renderAdminPage } from "./pages/admin-page";
import { forwardAppProxy, matchAppProxyPath } from "./pages/app-proxy";
import { renderIndexPage } from "./pages/index-page";
import { renderStorePage } from "./pages/store-page";
import { renderProxyLiquid } from "./pages/theme";
import {
  renderStorefrontPage,
  serveExtensionAsset,
  STOREFRONT_CUSTOMER_COOKIE,
  STOREFRONT_SHOP_COOKIE,
} from "./pages/storefront-page";
import {
  renderCustomerAccountPage,
  renderThankYouPage,
} from "./pages/ui-extension-pages";
import type { EmulatorState } from "./state";
import { handleControlRequest } from "./store/control-api";
import { settleDeliveries } from "./store/deliver";

export interface StartEmulatorOptions {
  /** publicUrl may be left out: it is taken from the address the server listens on. */
  config: Omit<EmulatorConfig, "publicUrl"> & { publicUrl?: string };
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default: every interface, so both localhost (::1) and 127.0.0.1 reach it. */
  host?: string;
  state?: EmulatorState;
  /** One line per request and per delivery problem; silent by default (tests). */
  log?: (line: string) => void;
}

export interface RunningEmulator {
  url: string;
  ctx: EmulatorContext;
  close(): Promise<void>;
}

const APP_BRIDGE_FILE = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  "app-bridge",
  "app-bridge.js",
);
const MAX_BODY_BYTES = 10 * 1024 * 1024;

/**
 * The local Shopify: Admin GraphQL and token exchange where the app expects Shopify, the control
 * API for tests and the CLI, and the pages a person uses (store simulator, admin, storefront).
 */
export async function startEmulator(
  options: StartEmulatorOptions,
): Promise<RunningEmulator> {
  const config: EmulatorConfig = {
    ...options.config,
    publicUrl: options.config.publicUrl ?? "",
  };
  config.appUrl = config.appUrl.replace(/\/+$/, "");
  const ctx = createEmulatorContext(config, options.state);
  const log = options.log ?? (() => {});

  const server = createServer((req, res) => {
    route(ctx, req, res, log).catch((error: unknown) => {
      log(
        `500 ${req.method} ${req.url}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      if (!res.headersSent)
        sendJson(res, 500, {
          error: error instanceof Error ? error.message : String(error),
        });
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = options.config.publicUrl ?? `http://localhost:${port}`;
  ctx.config.publicUrl = url.replace(/\/+$/, "");

  return {
    url: ctx.config.publicUrl,
    ctx,
    async close() {
      const closed = new Promise<void>((resolve) =>
        server.close(() => resolve()),
      );
      server.closeAllConnections();
      await closed;
      // Deliveries sent with wait: false may still be in flight; give them a moment, not forever.
      await Promise.race([
        settleDeliveries(ctx),
        new Promise((resolve) => setTimeout(resolve, 2_000).unref()),
      ]);
    },
  };
}

async function route(
  ctx: EmulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  log: (line: string) => void,
): Promise<void> {
  const url = new URL(req.url ?? "/", "http://emulator.local");
  const method = req.method ?? "GET";
  const pathname = url.pathname;

  // Admin GraphQL, where @shopify/shopify-api sends it once SHOPIFY_EMULATOR_URL rewrites https://{shop}/...
  const graphql = /^\/([^/]+)\/admin\/api\/([^/]+)\/graphql\.json$/.exec(
    pathname,
  );
  if (graphql && method === "POST") {
    const body = await readBody(req);
    const answer = await handleAdminGraphql(ctx, {
      shop: graphql[1],
      apiVersion: graphql[2],
      headers: flatHeaders(req),
      body,
    });
    if (answer.kind === "drop") {
      // The mutation was applied; the client sees its connection die, as on a timeout.
      req.socket.destroy();
      return;
    }
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
    return;
  }

  const tokenExchange = /^\/([^/]+)\/admin\/oauth\/access_token$/.exec(
    pathname,
  );
  if (tokenExchange && method === "POST") {
    const body = await readBody(req);
    const answer = handleTokenExchange(ctx, {
      shop: tokenExchange[1],
      headers: flatHeaders(req),
      body,
    });
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
    return;
  }

  if (pathname.startsWith("/_emulator/")) {
    // Open to any origin: the App Bridge stand-in fetches session tokens from inside the app's iframe.
    res.setHeader("access-control-allow-origin", "*");
    if (method === "OPTIONS") {
      res.writeHead(204, {
        "access-control-allow-methods": "GET, POST",
        "access-control-allow-headers": "content-type",
        "access-control-max-age": "600",
      });
      res.end();
      return;
    }
    const body = method === "GET" ? "" : await readBody(req);
    const answer = await handleControlRequest(ctx, {
      method,
      path: pathname.slice("/_emulator".length),
      query: url.searchParams,
      body,
    });
    sendJson(res, answer.status, answer.body);
    return;
  }

  if (pathname === "/app-bridge.js" && method === "GET") {
    const script = await readFile(APP_BRIDGE_FILE, "utf8");
    res.writeHead(200, {
      "content-type": "text/javascript; charset=utf-8",
      "cache-control": "no-cache",
      "access-control-allow-origin": "*",
    });
    res.end(script);
    return;
  }

  const cookies = parseCookies(req.headers.cookie);

  // The storefront's app proxy: /apps/loyalty/* on the shop's domain (here: the shop chosen on the storefront page).
  const proxied = matchAppProxyPath(
    ctx,
    pathname,
    url.searchParams.get("shop") ?? cookies[STOREFRONT_SHOP_COOKIE] ?? null,
  );
  if (proxied) {
    const body =
      method === "GET" || method === "HEAD"
        ? undefined
        : await readBodyBuffer(req);
    const customerId = cookies[STOREFRONT_CUSTOMER_COOKIE]
      ? Number(cookies[STOREFRONT_CUSTOMER_COOKIE])
      : null;
    const answer = await forwardAppProxy(ctx, {
      shop: proxied.shop,
      pathPrefix: proxied.pathPrefix,
      rest: proxied.rest,
      search: url.searchParams,
      method,
      headers: flatHeaders(req),
      body,
      customerId,
    });
    // Shopify renders an `application/liquid` answer inside the shop's theme.
    const shopState = proxied.shop ? ctx.state.shops.get(proxied.shop) : null;
    if (
      shopState &&
      answer.status === 200 &&
      (answer.headers["content-type"] ?? "").startsWith("application/liquid")
    ) {
      const customer =
        customerId !== null
          ? (shopState.customers.get(customerId) ?? null)
          : null;
      sendHtml(
        res,
        200,
        await renderProxyLiquid(
          ctx,
          shopState,
          customer,
          url.searchParams.get("locale") ??
            shopState.shop.primaryLocale ??
            "en",
          answer.body.toString(),
        ),
      );
      return;
    }
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
    return;
  }

  // The customer-account and checkout UI extensions, run against the app (ui-extension-pages.ts).
  const account =
    /^\/storefront\/([^/]+)\/account\/(rewards|register)\/?$/.exec(pathname);
  const thankYou = /^\/storefront\/([^/]+)\/thank-you\/(\d+)\/?$/.exec(
    pathname,
  );
  if (account || thankYou) {
    const domain = decodeURIComponent((account ?? thankYou)![1]);
    const shopState = ctx.state.shops.get(domain);
    const locale =
      url.searchParams.get("locale") ?? shopState?.shop.primaryLocale ?? "en";
    if (!shopState) {
      sendText(res, 404, `No shop ${domain}`);
      return;
    }
    if (account?.[2] === "register") {
      // Creating an account is the store simulator's job here.
      res.writeHead(303, { location: `/store/${domain}#customers` });
      res.end();
      return;
    }
    if (thankYou) {
      const page = await renderThankYouPage(
        ctx,
        shopState,
        Number(thankYou[2]),
        locale,
      );
      if (page) sendHtml(res, 200, page);
      else sendText(res, 404, "No such order");
      return;
    }
    const customerId =
      cookies[STOREFRONT_CUSTOMER_COOKIE] &&
      cookies[STOREFRONT_SHOP_COOKIE] === domain
        ? Number(cookies[STOREFRONT_CUSTOMER_COOKIE])
        : null;
    const customer =
      customerId !== null
        ? (shopState.customers.get(customerId) ?? null)
        : null;
    let redeem: {
      rewardId: string;
      idempotencyKey: string;
      points: string | null;
    } | null = null;
    if (method === "POST") {
      const form = new URLSearchParams((await readBodyBuffer(req)).toString());
      redeem = {
        rewardId: form.get("rewardId") ?? "",
        idempotencyKey: form.get("idempotencyKey") ?? "",
        points: form.get("points"),
      };
    } else if (method !== "GET") {
      sendText(res, 405, "Method not allowed");
      return;
    }
    sendHtml(
      res,
      200,
      await renderCustomerAccountPage(ctx, shopState, customer, locale, redeem),
    );
    return;
  }

  if (method !== "GET") {
    sendText(res, 405, "Method not allowed");
    return;
  }

  if (pathname === "/favicon.ico") {
    res.writeHead(204);
    res.end();
    return;
  }

  if (pathname === "/") {
    sendHtml(res, 200, renderIndexPage(ctx));
    return;
  }

  const store = /^\/store\/([^/]+)\/?$/.exec(pathname);
  if (store) {
    sendHtml(res, 200, renderStorePage(ctx, decodeURIComponent(store[1])));
    return;
  }

  const admin = /^\/admin\/([^/]+)\/?$/.exec(pathname);
  if (admin) {
    const shop = decodeURIComponent(admin[1]);
    sendHtml(
      res,
      200,
      renderAdminPage(ctx, shop, {
        locale: url.searchParams.get("locale") ?? undefined,
        path: url.searchParams.get("path") ?? undefined,
      }),
    );
    return;
  }

  const asset = /^\/storefront-assets\/([^/]+)\/(.+)$/.exec(pathname);
  if (asset) {
    const found = await serveExtensionAsset(
      ctx,
      decodeURIComponent(asset[1]),
      decodeURIComponent(asset[2]),
    );
    if (!found) sendText(res, 404, "No such asset");
    else {
      res.writeHead(200, { "content-type": found.contentType });
      res.end(found.body);
    }
    return;
  }

  const storefront = /^\/storefront\/([^/]+)\/?$/.exec(pathname);
  if (storefront) {
    const shop = decodeURIComponent(storefront[1]);
    // Signing in or out on the storefront: the customer lives in a cookie, as Shopify's session does.
    const chosen = url.searchParams.get("customer");
    let customerId =
      cookies[STOREFRONT_CUSTOMER_COOKIE] &&
      cookies[STOREFRONT_SHOP_COOKIE] === shop
        ? Number(cookies[STOREFRONT_CUSTOMER_COOKIE])
        : null;
    const setCookies = [
      `${STOREFRONT_SHOP_COOKIE}=${encodeURIComponent(shop)}; Path=/; SameSite=Lax`,
    ];
    if (chosen !== null) {
      customerId = chosen === "" ? null : Number(chosen);
      setCookies.push(
        customerId
          ? `${STOREFRONT_CUSTOMER_COOKIE}=${customerId}; Path=/; SameSite=Lax`
          : `${STOREFRONT_CUSTOMER_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax`,
      );
    }
    const html = await renderStorefrontPage(ctx, shop, {
      customerId,
      locale: url.searchParams.get("locale") ?? undefined,
      withBlocks: url.searchParams.get("blocks") !== "off",
    });
    res.setHeader("set-cookie", setCookies);
    sendHtml(res, 200, html);
    return;
  }

  log(`404 ${method} ${pathname}`);
  sendText(res, 404, "Not found");
}

function readBodyBuffer(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error("Request body too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

async function readBody(req: IncomingMessage): Promise<string> {
  return (await readBodyBuffer(req)).toString("utf8");
}

function flatHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(req.headers))
    headers[key] = Array.isArray(value) ? value.join(", ") : value;
  return headers;
}

function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? "").split(";")) {
    const index = part.indexOf("=");
    if (index <= 0) continue;
    cookies[part.slice(0, index).trim()] = decodeURIComponent(
      part.slice(index + 1).trim(),
    );
  }
  return cookies;
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

function sendHtml(res: ServerResponse, status: number, html: string) {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8" });
  res.end(html);
}

function sendText(res: ServerResponse, status: number, text: string) {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
  res.end(text);
}
