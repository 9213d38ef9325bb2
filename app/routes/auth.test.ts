import { describe, expect, it } from "vitest";

import { BROWSER_USER_AGENT } from "~/../test/browser/admin-auth";
import { loader as authLoader } from "~/routes/auth.$";
import {
  action as loginAction,
  loader as loginLoader,
} from "~/routes/auth.login";
import { isAllowedExitIframeDestination } from "~/shopify/exit-iframe.server";

const APP = "http://localhost:3999";
const SHOP = "exit-shop.myshopify.com";

const args = (request: Request) => ({ request, params: {}, context: {} });

/** Loaders answer by returning or by throwing a Response (the library's pages and redirects). */
async function answer(result: Promise<unknown>): Promise<Response | unknown> {
  try {
    return await result;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

function exitIframe(destination: string, shop = SHOP) {
  const url = new URL("/auth/exit-iframe", APP);
  url.searchParams.set("shop", shop);
  url.searchParams.set("host", Buffer.from(`${shop}/admin`).toString("base64"));
  url.searchParams.set("exitIframe", destination);
  return answer(
    authLoader(
      args(new Request(url, { headers: { "User-Agent": BROWSER_USER_AGENT } })),
    ),
  );
}

describe("the exit-iframe page", () => {
  it.each([
    "https://evil.example/phish",
    "//evil.example/phish",
    "https://other-shop.myshopify.com/admin",
    `https://${SHOP}.evil.example/admin`,
    "https://admin.shopify.com/store/other-shop/apps",
    `https://admin.shopify.com/store/${SHOP.replace(".myshopify.com", "")}-x`,
    `https://user@${SHOP}/admin`,
    `http://${SHOP}/admin`,
    "javascript:alert(1)",
    "",
  ])("refuses %j", async (destination) => {
    const response = (await exitIframe(destination)) as Response;
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(400);
    expect(await response.text()).not.toContain("window.open");
  });

  it.each([
    `https://${SHOP}/admin/apps/loyalty`,
    "https://admin.shopify.com/store/exit-shop/apps/loyalty",
  ])("opens %j in the top window", async (destination) => {
    const response = (await exitIframe(destination)) as Response;
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("window.open(");
  });
});

describe("exit-iframe destinations", () => {
  const options = { appUrl: "https://loyalty.example", shop: SHOP };
  it("allows the app's own URL, relative or absolute", () => {
    expect(
      isAllowedExitIframeDestination("https://loyalty.example/app", options),
    ).toBe(true);
    expect(isAllowedExitIframeDestination("/app/rewards", options)).toBe(true);
  });
  it("refuses what only looks like it", () => {
    for (const destination of [
      "https://loyalty.example.evil.example/app",
      "/\\evil.example/app",
      "https://loyalty.example@evil.example/",
      "http://loyalty.example:8080/app",
    ])
      expect(isAllowedExitIframeDestination(destination, options)).toBe(false);
    expect(
      isAllowedExitIframeDestination(`https://${SHOP}/admin`, {
        ...options,
        shop: "evil.example",
      }),
    ).toBe(false);
  });
});

describe("/auth/login", () => {
  it("asks for the store domain", async () => {
    const page = (await loginLoader(
      args(new Request(`${APP}/auth/login`)),
    )) as { error: string | null; text: { title: string } };
    expect(page.error).toBeNull();
    expect(page.text.title).toBe("Open the loyalty program");
  });

  it("says what is wrong with a domain that is not a store's, in the merchant's language", async () => {
    const response = (await loginAction(
      args(
        new Request(`${APP}/auth/login`, {
          method: "POST",
          headers: { "Accept-Language": "fr-CA" },
          body: new URLSearchParams({ shop: "not a shop!" }),
        }),
      ),
    )) as Response;
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error:
        "Ce n’est pas un domaine de boutique. Utilisez celui qui se termine par .myshopify.com.",
    });
  });

  it("sends a store domain to install or open the app in that store's admin", async () => {
    const response = (await answer(
      loginAction(
        args(
          new Request(`${APP}/auth/login`, {
            method: "POST",
            body: new URLSearchParams({ shop: "my-store" }),
          }),
        ),
      ),
    )) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(
      "https://admin.shopify.com/store/my-store/oauth/install?client_id=test-api-key",
    );
  });
});
