import type { EmulatorContext } from "../context";
import { html, page } from "./html";

export function renderIndexPage(ctx: EmulatorContext): string {
  const shops = [...ctx.state.shops.values()];
  return page(
    "Shopify emulator",
    html`<header class="bar">
        <strong>Local Shopify emulator</strong
        ><span class="muted">app: ${ctx.config.appUrl}</span>
      </header>
      <main>
        <section class="card">
          <h2>Shops</h2>
          ${
            shops.length === 0
              ? html`<p class="muted">
                  No shop yet. Create one below, or open
                  /admin/{shop}.myshopify.com to install the app on it.
                </p>`
              : html`<table>
                  <thead>
                    <tr>
                      <th>Shop</th>
                      <th>Installed</th>
                      <th>Currency</th>
                      <th>Customers</th>
                      <th>Orders</th>
                      <th></th>
                    </tr>
                  </thead>
                  <tbody>
                    ${shops.map(
                      (s) =>
                        html`<tr>
                          <td>${s.shop.domain}</td>
                          <td>${s.shop.installed ? "yes" : "no"}</td>
                          <td>${s.shop.currencyCode}</td>
                          <td>${s.customers.size}</td>
                          <td>${s.orders.size}</td>
                          <td>
                            <a href="/admin/${s.shop.domain}">Admin</a> ·
                            <a href="/store/${s.shop.domain}"
                              >Store simulator</a
                            >
                            ·
                            <a href="/storefront/${s.shop.domain}"
                              >Storefront</a
                            >
                          </td>
                        </tr>`,
                    )}
                  </tbody>
                </table>`
          }
        </section>
        <section class="card">
          <h2>New shop</h2>
          <form id="new-shop">
            <label
              >Domain
              <input
                name="shop"
                placeholder="demo.myshopify.com"
                required
                pattern="[a-z0-9][a-z0-9-]*\\.myshopify\\.com"
            /></label>
            <label
              >Currency <input name="currency" value="EUR" size="4"
            /></label>
            <label
              >Time zone <input name="timezone" value="Europe/Paris"
            /></label>
            <button type="submit">Create</button>
          </form>
        </section>
      </main>
      <script>
        document
          .getElementById("new-shop")
          .addEventListener("submit", async (event) => {
            event.preventDefault();
            const data = Object.fromEntries(new FormData(event.target));
            const response = await fetch("/_emulator/shops", {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify(data),
            });
            if (response.ok) location.href = "/store/" + data.shop;
            else alert((await response.json()).error);
          });
      </script>`,
  );
}
