import { describe, expect, it } from "vitest";

import { ensureShop } from "../state";
import { issueAccessToken } from "./access-tokens";
import { handleAdminGraphql } from "./graphql";
import { createAdminHarness } from "./testing";

const TAG = `mutation Tag($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) { userErrors { message } } }`;

describe("calculated query cost and the leaky bucket", () => {
  it("charges the requested cost, refunds down to what connections returned", async () => {
    const admin = createAdminHarness({
      config: { throttle: { maximumAvailable: 100, restoreRate: 10 } },
    });
    for (let i = 0; i < 3; i++) admin.addCustomer();
    const answer = await admin.graphql(
      `{ customers(first: 20) { edges { cursor node { id email } } pageInfo { hasNextPage } } }`,
    );
    // connection: 2 + 20 × (node 1 + scalars 0); actual: 2 + 3 × 1.
    expect(answer.body.extensions.cost).toEqual({
      requestedQueryCost: 22,
      actualQueryCost: 5,
      throttleStatus: {
        maximumAvailable: 100,
        currentlyAvailable: 95,
        restoreRate: 10,
      },
    });
  });

  it("throttles a burst with Shopify's THROTTLED error, runs nothing, and restores with the clock", async () => {
    const admin = createAdminHarness({
      config: { throttle: { maximumAvailable: 100, restoreRate: 10 } },
    });
    const customer = admin.addCustomer();
    const id = `gid://shopify/Customer/${customer.id}`;
    for (let i = 0; i < 10; i++) {
      const ok = await admin.graphql(TAG, { id, tags: [`burst-${i}`] });
      expect(ok.body.extensions.cost.requestedQueryCost).toBe(10);
      expect(ok.body.errors).toBeUndefined();
    }

    const throttled = await admin.graphql(TAG, { id, tags: ["one-too-many"] });
    expect(throttled.status).toBe(200);
    expect(throttled.body).toEqual({
      errors: [
        {
          message: "Throttled",
          extensions: {
            code: "THROTTLED",
            documentation: "https://shopify.dev/api/usage/rate-limits",
          },
        },
      ],
      extensions: {
        cost: {
          requestedQueryCost: 10,
          actualQueryCost: null,
          throttleStatus: {
            maximumAvailable: 100,
            currentlyAvailable: 0,
            restoreRate: 10,
          },
        },
      },
    });
    expect(customer.tags).not.toContain("one-too-many");
    expect(admin.ctx.adminCalls.at(-1)?.errors).toEqual(["THROTTLED"]);

    admin.advance(500); // 5 points back: still not enough for a mutation
    expect(
      (await admin.graphql(TAG, { id, tags: ["too-early"] })).body.errors[0]
        .extensions.code,
    ).toBe("THROTTLED");

    admin.advance(500);
    const restored = await admin.graphql(TAG, { id, tags: ["after-restore"] });
    expect(restored.body.errors).toBeUndefined();
    expect(
      restored.body.extensions.cost.throttleStatus.currentlyAvailable,
    ).toBe(0);
    expect(customer.tags).toContain("after-restore");

    admin.advance(60_000); // the bucket never holds more than its maximum
    expect(
      (await admin.graphql(`{ shop { name } }`)).body.extensions.cost
        .throttleStatus.currentlyAvailable,
    ).toBe(99);
  });

  it("refuses a single query costing more than 1000 points", async () => {
    const admin = createAdminHarness();
    const answer = await admin.graphql(
      `{ orders(first: 250) { nodes { id lineItems(first: 250) { nodes { id } } } } }`,
    );
    expect(answer.body.errors[0].extensions).toMatchObject({
      code: "MAX_COST_EXCEEDED",
      maxCost: 1000,
    });
    expect(answer.body.extensions.cost.requestedQueryCost).toBe(
      2 + 250 * (1 + 2 + 250),
    );
  });

  it("keeps one bucket per shop", async () => {
    const admin = createAdminHarness({
      config: { throttle: { maximumAvailable: 10, restoreRate: 1 } },
    });
    const customer = admin.addCustomer();
    await admin.graphql(TAG, {
      id: `gid://shopify/Customer/${customer.id}`,
      tags: ["a"],
    });
    expect(
      (
        await admin.graphql(TAG, {
          id: `gid://shopify/Customer/${customer.id}`,
          tags: ["b"],
        })
      ).body.errors[0].extensions.code,
    ).toBe("THROTTLED");

    const other = ensureShop(admin.ctx.state, "other-shop.myshopify.com");
    const { accessToken } = issueAccessToken(other, {
      accessMode: "offline",
      now: admin.now(),
      lifetimeSeconds: null,
    });
    const response = await handleAdminGraphql(admin.ctx, {
      shop: "other-shop.myshopify.com",
      apiVersion: "2026-07",
      headers: {
        "content-type": "application/json",
        "x-shopify-access-token": accessToken,
      },
      body: JSON.stringify({ query: "{ shop { name } }" }),
    });
    expect(
      response.kind === "respond" &&
        JSON.parse(response.body).extensions.cost.throttleStatus
          .currentlyAvailable,
    ).toBe(9);
  });
});
