import { beforeAll, describe, expect, it } from "vitest";

import {
  createFakeAdminApi,
  graphqlData,
  storeOfflineSession,
  throttledAnswer,
} from "~/../test/fake-admin-api";
import { runOperation, throttleWaitMs } from "~/shopify/admin-client.server";
import {
  isRetryableShopifyError,
  ShopifyGraphqlError,
  ShopifyNotInstalledError,
  ShopifyThrottledError,
  ShopifyUnavailableError,
  ShopifyUserError,
} from "~/shopify/errors.server";
import { MetafieldsSet } from "~/shopify/graphql/MetafieldsSet";
import { ShopProfile } from "~/shopify/graphql/ShopProfile";
import { createShopifyFetch } from "~/shopify/shopify-fetch.server";

const SHOP = "door-test.myshopify.com";
const PROFILE = {
  shop: {
    name: "Door Test",
    currencyCode: "EUR",
    ianaTimezone: "Europe/Paris",
    myshopifyDomain: SHOP,
  },
};

function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the promise to reject");
}

beforeAll(async () => {
  await storeOfflineSession(SHOP, "shpat_door");
});

describe("runOperation", () => {
  it("posts the operation to the shop's 2026-07 endpoint with the offline token", async () => {
    const api = createFakeAdminApi(() => graphqlData(PROFILE));
    const data = await runOperation(
      SHOP,
      ShopProfile,
      {},
      { fetch: api.fetch },
    );

    expect(data).toEqual(PROFILE);
    expect(api.calls).toHaveLength(1);
    expect(api.calls[0]).toMatchObject({
      url: `https://${SHOP}/admin/api/2026-07/graphql.json`,
      accessToken: "shpat_door",
      operationName: "ShopProfile",
    });
  });

  it("reaches the emulator when the fetch rewrites for SHOPIFY_EMULATOR_URL", async () => {
    const api = createFakeAdminApi(() => graphqlData(PROFILE));
    await runOperation(
      SHOP,
      ShopProfile,
      {},
      { fetch: createShopifyFetch("http://127.0.0.1:4999", api.fetch) },
    );
    expect(api.calls[0].url).toBe(
      `http://127.0.0.1:4999/${SHOP}/admin/api/2026-07/graphql.json`,
    );
  });

  it("waits for the bucket to refill after THROTTLED, then succeeds", async () => {
    const api = createFakeAdminApi((_call, index) =>
      index === 0
        ? throttledAnswer({
            requestedQueryCost: 100,
            currentlyAvailable: 20,
            restoreRate: 50,
          })
        : graphqlData(PROFILE),
    );
    const { waits, sleep } = recordingSleep();

    const data = await runOperation(
      SHOP,
      ShopProfile,
      {},
      { fetch: api.fetch, sleep },
    );

    expect(data).toEqual(PROFILE);
    expect(api.calls).toHaveLength(2);
    // (100 - 20) points at 50 points per second.
    expect(waits).toEqual([1600]);
  });

  it("gives up after the bounded number of throttled retries with retryAfterMs", async () => {
    const api = createFakeAdminApi(() =>
      throttledAnswer({
        requestedQueryCost: 30,
        currentlyAvailable: 10,
        restoreRate: 100,
      }),
    );
    const { waits, sleep } = recordingSleep();

    const error = await caught(
      runOperation(
        SHOP,
        ShopProfile,
        {},
        { fetch: api.fetch, sleep, maxThrottleRetries: 2 },
      ),
    );

    expect(error).toBeInstanceOf(ShopifyThrottledError);
    expect((error as ShopifyThrottledError).retryAfterMs).toBe(200);
    expect(isRetryableShopifyError(error)).toBe(true);
    expect(api.calls).toHaveLength(3);
    expect(waits).toEqual([200, 200]);
  });

  it("does not sleep in-process when the wait is longer than allowed", async () => {
    const api = createFakeAdminApi(() =>
      throttledAnswer({
        requestedQueryCost: 1000,
        currentlyAvailable: 0,
        restoreRate: 50,
      }),
    );
    const { waits, sleep } = recordingSleep();

    const error = await caught(
      runOperation(
        SHOP,
        ShopProfile,
        {},
        { fetch: api.fetch, sleep, maxThrottleWaitMs: 5_000 },
      ),
    );

    expect(error).toBeInstanceOf(ShopifyThrottledError);
    expect((error as ShopifyThrottledError).retryAfterMs).toBe(20_000);
    expect(waits).toEqual([]);
    expect(api.calls).toHaveLength(1);
  });

  it("treats HTTP 429 as throttled, honouring Retry-After", async () => {
    const api = createFakeAdminApi((_call, index) =>
      index === 0
        ? {
            status: 429,
            body: { errors: "Exceeded 2 calls per second" },
            headers: { "retry-after": "2.0" },
          }
        : graphqlData(PROFILE),
    );
    const { waits, sleep } = recordingSleep();
    await runOperation(SHOP, ShopProfile, {}, { fetch: api.fetch, sleep });
    expect(waits).toEqual([2000]);
  });

  it("turns userErrors into ShopifyUserError", async () => {
    const api = createFakeAdminApi(() =>
      graphqlData({
        metafieldsSet: {
          metafields: [],
          userErrors: [
            {
              field: ["metafields", "0", "value"],
              message: "Value can't be blank.",
              code: "BLANK",
              elementIndex: 0,
            },
          ],
        },
      }),
    );
    const variables = {
      metafields: [
        {
          ownerId: "gid://shopify/Customer/1",
          namespace: "$app:loyalty",
          key: "tier",
          value: "",
        },
      ],
    };

    const error = await caught(
      runOperation(SHOP, MetafieldsSet, variables, { fetch: api.fetch }),
    );

    expect(error).toBeInstanceOf(ShopifyUserError);
    expect((error as ShopifyUserError).userErrors).toEqual([
      {
        field: ["metafields", "0", "value"],
        message: "Value can't be blank.",
        code: "BLANK",
      },
    ]);
    expect((error as ShopifyUserError).operation).toBe("MetafieldsSet");
    expect(isRetryableShopifyError(error)).toBe(false);
  });

  it.each([500, 502, 503, 504])(
    "turns HTTP %i into ShopifyUnavailableError",
    async (status) => {
      const api = createFakeAdminApi(() => ({
        status,
        body: "<html>Service unavailable</html>",
        headers: { "content-type": "text/html" },
      }));
      const error = await caught(
        runOperation(SHOP, ShopProfile, {}, { fetch: api.fetch }),
      );
      expect(error).toBeInstanceOf(ShopifyUnavailableError);
      expect((error as ShopifyUnavailableError).status).toBe(status);
      expect(isRetryableShopifyError(error)).toBe(true);
    },
  );

  it("turns Shopify's INTERNAL_SERVER_ERROR answer into ShopifyUnavailableError", async () => {
    const api = createFakeAdminApi(() => ({
      body: {
        errors: [
          {
            message:
              "Internal error. Looks like something went wrong on our end.",
            extensions: { code: "INTERNAL_SERVER_ERROR" },
          },
        ],
      },
    }));
    await expect(
      runOperation(SHOP, ShopProfile, {}, { fetch: api.fetch }),
    ).rejects.toBeInstanceOf(ShopifyUnavailableError);
  });

  it("turns network failures and timeouts into ShopifyUnavailableError", async () => {
    const network = createFakeAdminApi(() => ({
      throws: new TypeError("fetch failed"),
    }));
    await expect(
      runOperation(SHOP, ShopProfile, {}, { fetch: network.fetch }),
    ).rejects.toBeInstanceOf(ShopifyUnavailableError);

    const timeout = createFakeAdminApi(() => ({
      throws: new DOMException(
        "The operation was aborted due to timeout",
        "TimeoutError",
      ),
    }));
    const error = await caught(
      runOperation(SHOP, ShopProfile, {}, { fetch: timeout.fetch }),
    );
    expect(error).toBeInstanceOf(ShopifyUnavailableError);
    expect((error as ShopifyUnavailableError).timedOut).toBe(true);
  });

  it("aborts an attempt that outlives timeoutMs", async () => {
    const hanging = createFakeAdminApi(() => new Promise<never>(() => {}));
    const wrapped: typeof hanging.fetch = (input, init) =>
      new Promise((_resolve, reject) => {
        void hanging.fetch(input, init);
        init?.signal?.addEventListener("abort", () =>
          reject(init.signal?.reason),
        );
      });
    const error = await caught(
      runOperation(SHOP, ShopProfile, {}, { fetch: wrapped, timeoutMs: 10 }),
    );
    expect(error).toBeInstanceOf(ShopifyUnavailableError);
    expect((error as ShopifyUnavailableError).timedOut).toBe(true);
  });

  it("turns top-level GraphQL errors into ShopifyGraphqlError", async () => {
    const api = createFakeAdminApi(() => ({
      body: {
        errors: [
          {
            message: "Field 'nope' doesn't exist on type 'Shop'",
            locations: [{ line: 1, column: 20 }],
            path: ["query ShopProfile", "shop", "nope"],
            extensions: {
              code: "undefinedField",
              typeName: "Shop",
              fieldName: "nope",
            },
          },
        ],
      },
    }));
    const error = await caught(
      runOperation(SHOP, ShopProfile, {}, { fetch: api.fetch }),
    );
    expect(error).toBeInstanceOf(ShopifyGraphqlError);
    expect((error as ShopifyGraphqlError).errors[0]).toMatchObject({
      code: "undefinedField",
    });
    expect(isRetryableShopifyError(error)).toBe(false);
  });

  it("refuses a shop without an offline session before any request", async () => {
    const api = createFakeAdminApi(() => graphqlData(PROFILE));
    const error = await caught(
      runOperation(
        "never-installed.myshopify.com",
        ShopProfile,
        {},
        { fetch: api.fetch },
      ),
    );
    expect(error).toBeInstanceOf(ShopifyNotInstalledError);
    expect(api.calls).toHaveLength(0);
  });

  it("treats a 401 (token revoked) as not installed", async () => {
    const api = createFakeAdminApi(() => ({
      status: 401,
      body: {
        errors:
          "[API] Invalid API key or access token (unrecognized login or wrong password)",
      },
    }));
    await expect(
      runOperation(SHOP, ShopProfile, {}, { fetch: api.fetch }),
    ).rejects.toBeInstanceOf(ShopifyNotInstalledError);
  });
});

describe("throttleWaitMs", () => {
  it("computes the refill time from the cost block, with a floor and a fallback", () => {
    const cost = (
      requested: number,
      available: number,
      restoreRate: number,
    ) => ({
      cost: {
        requestedQueryCost: requested,
        throttleStatus: {
          currentlyAvailable: available,
          restoreRate,
          maximumAvailable: 2000,
        },
      },
    });
    expect(throttleWaitMs(cost(250, 50, 100))).toBe(2000);
    expect(throttleWaitMs(cost(10, 10, 100))).toBe(50);
    expect(throttleWaitMs(undefined)).toBe(1000);
  });
});
