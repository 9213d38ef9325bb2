import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { beforeAll, describe, expect, it } from "vitest";

import { adminRequest } from "~/../test/browser/admin-auth";
import { signedWebhookRequest } from "~/../test/webhooks";
import prisma from "~/db.server";
import { loader as layoutLoader } from "~/routes/app";
import { action as appUninstalled } from "~/routes/webhooks.app.uninstalled";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";

// Uninstall, then reinstall at once (well within the session cache's 30 s), through the real
// authenticate.admin and authenticate.webhook: the reinstall must go through token exchange
// (and so afterAuth), leaving the shop installed with its new token.
const SHOP = "reinstall-quickly.myshopify.com";
const APP = "http://localhost:3999";
const tokenExchanges: string[] = [];

setAbstractFetchFunc((async (
  input: string | URL | Request,
  init?: RequestInit,
) => {
  const request = new Request(input, init);
  const url = new URL(request.url);
  if (url.pathname !== "/admin/oauth/access_token")
    return new Response("unexpected", { status: 500 });
  tokenExchanges.push(url.host);
  return Response.json({
    access_token: `shpat_exchange_${tokenExchanges.length}`,
    scope: process.env.SCOPES,
  });
}) as never);

const args = (request: Request) => ({ request, params: {}, context: {} });
let counter = 0;
const deliver = (
  action: typeof appUninstalled,
  topic: string,
  body: unknown,
) => {
  counter += 1;
  return action(
    args(
      signedWebhookRequest({
        topic,
        shop: SHOP,
        body,
        eventId: `reinstall-event-${counter}`,
        webhookId: `reinstall-webhook-${counter}`,
      }),
    ),
  );
};

const shopRow = () =>
  prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } });
const offlineToken = async () =>
  (await prisma.session.findUnique({ where: { id: `offline_${SHOP}` } }))
    ?.accessToken ?? null;

beforeAll(async () => {
  // The first visit installs the shop through token exchange.
  await layoutLoader(args(await adminRequest(`${APP}/app`, SHOP)));
  expect(tokenExchanges).toHaveLength(1);
  expect((await shopRow()).uninstalledAt).toBeNull();
});

describe("reinstalling right after an uninstall", () => {
  it("exchanges a new token and installs the shop again, even with the old session cached", async () => {
    // Webhooks and admin loads have read the offline session (and cached it).
    await deliver(ordersPaid, "orders/paid", { id: 1 });
    await layoutLoader(args(await adminRequest(`${APP}/app`, SHOP)));
    expect(tokenExchanges).toHaveLength(1);

    const uninstalled = await deliver(appUninstalled, "app/uninstalled", {
      id: 1,
      domain: SHOP,
      myshopify_domain: SHOP,
    });
    expect(uninstalled.status).toBe(200);
    expect((await shopRow()).uninstalledAt).not.toBeNull();
    expect(await offlineToken()).toBeNull();

    await layoutLoader(args(await adminRequest(`${APP}/app`, SHOP)));

    expect(tokenExchanges).toHaveLength(2);
    expect(await offlineToken()).toBe("shpat_exchange_2");
    expect((await shopRow()).uninstalledAt).toBeNull();
  });
});
