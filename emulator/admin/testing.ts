import {
  createEmulatorContext,
  type EmulatorConfig,
  type EmulatorContext,
} from "../context";
import {
  createEmulatorState,
  type EmuCustomer,
  type EmuOrder,
  ensureShop,
  type ShopState,
} from "../state";
import { issueAccessToken } from "./access-tokens";
import { type AdminResponse, handleAdminGraphql } from "./graphql";

/**
 * A shop with an installed app and an offline token, a movable clock, and a `graphql()` that goes
 * through handleAdminGraphql exactly as the HTTP server does. For the emulator's own tests and for
 * app tests that want an Admin API without a socket.
 */
export interface AdminHarness {
  ctx: EmulatorContext;
  shop: ShopState;
  domain: string;
  accessToken: string;
  now(): Date;
  advance(ms: number): void;
  graphql(
    query: string,
    variables?: Record<string, unknown>,
    options?: { operationName?: string; token?: string; apiVersion?: string },
  ): Promise<GraphqlAnswer>;
  addCustomer(fields?: Partial<EmuCustomer>): EmuCustomer;
  addOrder(fields?: Partial<EmuOrder>): EmuOrder;
}

export interface GraphqlAnswer {
  status: number;
  dropped: boolean;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  response: AdminResponse;
}

export function testEmulatorConfig(
  overrides: Partial<EmulatorConfig> = {},
): EmulatorConfig {
  return {
    apiKey: "test-api-key",
    apiSecret: "test-api-secret",
    appUrl: "http://localhost:3999",
    publicUrl: "http://localhost:0",
    apiVersion: "2026-07",
    appTomlPath: "shopify.app.toml",
    throttle: { maximumAvailable: 2000, restoreRate: 100 },
    ...overrides,
  };
}

export function createAdminHarness(
  options: {
    config?: Partial<EmulatorConfig>;
    start?: Date;
    domain?: string;
  } = {},
): AdminHarness {
  let clock = options.start ?? new Date("2026-03-01T12:00:00Z");
  const state = createEmulatorState({ now: () => clock });
  const ctx = createEmulatorContext(testEmulatorConfig(options.config), state);
  const domain = options.domain ?? "test-shop.myshopify.com";
  const shop = ensureShop(state, domain, { currencyCode: "EUR" });
  shop.shop.installed = true;
  const { accessToken } = issueAccessToken(shop, {
    accessMode: "offline",
    now: clock,
    lifetimeSeconds: null,
  });

  return {
    ctx,
    shop,
    domain,
    accessToken,
    now: () => clock,
    advance: (ms) => {
      clock = new Date(clock.getTime() + ms);
    },
    graphql: async (query, variables, requestOptions = {}) => {
      const response = await handleAdminGraphql(ctx, {
        shop: domain,
        apiVersion: requestOptions.apiVersion ?? "2026-07",
        headers: {
          "Content-Type": "application/json",
          "X-Shopify-Access-Token": requestOptions.token ?? accessToken,
        },
        body: JSON.stringify({
          query,
          variables,
          operationName: requestOptions.operationName,
        }),
      });
      if (response.kind === "drop")
        return { status: 0, dropped: true, body: null, response };
      let body: unknown = response.body;
      try {
        body = JSON.parse(response.body);
      } catch {
        // HTML error pages stay text.
      }
      return { status: response.status, dropped: false, body, response };
    },
    addCustomer: (fields = {}) => {
      const id = state.nextId();
      const at = clock.toISOString();
      const customer: EmuCustomer = {
        id,
        email: `customer${id}@example.com`,
        firstName: "Ada",
        lastName: "Lovelace",
        phone: null,
        tags: [],
        verifiedEmail: true,
        emailMarketingState: "NOT_SUBSCRIBED",
        createdAt: at,
        updatedAt: at,
        ...fields,
      };
      shop.customers.set(customer.id, customer);
      return customer;
    },
    addOrder: (fields = {}) => {
      const id = state.nextId();
      const at = clock.toISOString();
      const number = 1001 + shop.orders.size;
      const order: EmuOrder = {
        id,
        name: `#${number}`,
        orderNumber: number,
        email: null,
        customerId: null,
        test: false,
        currency: shop.shop.currencyCode,
        presentmentCurrency: shop.shop.currencyCode,
        presentmentRate: 1,
        taxesIncluded: true,
        lineItems: [],
        shippingLines: [],
        discountApplications: [],
        discountCodes: [],
        tipAmount: "0.00",
        financialStatus: "paid",
        fulfillmentStatus: null,
        fulfillments: [],
        refunds: [],
        transactions: [],
        tags: [],
        note: null,
        sourceName: "web",
        cancelledAt: null,
        cancelReason: null,
        closedAt: null,
        processedAt: at,
        createdAt: at,
        updatedAt: at,
        ...fields,
      };
      shop.orders.set(order.id, order);
      return order;
    },
  };
}
