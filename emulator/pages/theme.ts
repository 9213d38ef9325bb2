import { Liquid } from "liquidjs";

import type { EmulatorContext } from "../context";
import type { EmuCustomer, ShopState } from "../state";
import { appProxyConfig } from "./app-proxy";
import { html, raw, type SafeHtml } from "./html";

/**
 * A minimal but realistic Online Store theme around what the emulator's storefront shows: a header
 * with the shop's name and navigation, the page's content (a product grid on the home page, the app
 * proxy's Liquid answer on /apps/loyalty), and a footer. Its global styles are opinionated on
 * purpose (uppercase buttons, serif body), so the app's pages and blocks show they hold their own.
 */

const THEME_STYLE = `
  .theme { font: 16px/1.6 Georgia, "Times New Roman", serif; background: #fbf8f3; color: #222; min-height: 100vh; display: flex; flex-direction: column; }
  .theme a { color: #7a3e1d; }
  .theme button { text-transform: uppercase; letter-spacing: .08em; }
  .theme-header { display: flex; align-items: center; justify-content: space-between; gap: 16px; padding: 18px 32px; border-bottom: 1px solid #e4ddd2; background: #fff; flex-wrap: wrap; }
  .theme-header__brand { font-size: 22px; font-weight: 700; text-decoration: none; color: #222 !important; }
  .theme-header nav { display: flex; gap: 20px; flex-wrap: wrap; }
  .theme-header nav a { text-decoration: none; color: #222; }
  .theme-main { flex: 1; width: 100%; max-width: 1200px; margin: 0 auto; padding: 24px 32px 48px; box-sizing: border-box; }
  .theme-main h1.theme-title { font-size: 30px; margin: 8px 0 20px; }
  .theme-products { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 20px; list-style: none; padding: 0; margin: 0 0 32px; }
  .theme-product { background: #fff; border: 1px solid #eee5d8; border-radius: 6px; overflow: hidden; }
  .theme-product__image { aspect-ratio: 1; background: linear-gradient(135deg, #efe6d8, #d9c9b0); }
  .theme-product__text { padding: 10px 12px; }
  .theme-product__title { margin: 0; font-size: 16px; }
  .theme-product__price { margin: 4px 0 0; color: #555; }
  .theme-section { margin: 0 0 24px; }
  .theme-footer { border-top: 1px solid #e4ddd2; padding: 24px 32px; color: #666; font-size: 14px; background: #fff; }
`;

export interface ThemeOptions {
  shop: ShopState;
  customer: EmuCustomer | null;
  locale: string;
  proxyPath: string;
  content: SafeHtml;
}

export function themeStyle(): SafeHtml {
  return raw(`<style>${THEME_STYLE}</style>`);
}

/** The theme's header, the content, and its footer. */
export function themeChrome(options: ThemeOptions): SafeHtml {
  const { shop, customer, locale, proxyPath } = options;
  const root = `/storefront/${shop.shop.domain}`;
  const french = locale.toLowerCase().startsWith("fr");
  const words = french
    ? {
        home: "Accueil",
        catalogue: "Catalogue",
        rewards: "Programme de fidélité",
        account: "Compte",
        signIn: "Connexion",
        footer: "Tous droits réservés.",
      }
    : {
        home: "Home",
        catalogue: "Catalog",
        rewards: "Rewards program",
        account: "Account",
        signIn: "Sign in",
        footer: "All rights reserved.",
      };
  return html`<div class="theme">
    <header class="theme-header">
      <a class="theme-header__brand" href="${root}?locale=${locale}"
        >${shop.shop.name}</a
      >
      <nav aria-label="Main">
        <a href="${root}?locale=${locale}">${words.home}</a>
        <a href="${root}?locale=${locale}#products">${words.catalogue}</a>
        <a href="${proxyPath}?locale=${locale}" data-theme-rewards
          >${words.rewards}</a
        >
        <a
          href="${customer ? `${root}/account/rewards` : root}?locale=${locale}${customer ? "" : "#sign-in"}"
          data-theme-account
          >${customer ? words.account : words.signIn}</a
        >
      </nav>
    </header>
    <main class="theme-main">${options.content}</main>
    <footer class="theme-footer">
      <p>© ${shop.shop.name}. ${words.footer}</p>
    </footer>
  </div>`;
}

/** The shop's products as a theme's home page lists them. */
export function productGrid(shop: ShopState, locale: string): SafeHtml {
  const money = (amount: string) => {
    try {
      return new Intl.NumberFormat(locale, {
        style: "currency",
        currency: shop.shop.currencyCode,
      }).format(Number(amount));
    } catch {
      return `${amount} ${shop.shop.currencyCode}`;
    }
  };
  const products = [...shop.products.values()]
    .filter((p) => !p.giftCard)
    .slice(0, 8);
  return html`<ul class="theme-products" id="products">
    ${products.map(
      (product) =>
        html`<li class="theme-product">
          <div class="theme-product__image"></div>
          <div class="theme-product__text">
            <h3 class="theme-product__title">${product.title}</h3>
            <p class="theme-product__price">
              ${money(String(product.variants[0]?.price ?? "0"))}
            </p>
          </div>
        </li>`,
    )}
  </ul>`;
}

/**
 * The app proxy's `application/liquid` answer rendered the way Shopify does: as a template with the
 * storefront's objects (`routes`, `customer`, `shop`, `request`), inside the theme's layout.
 */
export async function renderProxyLiquid(
  ctx: EmulatorContext,
  shop: ShopState,
  customer: EmuCustomer | null,
  locale: string,
  liquid: string,
): Promise<string> {
  const root = `/storefront/${shop.shop.domain}`;
  const proxy = appProxyConfig(ctx);
  const proxyPath = `/${proxy.prefix}/${proxy.subpath}`;
  const engine = new Liquid({ ownPropertyOnly: true });
  let content: string;
  try {
    content = await engine.parseAndRender(liquid, {
      shop: { name: shop.shop.name, currency: shop.shop.currencyCode },
      customer: customer
        ? { id: customer.id, first_name: customer.firstName }
        : null,
      request: { locale: { iso_code: locale } },
      routes: {
        root_url: root,
        account_login_url: `${root}?locale=${locale}#sign-in`,
        account_register_url: `/store/${shop.shop.domain}#customers`,
      },
    });
  } catch (error) {
    content = html`<p>
      Liquid error: ${error instanceof Error ? error.message : String(error)}
    </p>`.value;
  }
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${html`${shop.shop.name}`.value}</title>${themeStyle().value}<style>body{margin:0}</style></head><body>${
    themeChrome({ shop, customer, locale, proxyPath, content: raw(content) })
      .value
  }</body></html>`;
}
