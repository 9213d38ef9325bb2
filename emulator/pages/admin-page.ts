import { createHmac, randomUUID } from "node:crypto";

import type { EmulatorContext } from "../context";
import { signSessionToken } from "../session-token";
import { html, page, scriptJson, shopNav } from "./html";

export const ADMIN_LOCALES = ["en", "fr"] as const;

/** Shopify's `host` parameter: base64 of the admin URL the app is embedded in. */
export function adminHost(shop: string): string {
  return Buffer.from(
    `admin.shopify.com/store/${shop.replace(/\.myshopify\.com$/, "")}`,
  ).toString("base64url");
}

/**
 * The URL the Shopify admin loads in its iframe: the app URL with the launch parameters, a fresh
 * session token (`id_token`, what token exchange needs) and an `hmac` over the others, signed
 * with the app secret as Shopify does (hex).
 */
export function embeddedAppUrl(
  ctx: EmulatorContext,
  shop: string,
  options: { locale?: string; path?: string; userId?: number } = {},
): string {
  const now = ctx.state.now();
  const params = new URLSearchParams({
    embedded: "1",
    host: adminHost(shop),
    id_token: signSessionToken({
      apiKey: ctx.config.apiKey,
      apiSecret: ctx.config.apiSecret,
      shop,
      userId: options.userId,
      now,
    }),
    locale: options.locale ?? "en",
    session: randomUUID().replace(/-/g, ""),
    shop,
    timestamp: String(Math.floor(now.getTime() / 1000)),
  });
  // Shopify signs the URL-encoded query sorted by key (what @shopify/shopify-api's validateHmac rebuilds).
  const message = new URLSearchParams(
    [...params.entries()].sort(([a], [b]) => a.localeCompare(b)),
  ).toString();
  params.set(
    "hmac",
    createHmac("sha256", ctx.config.apiSecret).update(message).digest("hex"),
  );
  const appPath =
    options.path && options.path.startsWith("/") ? options.path : "/app";
  return `${ctx.config.appUrl}${appPath}?${params.toString()}`;
}

/**
 * The admin frame: the embedded app in an iframe, like admin.shopify.com, with a locale switch.
 * The App Bridge stand-in inside the app posts its nav menu, title and toasts here.
 */
export function renderAdminPage(
  ctx: EmulatorContext,
  shop: string,
  options: { locale?: string; path?: string } = {},
): string {
  const locale = ADMIN_LOCALES.includes(
    options.locale as (typeof ADMIN_LOCALES)[number],
  )
    ? (options.locale as string)
    : "en";
  const src = embeddedAppUrl(ctx, shop, { locale, path: options.path });
  const appOrigin = new URL(ctx.config.appUrl).origin;
  return page(
    `Admin · ${shop}`,
    html`${shopNav(shop, "admin")}
      <div
        style="display:flex;gap:12px;align-items:center;padding:8px 16px;background:#fff;border-bottom:1px solid #e3e3e3"
      >
        <strong id="app-title">Loyalty</strong>
        <nav id="app-nav" style="display:flex;gap:12px"></nav>
        <span style="margin-left:auto"
          >Language:
          ${ADMIN_LOCALES.map((code) =>
            code === locale
              ? html` <strong>${code}</strong>`
              : html` <a href="/admin/${shop}?locale=${code}" hreflang="${code}"
                  >${code}</a
                >`,
          )}
        </span>
      </div>
      <iframe
        id="app-frame"
        name="app-iframe"
        title="App"
        src="${src}"
        style="border:0;width:100%;height:calc(100vh - 90px);background:#f1f1f1"
      ></iframe>
      <script>
        const config =
          ${scriptJson({ shop, locale, appUrl: ctx.config.appUrl, appOrigin })};
        const frame = document.getElementById("app-frame");
        const flash = document.getElementById("flash");
        async function openInApp(path) {
          // A navigation from the admin chrome reloads the app with fresh launch parameters.
          const response = await fetch(
            "/_emulator/session-token?shop=" + encodeURIComponent(config.shop),
          );
          const { token } = await response.json();
          const target = new URL(path, config.appUrl);
          target.searchParams.set("embedded", "1");
          target.searchParams.set("shop", config.shop);
          target.searchParams.set(
            "host",
            new URL(frame.src).searchParams.get("host"),
          );
          target.searchParams.set("locale", config.locale);
          target.searchParams.set("id_token", token);
          frame.src = target.toString();
        }
        window.addEventListener("message", (event) => {
          if (
            event.origin !== config.appOrigin ||
            !event.data ||
            typeof event.data !== "object"
          )
            return;
          const message = event.data;
          if (message.type === "emulator:nav") {
            const nav = document.getElementById("app-nav");
            nav.replaceChildren(
              ...message.links.map((link) => {
                const a = document.createElement("a");
                a.href = "#";
                a.textContent = link.label;
                a.addEventListener("click", (e) => {
                  e.preventDefault();
                  openInApp(link.href);
                });
                return a;
              }),
            );
          } else if (message.type === "emulator:title") {
            document.getElementById("app-title").textContent = message.title;
          } else if (message.type === "emulator:toast") {
            const div = document.createElement("div");
            div.textContent = message.message;
            div.setAttribute("role", "status");
            if (message.isError) div.className = "error";
            flash.append(div);
            setTimeout(() => div.remove(), message.duration || 5000);
          } else if (message.type === "emulator:navigate-top") {
            window.location.href = message.url;
          }
        });
      </script>`,
  );
}
