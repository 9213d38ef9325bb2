import { existsSync, readdirSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";

import { Drop, Liquid } from "liquidjs";

import type { EmulatorContext } from "../context";
import {
  gid,
  type EmuCustomer,
  type EmuMetafield,
  type ShopState,
} from "../state";
import { appNumericId } from "../admin/app-identity";
import { appProxyConfig } from "./app-proxy";
import { html, page, raw, type SafeHtml, shopNav } from "./html";
import { productGrid, themeChrome, themeStyle } from "./theme";

/**
 * The storefront: renders every block of the app's theme app extensions (extensions/*\/blocks/*.liquid)
 * with liquidjs, as a theme would, for a shopper picked on the page (or a guest). The blocks' calls to
 * /apps/{subpath}/* go through the emulator's app proxy to the app, signed.
 */

export const STOREFRONT_SHOP_COOKIE = "emulator_storefront_shop";
export const STOREFRONT_CUSTOMER_COOKIE = "emulator_storefront_customer";

interface BlockFile {
  extension: string;
  name: string;
  file: string;
}

function extensionsRoot(ctx: EmulatorContext): string {
  return path.join(
    path.dirname(path.resolve(ctx.config.appTomlPath)),
    "extensions",
  );
}

export function findThemeBlocks(ctx: EmulatorContext): BlockFile[] {
  const root = extensionsRoot(ctx);
  if (!existsSync(root)) return [];
  const blocks: BlockFile[] = [];
  for (const extension of readdirSync(root, { withFileTypes: true })) {
    if (!extension.isDirectory()) continue;
    const dir = path.join(root, extension.name, "blocks");
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).sort()) {
      if (file.endsWith(".liquid"))
        blocks.push({
          extension: extension.name,
          name: file.replace(/\.liquid$/, ""),
          file: path.join(dir, file),
        });
    }
  }
  return blocks;
}

/** A theme block's source split the way Shopify reads it: the Liquid, its schema, its inline CSS and JS. */
export function splitBlockSource(source: string): {
  liquid: string;
  schema: Record<string, unknown> | null;
  stylesheet: string;
  javascript: string;
} {
  let schema: Record<string, unknown> | null = null;
  let stylesheet = "";
  let javascript = "";
  const liquid = source
    .replace(
      /{%-?\s*schema\s*-?%}([\s\S]*?){%-?\s*endschema\s*-?%}/g,
      (_, json: string) => {
        try {
          schema = JSON.parse(json) as Record<string, unknown>;
        } catch {
          schema = null;
        }
        return "";
      },
    )
    .replace(
      /{%-?\s*stylesheet\s*-?%}([\s\S]*?){%-?\s*endstylesheet\s*-?%}/g,
      (_, css: string) => {
        stylesheet += css;
        return "";
      },
    )
    .replace(
      /{%-?\s*javascript\s*-?%}([\s\S]*?){%-?\s*endjavascript\s*-?%}/g,
      (_, js: string) => {
        javascript += js;
        return "";
      },
    );
  return { liquid, schema, stylesheet, javascript };
}

/** `block.settings`: each setting's `default` from the schema, as a freshly added block has them. */
export function defaultSettings(
  schema: Record<string, unknown> | null,
): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  const list = Array.isArray(schema?.settings)
    ? (schema.settings as Record<string, unknown>[])
    : [];
  for (const setting of list) {
    if (typeof setting.id === "string")
      settings[setting.id] = setting.default ?? null;
  }
  return settings;
}

/** A metafield in Liquid: `{{ m.value }}`, and `{{ m }}` prints the value too. */
class MetafieldDrop extends Drop {
  constructor(
    readonly value: unknown,
    readonly type: string,
  ) {
    super();
  }
  valueOf() {
    return this.value;
  }
}

function metafieldValue(metafield: EmuMetafield): unknown {
  if (
    metafield.type === "number_integer" ||
    metafield.type === "number_decimal"
  )
    return Number(metafield.value);
  if (metafield.type === "boolean") return metafield.value === "true";
  if (metafield.type === "json") {
    try {
      return JSON.parse(metafield.value);
    } catch {
      return metafield.value;
    }
  }
  return metafield.value;
}

/** customer.metafields[namespace][key], with the app's own namespaces also reachable as `$app:...`. */
function customerMetafields(
  shop: ShopState,
  customer: EmuCustomer,
): Record<string, Record<string, MetafieldDrop>> {
  return ownerMetafields(shop, gid("Customer", customer.id));
}

/** `app.metafields[namespace][key]`: app-data metafields, owned by the app's installation. */
function appDataMetafields(
  ctx: EmulatorContext,
  shop: ShopState,
): Record<string, Record<string, MetafieldDrop>> {
  return ownerMetafields(
    shop,
    gid("AppInstallation", appNumericId(ctx.config.apiKey)),
  );
}

function ownerMetafields(
  shop: ShopState,
  owner: string,
): Record<string, Record<string, MetafieldDrop>> {
  const byNamespace: Record<string, Record<string, MetafieldDrop>> = {};
  for (const metafield of shop.metafields.values()) {
    if (metafield.ownerId !== owner) continue;
    const drop = new MetafieldDrop(metafieldValue(metafield), metafield.type);
    const aliases = [metafield.namespace];
    const appNamespace = /^app--\d+(?:--(.+))?$/.exec(metafield.namespace);
    if (appNamespace)
      aliases.push(appNamespace[1] ? `$app:${appNamespace[1]}` : "$app");
    for (const namespace of aliases) {
      byNamespace[namespace] ??= {};
      byNamespace[namespace][metafield.key] = drop;
    }
  }
  return byNamespace;
}

function readLocale(dir: string, locale: string): Record<string, unknown> {
  for (const name of [`${locale}.json`, `${locale}.default.json`]) {
    const file = path.join(dir, "locales", name);
    if (existsSync(file)) {
      try {
        return JSON.parse(readFileSync(file, "utf8")) as Record<
          string,
          unknown
        >;
      } catch {
        return {};
      }
    }
  }
  const fallback = existsSync(path.join(dir, "locales"))
    ? readdirSync(path.join(dir, "locales")).find(
        (f) => /\.default\.json$/.test(f) && !f.includes("schema"),
      )
    : undefined;
  return fallback
    ? (JSON.parse(
        readFileSync(path.join(dir, "locales", fallback), "utf8"),
      ) as Record<string, unknown>)
    : {};
}

/** Shopify's `t` filter: dotted key, `count` picks one/other, `{{ name }}` placeholders filled from the arguments (escaped). */
function translate(
  strings: Record<string, unknown>,
  key: string,
  args: Record<string, unknown>,
): string {
  let value: unknown = strings;
  for (const part of key.split("."))
    value =
      value && typeof value === "object"
        ? (value as Record<string, unknown>)[part]
        : undefined;
  if (value && typeof value === "object" && "count" in args) {
    const forms = value as Record<string, unknown>;
    const count = Number(args.count);
    value =
      (count === 0 && forms.zero) ||
      (count === 1 ? forms.one : forms.other) ||
      forms.other;
  }
  if (typeof value !== "string") return `translation missing: ${key}`;
  // As Shopify does: interpolated values are HTML-escaped unless the key ends in `_html` (then the
  // theme escapes what needs it, with `| escape`).
  const raw = key.endsWith("_html");
  return value.replace(/{{\s*(\w+)\s*}}/g, (_, name: string) => {
    const text = String(args[name] ?? "");
    return raw ? text : escapeHtml(text);
  });
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

function namedArgs(args: unknown[]): Record<string, unknown> {
  const named: Record<string, unknown> = {};
  for (const arg of args)
    if (Array.isArray(arg) && arg.length === 2 && typeof arg[0] === "string")
      named[arg[0]] = arg[1];
  return named;
}

function liquidEngine(
  extensionDir: string,
  extension: string,
  strings: Record<string, unknown>,
  currency: string,
): Liquid {
  const engine = new Liquid({
    root: [path.join(extensionDir, "snippets")],
    extname: ".liquid",
    ownPropertyOnly: true,
  });
  engine.registerFilter("t", (key: string, ...args: unknown[]) =>
    translate(strings, String(key), namedArgs(args)),
  );
  engine.registerFilter(
    "asset_url",
    (file: string) =>
      `/storefront-assets/${encodeURIComponent(extension)}/${encodeURIComponent(String(file))}`,
  );
  engine.registerFilter(
    "script_tag",
    (url: string) => `<script src="${url}" defer></script>`,
  );
  engine.registerFilter(
    "stylesheet_tag",
    (url: string) => `<link rel="stylesheet" href="${url}">`,
  );
  // Liquid money amounts are in cents.
  engine.registerFilter(
    "money",
    (cents: number) => `${(Number(cents) / 100).toFixed(2)} ${currency}`,
  );
  engine.registerFilter(
    "money_with_currency",
    (cents: number) => `${(Number(cents) / 100).toFixed(2)} ${currency}`,
  );
  return engine;
}

export interface RenderedBlock {
  extension: string;
  name: string;
  html: string;
  error: string | null;
}

export async function renderThemeBlocks(
  ctx: EmulatorContext,
  shop: ShopState,
  customer: EmuCustomer | null,
  locale: string,
): Promise<RenderedBlock[]> {
  const rendered: RenderedBlock[] = [];
  const proxy = appProxyConfig(ctx);
  for (const block of findThemeBlocks(ctx)) {
    const extensionDir = path.dirname(path.dirname(block.file));
    const { liquid, schema, stylesheet, javascript } = splitBlockSource(
      readFileSync(block.file, "utf8"),
    );
    const engine = liquidEngine(
      extensionDir,
      block.extension,
      readLocale(extensionDir, locale),
      shop.shop.currencyCode,
    );
    const scope = {
      app: { metafields: appDataMetafields(ctx, shop) },
      shop: {
        name: shop.shop.name,
        permanent_domain: shop.shop.domain,
        currency: shop.shop.currencyCode,
        locale: shop.shop.primaryLocale,
      },
      customer: customer
        ? {
            id: customer.id,
            email: customer.email,
            first_name: customer.firstName,
            last_name: customer.lastName,
            name: [customer.firstName, customer.lastName]
              .filter(Boolean)
              .join(" "),
            tags: customer.tags,
            accepts_marketing: customer.emailMarketingState === "SUBSCRIBED",
            metafields: customerMetafields(shop, customer),
          }
        : null,
      block: {
        id: `${block.extension}-${block.name}`,
        type: `shopify://apps/${block.extension}/blocks/${block.name}`,
        settings: defaultSettings(schema),
        shopify_attributes: "",
      },
      request: {
        locale: { iso_code: locale },
        path: `/storefront/${shop.shop.domain}`,
      },
      localization: { language: { iso_code: locale } },
      routes: {
        root_url: `/storefront/${shop.shop.domain}`,
        account_url: `/storefront/${shop.shop.domain}#sign-in`,
        account_login_url: `/storefront/${shop.shop.domain}#sign-in`,
        account_logout_url: `/storefront/${shop.shop.domain}?customer=`,
        account_register_url: `/storefront/${shop.shop.domain}#sign-in`,
        cart_url: `/storefront/${shop.shop.domain}#cart`,
      },
      app_proxy_path: `/${proxy.prefix}/${proxy.subpath}`,
    };
    try {
      const output = await engine.parseAndRender(liquid, scope);
      // Assets named in the schema are injected by Shopify, once per page, like these tags.
      const assetUrl = (file: unknown) =>
        `/storefront-assets/${encodeURIComponent(block.extension)}/${encodeURIComponent(String(file))}`;
      const extras =
        (typeof schema?.stylesheet === "string"
          ? `<link rel="stylesheet" href="${assetUrl(schema.stylesheet)}">`
          : "") +
        (typeof schema?.javascript === "string"
          ? `<script src="${assetUrl(schema.javascript)}" defer></script>`
          : "") +
        (stylesheet ? `<style>${stylesheet}</style>` : "") +
        (javascript ? `<script>${javascript}</script>` : "");
      rendered.push({
        extension: block.extension,
        name: block.name,
        html: output + extras,
        error: null,
      });
    } catch (error) {
      rendered.push({
        extension: block.extension,
        name: block.name,
        html: "",
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return rendered;
}

export async function renderStorefrontPage(
  ctx: EmulatorContext,
  domain: string,
  options: {
    customerId: number | null;
    locale?: string;
    /** False renders the theme alone, without the app's blocks (the benchmark's baseline). */
    withBlocks?: boolean;
  },
): Promise<string> {
  const shop = ctx.state.shops.get(domain);
  if (!shop) {
    return page(
      `Storefront · ${domain}`,
      html`${shopNav(domain, "storefront")}
        <main>
          <section class="card">
            <h2>Unknown shop</h2>
            <p>
              The emulator has no shop ${domain} yet. Install the app on it
              (open the <a href="/admin/${domain}">admin</a>) or create it from
              the <a href="/store/${domain}">store simulator</a>.
            </p>
          </section>
        </main>`,
    );
  }
  const locale = options.locale ?? shop.shop.primaryLocale ?? "en";
  const customer =
    options.customerId !== null
      ? (shop.customers.get(options.customerId) ?? null)
      : null;
  const blocks =
    options.withBlocks === false
      ? []
      : await renderThemeBlocks(ctx, shop, customer, locale);
  const proxy = appProxyConfig(ctx);
  const proxyPath = `/${proxy.prefix}/${proxy.subpath}`;
  const customers = [...shop.customers.values()];
  const blockHtml: SafeHtml[] = blocks.map(
    (block) =>
      html`<section
        class="theme-section"
        data-block="${block.extension}/${block.name}"
      >
        ${block.error ? html`<p class="status-failed">Liquid error: ${block.error}</p>` : raw(block.html)}
      </section>`,
  );
  const french = locale.toLowerCase().startsWith("fr");
  return page(
    `Storefront · ${shop.shop.name}`,
    html`${shopNav(domain, "storefront")}
      <main>
        <section class="card" id="sign-in">
          <h2>Shopper</h2>
          <form method="get" action="/storefront/${domain}">
            <label
              >Signed in as
              <select name="customer">
                <option value="">Guest (not signed in)</option>
                ${customers.map(
                  (c) =>
                    html`<option
                      value="${c.id}"
                      ${c.id === customer?.id ? raw("selected") : ""}
                    >
                      ${[c.firstName, c.lastName].filter(Boolean).join(" ") || c.email}
                      · ${c.email} (${c.id})
                    </option>`,
                )}
              </select>
            </label>
            <label
              >Language <input name="locale" value="${locale}" size="4"
            /></label>
            <button type="submit">Switch</button>
          </form>
          <p class="muted">
            App proxy: <a href="${proxyPath}?locale=${locale}">${proxyPath}</a>
            (the program page, rendered in the theme) ·
            <a href="${proxyPath}/api/me">${proxyPath}/api/me</a> ·
            <a href="${proxyPath}/api/rewards">${proxyPath}/api/rewards</a>
            (forwarded to the app's ${proxy.url} with a signed query, as the
            signed-in shopper)
          </p>
          <p class="muted">
            UI extensions, run against the app with signed session tokens:
            <a href="/storefront/${domain}/account/rewards?locale=${locale}"
              >customer account (Rewards page, profile and order-status
              blocks)</a
            >
            · the thank-you block from there, per order
          </p>
        </section>
      </main>
      ${themeChrome({
        shop,
        customer,
        locale,
        proxyPath,
        content: html`<h1 class="theme-title">
            ${french ? "Nouveautés" : "New arrivals"}
          </h1>
          ${productGrid(shop, locale)}
          ${
            blockHtml.length > 0 || options.withBlocks === false
              ? blockHtml
              : html`<section class="card">
                  <h2>No theme app extension yet</h2>
                  <p>
                    No blocks were found in extensions/*/blocks/*.liquid. The
                    app proxy above works all the same.
                  </p>
                </section>`
          }`,
      })}`,
    { head: themeStyle() },
  );
}

const CONTENT_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".json": "application/json",
};

/** extensions/{extension}/assets/{file}, what `asset_url` points at. */
export async function serveExtensionAsset(
  ctx: EmulatorContext,
  extension: string,
  file: string,
): Promise<{ contentType: string; body: Buffer } | null> {
  const assets = path.join(extensionsRoot(ctx), extension, "assets");
  const target = path.resolve(assets, file);
  if (!target.startsWith(assets + path.sep) || !existsSync(target)) return null;
  return {
    contentType:
      CONTENT_TYPES[path.extname(target)] ?? "application/octet-stream",
    body: await readFile(target),
  };
}
