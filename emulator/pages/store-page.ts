import type { EmulatorContext } from "../context";
import type { EmuOrder, ShopState } from "../state";
import { deliveryDesk } from "../store/deliver";
import { formatCents, sumCents, toCents } from "../store/money";
import { orderTotals, refundedQuantity } from "../store/payloads";
import { html, page, raw, type SafeHtml, shopNav } from "./html";

/**
 * The store simulator: what shoppers and the merchant do in a real store (sign up, check out,
 * refund, cancel...), each action sending the webhooks Shopify would. Forms post JSON to the
 * control API (/_emulator/...), the same one the CLI and the tests use.
 */
export function renderStorePage(ctx: EmulatorContext, domain: string): string {
  const shop = ctx.state.shops.get(domain) ?? null;
  if (!shop) {
    return page(
      `Store simulator · ${domain}`,
      html`${shopNav(domain, "store")}
        <main>
          <section class="card">
            <h2>No shop ${domain} yet</h2>
            <p>
              Install the app by opening the
              <a href="/admin/${domain}">admin</a>, or create the shop here.
            </p>
            <form data-action="/shops" data-build="shop">
              <input type="hidden" name="shop" value="${domain}" />
              <label
                >Currency <input name="currency" value="EUR" size="4"
              /></label>
              <label
                >Time zone <input name="timezone" value="Europe/Paris"
              /></label>
              <button type="submit">Create shop</button>
            </form>
          </section>
        </main>
        ${clientScript(domain)}`,
    );
  }
  return page(
    `Store simulator · ${domain}`,
    html`${shopNav(domain, "store")}
      <main>
        ${shopCard(shop)} ${customersCard(shop)} ${placeOrderCard(shop)}
        ${ordersCard(shop)} ${deliveriesCard(ctx, domain)}
      </main>
      ${clientScript(domain)}`,
  );
}

function shopCard(shop: ShopState): SafeHtml {
  const s = shop.shop;
  return html`<section class="card">
    <h2>Shop</h2>
    <p>
      ${s.name} · ${s.currencyCode} · ${s.ianaTimezone} · app
      ${s.installed ? "installed" : "not installed"} (${s.accessTokens.size}
      access tokens)
    </p>
    <form
      data-action="/app/uninstall"
      data-build="shopOnly"
      data-confirm="Uninstall the app? Shopify revokes its access tokens at once."
    >
      <button type="submit" class="secondary">
        Uninstall app (app/uninstalled)
      </button>
    </form>
    <form
      data-action="/compliance/shop-redact"
      data-build="shopOnly"
      style="margin-top:6px"
    >
      <button type="submit" class="secondary">
        Erase shop data (shop/redact)
      </button>
    </form>
  </section>`;
}

function customersCard(shop: ShopState): SafeHtml {
  const customers = [...shop.customers.values()].reverse();
  return html`<section class="card">
    <h2>Customers</h2>
    <form data-action="/customers" data-build="customer">
      <label>Email <input name="email" type="email" required /></label>
      <label>First name <input name="firstName" /></label>
      <label>Last name <input name="lastName" /></label>
      <label class="inline"
        ><input type="checkbox" name="subscribed" /> Email marketing</label
      >
      ${deliveryFieldset()}
      <button type="submit">Create customer (customers/create)</button>
    </form>
    <table style="margin-top:10px">
      <thead>
        <tr>
          <th>Id</th>
          <th>Name</th>
          <th>Email</th>
          <th>Marketing</th>
          <th>Tags</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        ${customers.map(
          (c) =>
            html`<tr data-customer-id="${c.id}">
              <td>${c.id}</td>
              <td>${[c.firstName, c.lastName].filter(Boolean).join(" ")}</td>
              <td>${c.email}</td>
              <td>${c.emailMarketingState}</td>
              <td>${c.tags.join(", ")}</td>
              <td>
                <button
                  class="secondary"
                  data-post="/customers/update"
                  data-body="${JSON.stringify({ customerId: c.id, emailMarketing: c.emailMarketingState === "SUBSCRIBED" ? "UNSUBSCRIBED" : "SUBSCRIBED" })}"
                >
                  ${c.emailMarketingState === "SUBSCRIBED" ? "Unsubscribe" : "Subscribe"}
                  (customers/update)
                </button>
                <button
                  class="secondary"
                  data-post="/compliance/customers-data-request"
                  data-body="${JSON.stringify({ customerId: c.id })}"
                >
                  Data request
                </button>
                <button
                  class="secondary"
                  data-post="/compliance/customers-redact"
                  data-body="${JSON.stringify({ customerId: c.id })}"
                >
                  Redact
                </button>
                <a href="/storefront/${shop.shop.domain}?customer=${c.id}"
                  >Storefront as</a
                >
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

function placeOrderCard(shop: ShopState): SafeHtml {
  const customers = [...shop.customers.values()];
  const variants = [...shop.products.values()].flatMap((product) =>
    product.variants.map((variant) => ({
      id: variant.id,
      label: `${product.title}${variant.title === "Default Title" ? "" : ` · ${variant.title}`} · ${variant.price}${product.giftCard ? " (gift card)" : ""}`,
    })),
  );
  const variantSelect = (index: number) =>
    html`<label
        >Product ${index + 1}
        <select name="variant${index}">
          <option value="">—</option>
          ${variants.map((v, i) => html`<option value="${v.id}" ${i === index && index === 0 ? raw("selected") : ""}>${v.label}</option>`)}
        </select></label
      >
      <label
        >Qty <input type="number" name="qty${index}" value="1" min="1"
      /></label>`;
  return html`<section class="card">
    <h2>Place an order (orders/create, orders/paid)</h2>
    <form data-action="/orders" data-build="order">
      <fieldset>
        <legend>Buyer</legend>
        <label
          >Customer
          <select name="customerId">
            <option value="">Guest checkout</option>
            ${customers.map((c) => html`<option value="${c.id}">${c.email} (${c.id})</option>`)}
          </select></label
        >
        <label
          >Guest email
          <input name="email" type="email" placeholder="guest@example.com"
        /></label>
      </fieldset>
      <fieldset>
        <legend>Lines</legend>
        ${variantSelect(0)} ${variantSelect(1)} ${variantSelect(2)}
        <label
          >Custom item <input name="customTitle" placeholder="Title"
        /></label>
        <label
          >Price <input name="customPrice" size="6" placeholder="9.90"
        /></label>
        <label
          >Qty <input type="number" name="customQty" value="1" min="1"
        /></label>
        <label class="inline"
          ><input type="checkbox" name="customGiftCard" /> gift card</label
        >
      </fieldset>
      <fieldset>
        <legend>Money</legend>
        <label
          >Discount code
          <input name="discountCode" size="10" placeholder="WELCOME10"
        /></label>
        <label
          >Type
          <select name="discountType">
            <option value="percentage">%</option>
            <option value="fixed_amount">amount</option>
          </select></label
        >
        <label
          >Value <input name="discountValue" size="5" placeholder="10"
        /></label>
        <label
          >Shipping <input name="shipping" size="6" placeholder="4.90"
        /></label>
        <label
          >Tax rate % <input name="taxRate" size="4" placeholder="20"
        /></label>
        <label class="inline"
          ><input type="checkbox" name="taxesIncluded" checked /> taxes
          included</label
        >
        <label>Tip <input name="tip" size="5" /></label>
        <label
          >Paid in
          <input
            name="presentmentCurrency"
            size="4"
            placeholder="${shop.shop.currencyCode}"
        /></label>
        <label
          >Rate <input name="presentmentRate" size="5" placeholder="1.0"
        /></label>
        <label class="inline"
          ><input type="checkbox" name="test" /> test order</label
        >
      </fieldset>
      ${deliveryFieldset()}
      <button type="submit">Place order</button>
    </form>
  </section>`;
}

function orderLabel(order: EmuOrder): string {
  const states: string[] = [order.financialStatus];
  if (order.fulfillmentStatus) states.push(order.fulfillmentStatus);
  if (order.cancelledAt) states.push("cancelled");
  if (order.test) states.push("test");
  return states.join(" · ");
}

function ordersCard(shop: ShopState): SafeHtml {
  const orders = [...shop.orders.values()].reverse();
  return html`<section class="card">
    <h2>Orders</h2>
    ${orders.length === 0 ? html`<p class="muted">No order yet.</p>` : ""}
    <table>
      <thead>
        <tr>
          <th>Order</th>
          <th>Customer</th>
          <th>Total</th>
          <th>Refunded</th>
          <th>Status</th>
          <th>Actions</th>
        </tr>
      </thead>
      <tbody>
        ${orders.map((order) => {
          const customer =
            order.customerId !== null
              ? shop.customers.get(order.customerId)
              : undefined;
          const totals = orderTotals(order);
          const refunded = sumCents(
            order.refunds.flatMap((r) =>
              r.transactions.map((t) => toCents(t.amount)),
            ),
          );
          return html`<tr data-order-id="${order.id}">
            <td>
              <strong>${order.name}</strong>
              <span class="muted">${order.id}</span><br /><span class="muted"
                >${order.lineItems.map((l) => `${l.quantity}× ${l.title}`).join(", ")}</span
              >
            </td>
            <td>
              ${customer ? customer.email : html`<span class="muted">guest ${order.email ?? ""}</span>`}
            </td>
            <td>
              ${formatCents(totals.total)}
              ${order.currency}${order.presentmentCurrency !== order.currency ? html`<br /><span class="muted">paid in ${order.presentmentCurrency}</span>` : ""}
            </td>
            <td>
              ${refunded ? `${formatCents(refunded)} ${order.currency}` : ""}
            </td>
            <td>${orderLabel(order)}</td>
            <td>
              ${
                order.cancelledAt
                  ? ""
                  : html`<button
                        class="secondary"
                        data-post="/orders/fulfil"
                        data-body="${JSON.stringify({ orderId: order.id })}"
                      >
                        Fulfil
                      </button>
                      <button
                        class="secondary"
                        data-post="/orders/cancel"
                        data-body="${JSON.stringify({ orderId: order.id })}"
                        data-confirm="Cancel ${order.name} and refund it?"
                      >
                        Cancel
                      </button>`
              }
              <details>
                <summary>Refund…</summary>
                <form
                  data-action="/orders/refund"
                  data-build="refund"
                  data-order-id="${order.id}"
                >
                  ${order.lineItems.map((line) => {
                    const left =
                      line.quantity - refundedQuantity(order, line.id);
                    return html`<label
                      >${line.title} (${left} left)
                      <input
                        type="number"
                        name="line-${line.id}"
                        value="0"
                        min="0"
                        max="${left}"
                    /></label>`;
                  })}
                  <label class="inline"
                    ><input type="checkbox" name="shipping" /> shipping</label
                  >
                  <label
                    >Amount <input name="amount" size="6" placeholder="auto"
                  /></label>
                  <label>Note <input name="note" /></label>
                  ${deliveryFieldset()}
                  <button type="submit">Refund (refunds/create)</button>
                </form>
              </details>
            </td>
          </tr>`;
        })}
      </tbody>
    </table>
  </section>`;
}

function deliveriesCard(ctx: EmulatorContext, domain: string): SafeHtml {
  const desk = deliveryDesk(ctx);
  const deliveries = desk.deliveries
    .filter((d) => d.shop === domain)
    .slice(-40)
    .reverse();
  const held = desk.held.filter((d) => d.shop === domain).length;
  return html`<section class="card">
    <h2>Webhook deliveries</h2>
    <p>
      ${held} held.
      <button
        class="secondary"
        data-post="/deliveries/release"
        data-body='{"order":"fifo"}'
      >
        Release in order
      </button>
      <button
        class="secondary"
        data-post="/deliveries/release"
        data-body='{"order":"reverse"}'
      >
        Release reversed
      </button>
      <button
        class="secondary"
        data-post="/deliveries/release"
        data-body='{"order":"random"}'
      >
        Release shuffled
      </button>
      <a href="/_emulator/deliveries?shop=${domain}&body=1">JSON</a>
    </p>
    <table>
      <thead>
        <tr>
          <th>#</th>
          <th>Topic</th>
          <th>Status</th>
          <th>HTTP</th>
          <th>ms</th>
          <th>Attempts</th>
          <th>Webhook id</th>
          <th>Event id</th>
          <th>URL</th>
        </tr>
      </thead>
      <tbody>
        ${deliveries.map(
          (d) =>
            html`<tr>
              <td>${d.seq}</td>
              <td>
                ${d.topic}${d.copy ? html` <span class="muted">(copy ${d.copy})</span>` : ""}
              </td>
              <td class="status-${d.status}">${d.status}</td>
              <td>${d.responseStatus ?? ""}</td>
              <td>${d.ms ?? ""}</td>
              <td>
                ${d.attempts.length}${d.attempts.at(-1)?.error ? html` <span class="muted">${d.attempts.at(-1)?.error}</span>` : ""}
              </td>
              <td><code>${d.webhookId.slice(0, 8)}</code></td>
              <td><code>${d.eventId.slice(0, 8)}</code></td>
              <td class="muted">${d.url ?? "—"}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

function deliveryFieldset(): SafeHtml {
  return html`<fieldset>
    <legend>Delivery</legend>
    <label
      >Duplicates
      <input type="number" name="duplicates" value="0" min="0" max="20"
    /></label>
    <label class="inline"
      ><input type="checkbox" name="newEvent" /> copies as new events</label
    >
    <label
      >Order
      <select name="reorder">
        <option value="">as sent</option>
        <option value="reverse">reversed</option>
        <option value="random">shuffled</option>
      </select></label
    >
    <label class="inline"><input type="checkbox" name="hold" /> hold</label>
  </fieldset>`;
}

function clientScript(shop: string): SafeHtml {
  return html`<script>
    const SHOP = ${raw(JSON.stringify(shop))};
    const flash = document.getElementById("flash");
    function show(message, isError) {
      const div = document.createElement("div");
      div.textContent = message;
      if (isError) div.className = "error";
      flash.append(div);
      setTimeout(() => div.remove(), 6000);
    }
    function text(form, name) {
      const el = form.elements[name];
      return el && el.value.trim() !== "" ? el.value.trim() : null;
    }
    function checked(form, name) {
      const el = form.elements[name];
      return Boolean(el && el.checked);
    }
    function delivery(form) {
      if (!form.elements.duplicates) return undefined;
      const options = {};
      const duplicates = Number(text(form, "duplicates") || 0);
      if (duplicates > 0) options.duplicates = duplicates;
      if (checked(form, "newEvent")) options.sameEventId = false;
      if (text(form, "reorder")) options.reorder = text(form, "reorder");
      if (checked(form, "hold")) options.hold = true;
      return options;
    }
    const builders = {
      shop: (form) => ({
        shop: SHOP,
        currency: text(form, "currency") || undefined,
        timezone: text(form, "timezone") || undefined,
      }),
      shopOnly: () => ({ shop: SHOP }),
      customer: (form) => ({
        shop: SHOP,
        email: text(form, "email"),
        firstName: text(form, "firstName"),
        lastName: text(form, "lastName"),
        emailMarketing: checked(form, "subscribed")
          ? "SUBSCRIBED"
          : "NOT_SUBSCRIBED",
        delivery: delivery(form),
      }),
      order: (form) => {
        const lines = [];
        for (let i = 0; i < 3; i++) {
          const variant = text(form, "variant" + i);
          if (variant)
            lines.push({
              variantId: Number(variant),
              quantity: Number(text(form, "qty" + i) || 1),
            });
        }
        if (text(form, "customTitle") && text(form, "customPrice")) {
          lines.push({
            title: text(form, "customTitle"),
            price: text(form, "customPrice"),
            quantity: Number(text(form, "customQty") || 1),
            giftCard: checked(form, "customGiftCard"),
          });
        }
        const body = {
          shop: SHOP,
          lines,
          test: checked(form, "test"),
          delivery: delivery(form),
        };
        if (text(form, "customerId"))
          body.customerId = Number(text(form, "customerId"));
        else if (text(form, "email")) body.email = text(form, "email");
        if (text(form, "discountCode"))
          body.discount = {
            code: text(form, "discountCode"),
            type: text(form, "discountType"),
            value: text(form, "discountValue") || "10",
          };
        if (text(form, "shipping"))
          body.shipping = { price: text(form, "shipping") };
        if (text(form, "taxRate"))
          body.tax = {
            rate: Number(text(form, "taxRate")) / 100,
            included: checked(form, "taxesIncluded"),
          };
        if (text(form, "tip")) body.tip = text(form, "tip");
        if (text(form, "presentmentCurrency"))
          body.presentment = {
            currency: text(form, "presentmentCurrency"),
            rate: Number(text(form, "presentmentRate") || 1),
          };
        return body;
      },
      refund: (form) => {
        const lines = [];
        for (const el of form.elements) {
          if (el.name && el.name.startsWith("line-") && Number(el.value) > 0)
            lines.push({
              lineItemId: Number(el.name.slice(5)),
              quantity: Number(el.value),
            });
        }
        const body = {
          shop: SHOP,
          orderId: Number(form.dataset.orderId),
          lines,
          delivery: delivery(form),
        };
        if (checked(form, "shipping")) body.shipping = true;
        if (text(form, "amount")) body.amount = text(form, "amount");
        if (text(form, "note")) body.note = text(form, "note");
        return body;
      },
    };
    async function post(path, body) {
      const response = await fetch("/_emulator" + path, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      const answer = await response.json().catch(() => ({}));
      if (!response.ok) {
        show(answer.error || "HTTP " + response.status, true);
        return false;
      }
      const deliveries = answer.deliveries || [];
      const failed = deliveries.filter((d) => d.status === "failed").length;
      show(
        deliveries.length +
          " webhook deliveries" +
          (failed ? ", " + failed + " failed" : ""),
        failed > 0,
      );
      return true;
    }
    document.addEventListener("submit", async (event) => {
      const form = event.target;
      if (!form.dataset.action) return;
      event.preventDefault();
      if (form.dataset.confirm && !confirm(form.dataset.confirm)) return;
      if (await post(form.dataset.action, builders[form.dataset.build](form)))
        setTimeout(() => location.reload(), 400);
    });
    document.addEventListener("click", async (event) => {
      const button = event.target.closest("[data-post]");
      if (!button) return;
      if (button.dataset.confirm && !confirm(button.dataset.confirm)) return;
      const body = Object.assign(
        { shop: SHOP },
        JSON.parse(button.dataset.body || "{}"),
      );
      if (await post(button.dataset.post, body))
        setTimeout(() => location.reload(), 400);
    });
  </script>`;
}
