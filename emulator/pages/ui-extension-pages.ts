import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";

import {
  createLoyaltyClient,
  type LoyaltyClient,
} from "../../extensions/shared/loyalty-client";
import {
  orderStatusMessage,
  profileBalanceMessage,
  redemptionMessage,
  rewardsPageView,
  thankYouView,
  translatorFor,
  type Translate,
} from "../../extensions/shared/views";
import type { EmulatorContext } from "../context";
import { signExtensionToken } from "../session-token";
import type { EmuCustomer, ShopState } from "../state";
import { orderTotals } from "../store/payloads";
import { formatCents } from "../store/money";
import { appProxyConfig } from "./app-proxy";
import { html, raw, type SafeHtml } from "./html";
import { themeChrome, themeStyle } from "./theme";

/**
 * The customer-account and checkout UI extensions as a person sees them offline: the emulator runs
 * the extensions' own logic (extensions/shared: the client and the views the Preact components lay
 * out) against the app's routes with session tokens it signs like Shopify (`sub` the customer,
 * `dest` the shop), and renders the result in the theme. Shopify draws these with its own
 * components; here plain HTML stands in for the `s-*` elements.
 */

const EXTENSIONS = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  "../../extensions",
);

function extensionTranslator(extension: string, locale: string): Translate {
  const read = (file: string) =>
    JSON.parse(
      readFileSync(path.join(EXTENSIONS, extension, "locales", file), "utf8"),
    ) as Record<string, unknown>;
  // Shopify falls back to the default locale's file; these extensions ship en and fr whole.
  return translatorFor(
    locale.toLowerCase().startsWith("fr")
      ? read("fr.json")
      : read("en.default.json"),
  );
}

function clientFor(
  ctx: EmulatorContext,
  shop: string,
  surface: "customer-account" | "checkout",
  customerId: number | null,
  locale: string,
): LoyaltyClient {
  return createLoyaltyClient({
    appUrl: ctx.config.appUrl,
    getToken: async () =>
      signExtensionToken({
        apiKey: ctx.config.apiKey,
        apiSecret: ctx.config.apiSecret,
        shop,
        surface,
        customerId: customerId === null ? null : String(customerId),
      }),
    locale,
    // Shopify's extensions run in the shopper's browser: the app's library answers bots with 410.
    fetch: (input, init) =>
      fetch(input, {
        ...init,
        headers: {
          ...(init?.headers as Record<string, string>),
          "User-Agent": BROWSER_AGENT,
        },
      }),
  });
}

const BROWSER_AGENT =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0 Safari/537.36";

const EXTENSION_STYLE = `
  .ux { background: #fff; border: 1px solid #e4ddd2; border-radius: 12px; padding: 20px 24px; margin: 0 0 24px; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f1f1f; }
  .ux h2 { font-size: 22px; margin: 0 0 8px; }
  .ux h3 { font-size: 17px; margin: 18px 0 8px; }
  .ux-label { font-size: 12px; color: #595959; text-transform: uppercase; letter-spacing: .06em; margin: 0 0 10px; }
  .ux-balance { font-size: 20px; font-weight: 700; margin: 0; }
  .ux-muted { color: #595959; margin: 2px 0; }
  .ux-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 12px; list-style: none; padding: 0; margin: 0; }
  .ux-card { border: 1px solid #e3e3e3; border-radius: 10px; padding: 12px; display: grid; gap: 4px; align-content: start; }
  .ux-card p { margin: 0; }
  .ux-badge { display: inline-block; background: #f1f1f1; border-radius: 8px; padding: 2px 8px; font-size: 13px; }
  .ux-banner { border-radius: 10px; padding: 10px 14px; margin: 10px 0; }
  .ux-banner--success { background: #e3f6e8; }
  .ux-banner--critical { background: #fde7e9; }
  .ux button, .ux .ux-button { font: inherit; text-transform: none; letter-spacing: normal; background: #1f1f1f; color: #fff; border: 0; border-radius: 8px; padding: 8px 14px; cursor: pointer; text-decoration: none; display: inline-block; }
  .ux table { border-collapse: collapse; width: 100%; }
  .ux td { padding: 6px 8px; border-bottom: 1px solid #eee; }
  .ux code { font-size: 15px; font-weight: 700; }
`;

function shell(
  ctx: EmulatorContext,
  shop: ShopState,
  customer: EmuCustomer | null,
  locale: string,
  title: string,
  content: SafeHtml,
): string {
  const proxy = appProxyConfig(ctx);
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${html`${title}`.value}</title>${themeStyle().value}<style>body{margin:0}${EXTENSION_STYLE}</style></head><body>${
    themeChrome({
      shop,
      customer,
      locale,
      proxyPath: `/${proxy.prefix}/${proxy.subpath}`,
      content,
    }).value
  }</body></html>`;
}

const french = (locale: string) => locale.toLowerCase().startsWith("fr");

/**
 * /storefront/{shop}/account/rewards: the customer account with the Rewards page
 * (customer-account.page.render), the profile block and, per order, the order-status block.
 * `redeem` (a POST from the page's Redeem form) runs the page's redemption first.
 */
export async function renderCustomerAccountPage(
  ctx: EmulatorContext,
  shop: ShopState,
  customer: EmuCustomer | null,
  locale: string,
  redeem: {
    rewardId: string;
    idempotencyKey: string;
    /** A slider reward's amount as typed; the app checks it. */
    points?: string | null;
  } | null = null,
): Promise<string> {
  const domain = shop.shop.domain;
  const title = french(locale) ? "Compte client" : "Customer account";
  if (!customer)
    return shell(
      ctx,
      shop,
      null,
      locale,
      title,
      html`<h1 class="theme-title">${title}</h1>
        <p data-ux-signed-out>
          ${
            french(locale)
              ? "Connectez-vous pour voir vos récompenses."
              : "Sign in to see your rewards."
          }
          <a href="/storefront/${domain}?locale=${locale}#sign-in"
            >${french(locale) ? "Connexion" : "Sign in"}</a
          >
        </p>`,
    );

  const client = clientFor(
    ctx,
    domain,
    "customer-account",
    customer.id,
    locale,
  );
  const pageT = extensionTranslator("customer-account-rewards", locale);
  const blocksT = extensionTranslator("customer-account-points", locale);
  const redeemed = redeem
    ? await client.redeem(
        redeem.rewardId,
        redeem.idempotencyKey,
        redeem.points ? Number(redeem.points) : undefined,
      )
    : null;
  const answer = await client.rewardsPage();
  if (!answer.ok)
    return shell(
      ctx,
      shop,
      customer,
      locale,
      title,
      html`<h1 class="theme-title">${title}</h1>
        <section class="ux" data-extension="customer-account-rewards">
          <p class="ux-banner ux-banner--critical">
            ${pageT("page.load_error")} (${answer.status} ${answer.code})
          </p>
        </section>`,
    );
  const view = rewardsPageView(answer.data, pageT, locale);
  const notice = redeemed
    ? redemptionMessage(redeemed, pageT, answer.data.program.pointsName)
    : null;
  const profile = profileBalanceMessage(answer.data, blocksT, locale);
  const orders = [...shop.orders.values()]
    .filter((order) => order.customerId === customer.id)
    .sort((a, b) => b.id - a.id)
    .slice(0, 5);
  const orderLines = await Promise.all(
    orders.map(async (order) => {
      const earned = await client.orderPoints(
        `gid://shopify/Order/${order.id}`,
      );
      return {
        order,
        message: earned.ok
          ? orderStatusMessage(earned.data, blocksT, locale)
          : null,
      };
    }),
  );
  const label = (name: string) => html`<p class="ux-label">${name}</p>`;

  const rewardsPage = view.unavailable
    ? html`<section class="ux" data-extension="customer-account-rewards">
        ${label("customer-account.page.render")}
        <h2>${view.title}</h2>
        <p data-ux-unavailable>${view.unavailable}</p>
      </section>`
    : html`<section class="ux" data-extension="customer-account-rewards">
        ${label("customer-account.page.render")}
        <h2>${view.title}</h2>
        <p class="ux-balance" data-ux-balance>${view.balance}</p>
        ${view.pending ? html`<p class="ux-muted" data-ux-pending>${view.pending}</p>` : ""}
        ${view.tier ? html`<p class="ux-muted" data-ux-tier>${view.tier}</p>` : ""}
        ${
          notice
            ? html`<div
                class="ux-banner ux-banner--${notice.tone}"
                role="status"
                data-ux-notice
              >
                <p>${notice.text}</p>
                ${notice.code ? html`<p><code data-ux-code>${notice.code}</code></p>` : ""}
              </div>`
            : ""
        }
        <h3>${pageT("rewards.title")}</h3>
        ${view.rewards.length === 0 ? html`<p>${pageT("rewards.empty")}</p>` : ""}
        <ul class="ux-grid">
          ${view.rewards.map(
            (reward) =>
              html`<li class="ux-card" data-ux-reward="${reward.id}">
                <p><strong>${reward.name}</strong></p>
                ${reward.description ? html`<p>${reward.description}</p>` : ""}
                <p>${reward.cost}</p>
                ${reward.details.map((line) => html`<p class="ux-muted">${line}</p>`)}
                ${
                  reward.status
                    ? html`<p>
                        <span class="ux-badge">${reward.status}</span>
                      </p>`
                    : html`<form
                        method="post"
                        action="/storefront/${domain}/account/rewards?locale=${locale}"
                      >
                        <input
                          type="hidden"
                          name="rewardId"
                          value="${reward.id}"
                        />
                        <input
                          type="hidden"
                          name="idempotencyKey"
                          value="${randomUUID()}"
                        />
                        ${
                          reward.slider
                            ? html`<label
                                  >${reward.slider.label}
                                  <input
                                    type="number"
                                    name="points"
                                    min="${reward.slider.min}"
                                    max="${reward.slider.max}"
                                    step="${reward.slider.step}"
                                    value="${reward.slider.min}"
                                    required
                                /></label>
                                <p class="ux-muted">${reward.slider.hint}</p>`
                            : ""
                        }
                        <button type="submit">
                          ${pageT("rewards.redeem", { reward: reward.name })}
                        </button>
                      </form>`
                }
              </li>`,
          )}
        </ul>
        <h3>${pageT("codes.title")}</h3>
        ${view.codes.length === 0 ? html`<p>${pageT("codes.empty")}</p>` : ""}
        <table>
          ${view.codes.map(
            (code) =>
              html`<tr data-ux-code-row>
                <td>${code.rewardName}</td>
                <td><code>${code.code ?? ""}</code></td>
                <td><span class="ux-badge">${code.status}</span></td>
              </tr>`,
          )}
        </table>
        <h3>${pageT("history.title")}</h3>
        ${view.history.length === 0 ? html`<p>${pageT("history.empty")}</p>` : ""}
        <table data-ux-history>
          ${view.history.map(
            (row) =>
              html`<tr>
                <td class="ux-muted">${row.date}</td>
                <td>${row.label}</td>
                <td><strong>${row.points}</strong></td>
              </tr>`,
          )}
        </table>
      </section>`;

  return shell(
    ctx,
    shop,
    customer,
    locale,
    title,
    html`<h1 class="theme-title">${title}</h1>
      ${
        profile
          ? html`<section
              class="ux"
              data-extension="customer-account-points/profile"
            >
              ${label("customer-account.profile.block.render")}
              <h2>${profile.heading}</h2>
              <p class="ux-balance">${profile.balance}</p>
              ${profile.tier ? html`<p class="ux-muted">${profile.tier}</p>` : ""}
            </section>`
          : ""
      }
      ${rewardsPage}
      ${
        orderLines.length > 0
          ? html`<section
              class="ux"
              data-extension="customer-account-points/order-status"
            >
              ${label("customer-account.order-status.block.render")}
              <table>
                ${orderLines.map(
                  ({ order, message }) =>
                    html`<tr data-ux-order="${order.id}">
                      <td><strong>${order.name}</strong></td>
                      <td>${message ?? "—"}</td>
                      <td>
                        <a
                          href="/storefront/${domain}/thank-you/${order.id}?locale=${locale}"
                          >${french(locale) ? "Page de remerciement" : "Thank-you page"}</a
                        >
                      </td>
                    </tr>`,
                )}
              </table>
            </section>`
          : ""
      }`,
  );
}

/**
 * /storefront/{shop}/thank-you/{orderId}: checkout's thank-you page with the thank-you block
 * (purchase.thank-you.block.render), signed in as the order's customer or as a guest.
 */
export async function renderThankYouPage(
  ctx: EmulatorContext,
  shop: ShopState,
  orderId: number,
  locale: string,
): Promise<string | null> {
  const order = shop.orders.get(orderId);
  if (!order) return null;
  const customer =
    order.customerId !== null
      ? (shop.customers.get(order.customerId) ?? null)
      : null;
  const client = clientFor(
    ctx,
    shop.shop.domain,
    "checkout",
    customer ? customer.id : null,
    locale,
  );
  const answer = await client.thankYou({
    orderId: `gid://shopify/Order/${order.id}`,
    subtotal: formatCents(orderTotals(order).subtotal),
  });
  const t = extensionTranslator("thank-you-points", locale);
  const view = answer.ok
    ? thankYouView(answer.data, t, locale, `/storefront/${shop.shop.domain}`)
    : null;
  const title = french(locale)
    ? "Merci pour votre commande"
    : "Thank you for your order";
  return shell(
    ctx,
    shop,
    customer,
    locale,
    title,
    html`<h1 class="theme-title">${title}</h1>
      <p>${order.name}</p>
      ${
        view
          ? html`<section class="ux" data-extension="thank-you-points">
              <p class="ux-label">purchase.thank-you.block.render</p>
              <h2>${view.heading}</h2>
              <p data-ux-thanks>${view.body}</p>
              ${view.balance ? html`<p class="ux-muted">${view.balance}</p>` : ""}
              ${
                view.join
                  ? html`<p>
                      <a class="ux-button" href="${view.join.url}"
                        >${view.join.label}</a
                      >
                    </p>`
                  : ""
              }
            </section>`
          : raw("")
      }`,
  );
}
