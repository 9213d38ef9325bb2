import { z } from "zod";

import { type EmulatorContext, NO_FAULTS } from "../context";
import {
  appScopes,
  grantedScopesOf,
  grantOptionalScopes,
  revokeOptionalScopes,
} from "../admin/access-scopes";
import { signSessionToken } from "../session-token";
import type { ShopState } from "../state";
import {
  redactCustomer,
  redactShop,
  requestCustomerData,
  sendRawWebhook,
  uninstallApp,
} from "./app-lifecycle";
import { createCustomer, updateCustomer } from "./customers";
import {
  type DeliveryOptions,
  deliveryDesk,
  releaseHeldDeliveries,
  resetDeliveries,
  setRetryPolicy,
  type WebhookDelivery,
} from "./deliver";
import { cancelOrder, fulfilOrder, placeOrder } from "./orders";
import { customerPayload, orderPayload } from "./payloads";
import { refundOrder } from "./refunds";
import { requireShop, StoreActionError, storeShop } from "./shop";

/**
 * The emulator's JSON control API under /_emulator/: what tests, the CLI and the store simulator
 * page use to drive the fake Shopify and to look at what the app did. Framework-free: the HTTP
 * server hands it method, path, query and body.
 */
export interface ControlRequest {
  method: string;
  /** Path after /_emulator, e.g. "/orders/refund". */
  path: string;
  query: URLSearchParams;
  body: string;
}

export interface ControlResponse {
  status: number;
  body: unknown;
}

const Money = z.union([z.string(), z.number()]);
const ShopDomain = z.string().min(1);
const Id = z.coerce.number().int().positive();

const DeliveryOptionsSchema = z
  .object({
    duplicates: z.number().int().min(0).max(100).optional(),
    sameEventId: z.boolean().optional(),
    sameWebhookId: z.boolean().optional(),
    reorder: z.enum(["reverse", "random"]).optional(),
    seed: z.number().int().optional(),
    hold: z.boolean().optional(),
    wait: z.boolean().optional(),
    concurrent: z.boolean().optional(),
    forgeHmac: z.boolean().optional(),
  })
  .strict();

const WithDelivery = { delivery: DeliveryOptionsSchema.optional() };

const EmailMarketingSchema = z.enum([
  "SUBSCRIBED",
  "NOT_SUBSCRIBED",
  "UNSUBSCRIBED",
  "PENDING",
]);

const ShopSchema = z.object({
  shop: ShopDomain,
  name: z.string().optional(),
  email: z.string().optional(),
  currency: z.string().length(3).optional(),
  timezone: z.string().optional(),
  primaryLocale: z.string().optional(),
  publishedLocales: z.array(z.string()).optional(),
});

const CreateCustomerSchema = z.object({
  shop: ShopDomain,
  email: z.string().email().nullable().optional(),
  firstName: z.string().nullable().optional(),
  lastName: z.string().nullable().optional(),
  phone: z.string().nullable().optional(),
  tags: z.array(z.string()).optional(),
  verifiedEmail: z.boolean().optional(),
  emailMarketing: EmailMarketingSchema.optional(),
  ...WithDelivery,
});

const UpdateCustomerSchema = CreateCustomerSchema.extend({ customerId: Id });

const OrderLineSchema = z.object({
  variantId: Id.optional(),
  productId: Id.optional(),
  title: z.string().optional(),
  variantTitle: z.string().nullable().optional(),
  price: Money.optional(),
  quantity: z.number().int().positive(),
  giftCard: z.boolean().optional(),
  taxable: z.boolean().optional(),
  sku: z.string().nullable().optional(),
});

const PlaceOrderSchema = z.object({
  shop: ShopDomain,
  customerId: Id.nullable().optional(),
  customer: z
    .object({
      email: z.string().email(),
      firstName: z.string().nullable().optional(),
      lastName: z.string().nullable().optional(),
    })
    .optional(),
  email: z.string().nullable().optional(),
  lines: z.array(OrderLineSchema).min(1),
  discount: z
    .object({
      code: z.string().min(1),
      type: z.enum(["percentage", "fixed_amount"]),
      value: Money,
    })
    .nullable()
    .optional(),
  shipping: z
    .object({ title: z.string().optional(), price: Money })
    .nullable()
    .optional(),
  tax: z
    .object({
      rate: z.number(),
      title: z.string().optional(),
      included: z.boolean().optional(),
      shipping: z.boolean().optional(),
    })
    .nullable()
    .optional(),
  tip: Money.nullable().optional(),
  presentment: z
    .object({ currency: z.string().length(3), rate: z.number().positive() })
    .nullable()
    .optional(),
  test: z.boolean().optional(),
  note: z.string().nullable().optional(),
  tags: z.array(z.string()).optional(),
  sourceName: z.string().optional(),
  processedAt: z.string().datetime({ offset: true }).optional(),
  ...WithDelivery,
});

const OrderRefSchema = z.object({
  shop: ShopDomain,
  orderId: Id,
  ...WithDelivery,
});

const FulfilSchema = OrderRefSchema.extend({
  lineItemIds: z.array(Id).optional(),
});

const RefundSchema = OrderRefSchema.extend({
  lines: z
    .array(
      z.object({
        lineItemId: Id,
        quantity: z.number().int().min(0),
        restockType: z.enum(["no_restock", "cancel", "return"]).optional(),
      }),
    )
    .optional(),
  shipping: z.union([z.boolean(), z.object({ amount: Money })]).optional(),
  amount: Money.optional(),
  note: z.string().nullable().optional(),
});

const CancelSchema = OrderRefSchema.extend({
  reason: z
    .enum(["customer", "fraud", "inventory", "declined", "other"])
    .optional(),
  refund: z.boolean().optional(),
});

const ShopRefSchema = z.object({ shop: ShopDomain, ...WithDelivery });
const CustomerRefSchema = z.object({
  shop: ShopDomain,
  customerId: Id,
  ...WithDelivery,
});
const RawWebhookSchema = z.object({
  shop: ShopDomain,
  topic: z.string().min(1),
  payload: z.unknown().optional(),
  rawBody: z.string().optional(),
  ...WithDelivery,
});

const ReleaseSchema = z.object({
  seqs: z.array(z.number().int()).optional(),
  order: z.enum(["fifo", "reverse", "random"]).optional(),
  seed: z.number().int().optional(),
  wait: z.boolean().optional(),
  concurrent: z.boolean().optional(),
});

const FaultsSchema = z
  .object({
    latencyMs: z.number().min(0).optional(),
    serverErrorRate: z.number().min(0).max(1).optional(),
    timeoutAfterSuccessRate: z.number().min(0).max(1).optional(),
    operations: z.array(z.string()).optional(),
    seed: z.number().int().optional(),
  })
  .strict();

const ScopesSchema = z
  .object({
    shop: ShopDomain,
    grant: z.array(z.string().min(1)).optional(),
    revoke: z.array(z.string().min(1)).optional(),
  })
  .strict();

const ConfigSchema = z
  .object({
    appUrl: z.string().url().optional(),
    appTomlPath: z.string().optional(),
    protectedCustomerData: z.enum(["level1", "level2"]).optional(),
    throttle: z
      .object({
        maximumAvailable: z.number().positive(),
        restoreRate: z.number().positive(),
      })
      .optional(),
    webhookRetry: z
      .object({
        attempts: z.number().int().min(1).max(10).optional(),
        baseDelayMs: z.number().min(0).optional(),
        timeoutMs: z.number().positive().optional(),
      })
      .optional(),
  })
  .strict();

type Handler = (
  ctx: EmulatorContext,
  req: ControlRequest,
  params: string[],
) => Promise<ControlResponse> | ControlResponse;

const routes: { method: string; pattern: RegExp; handler: Handler }[] = [
  { method: "GET", pattern: /^\/health$/, handler: () => ok({ ok: true }) },
  {
    method: "GET",
    pattern: /^\/shops$/,
    handler: (ctx) =>
      ok({ shops: [...ctx.state.shops.values()].map(shopSummary) }),
  },
  {
    method: "POST",
    pattern: /^\/shops$/,
    handler: (ctx, req) => {
      const input = parse(ShopSchema, req.body);
      const shop = storeShop(ctx, input.shop, {
        name: input.name,
        email: input.email,
        currencyCode: input.currency,
        ianaTimezone: input.timezone,
        primaryLocale: input.primaryLocale,
        publishedLocales: input.publishedLocales,
      });
      return ok({ shop: shopSummary(shop) });
    },
  },
  {
    method: "GET",
    pattern: /^\/state\/([^/]+)$/,
    handler: (ctx, _req, [domain]) =>
      ok(shopStateView(requireShop(ctx, domain))),
  },
  {
    method: "GET",
    pattern: /^\/admin-calls$/,
    handler: (ctx, req) => {
      const shop = req.query.get("shop");
      const operationName = req.query.get("operationName");
      const operationType = req.query.get("operationType");
      const since = Number(req.query.get("since") ?? 0);
      const calls = ctx.adminCalls.filter(
        (call) =>
          call.seq > since &&
          (!shop || call.shop === shop) &&
          (!operationName || call.operationName === operationName) &&
          (!operationType || call.operationType === operationType),
      );
      return ok({ calls });
    },
  },
  {
    method: "GET",
    pattern: /^\/deliveries$/,
    handler: (ctx, req) => {
      const q = req.query;
      const since = Number(q.get("since") ?? 0);
      const withBody = q.get("body") === "1" || q.get("body") === "true";
      const deliveries = deliveryDesk(ctx).deliveries.filter(
        (d) =>
          d.seq > since &&
          (!q.get("shop") || d.shop === q.get("shop")) &&
          (!q.get("topic") || d.topic === q.get("topic")) &&
          (!q.get("status") || d.status === q.get("status")) &&
          (!q.get("orderId") ||
            d.resource.orderId === Number(q.get("orderId"))) &&
          (!q.get("customerId") ||
            d.resource.customerId === Number(q.get("customerId"))),
      );
      return ok({
        deliveries: deliveries.map((d) => deliveryView(d, withBody)),
      });
    },
  },
  {
    method: "POST",
    pattern: /^\/deliveries\/release$/,
    handler: async (ctx, req) => {
      const released = await releaseHeldDeliveries(
        ctx,
        parse(ReleaseSchema, req.body),
      );
      return ok({ deliveries: released.map((d) => deliveryView(d, false)) });
    },
  },
  {
    method: "POST",
    pattern: /^\/faults$/,
    handler: (ctx, req) => {
      Object.assign(ctx.faults, parse(FaultsSchema, req.body));
      return ok({ faults: ctx.faults });
    },
  },
  {
    method: "POST",
    pattern: /^\/reset$/,
    handler: (ctx) => {
      ctx.state.shops.clear();
      ctx.adminCalls.length = 0;
      ctx.faults = { ...NO_FAULTS };
      resetDeliveries(ctx);
      return ok({ ok: true });
    },
  },
  {
    method: "POST",
    pattern: /^\/config$/,
    handler: (ctx, req) => {
      const input = parse(ConfigSchema, req.body);
      if (input.appUrl) ctx.config.appUrl = input.appUrl.replace(/\/+$/, "");
      if (input.appTomlPath) ctx.config.appTomlPath = input.appTomlPath;
      if (input.throttle) ctx.config.throttle = input.throttle;
      if (input.protectedCustomerData)
        ctx.config.protectedCustomerData = input.protectedCustomerData;
      const webhookRetry = input.webhookRetry
        ? setRetryPolicy(ctx, input.webhookRetry)
        : deliveryDesk(ctx).retry;
      return ok({ config: publicConfig(ctx), webhookRetry });
    },
  },
  {
    method: "GET",
    pattern: /^\/config$/,
    handler: (ctx) =>
      ok({ config: publicConfig(ctx), webhookRetry: deliveryDesk(ctx).retry }),
  },
  {
    // The merchant's answer to `shopify.scopes.request` (App Bridge), or removing an optional scope.
    method: "POST",
    pattern: /^\/scopes$/,
    handler: (ctx, req) => {
      const input = parse(ScopesSchema, req.body);
      const shop = requireShop(ctx, input.shop);
      if (input.grant) {
        const { undeclared } = grantOptionalScopes(
          ctx.config,
          shop,
          input.grant,
        );
        if (undeclared.length > 0)
          throw new StoreActionError(
            `Not declared in shopify.app.toml [access_scopes]: ${undeclared.join(", ")}`,
          );
      }
      if (input.revoke) revokeOptionalScopes(ctx.config, shop, input.revoke);
      return ok(scopesDetail(ctx, shop));
    },
  },
  {
    method: "GET",
    pattern: /^\/scopes$/,
    handler: (ctx, req) => {
      const domain = req.query.get("shop");
      if (!domain) throw new StoreActionError("shop is required");
      return ok(scopesDetail(ctx, requireShop(ctx, domain)));
    },
  },
  {
    // The App Bridge stand-in's resource picker: the shop's products (with variants) or collections,
    // filtered by a case-insensitive title search, in the shape the picker resolves with.
    method: "GET",
    pattern: /^\/catalogue$/,
    handler: (ctx, req) => {
      const domain = req.query.get("shop");
      if (!domain) throw new StoreActionError("shop is required");
      const shop = requireShop(ctx, domain);
      const type = req.query.get("type") ?? "product";
      const query = (req.query.get("query") ?? "").trim().toLowerCase();
      const matches = (title: string) =>
        query === "" || title.toLowerCase().includes(query);
      if (type === "collection")
        return ok({
          items: [...shop.collections.values()]
            .filter((collection) => matches(collection.title))
            .map((collection) => ({
              id: `gid://shopify/Collection/${collection.id}`,
              title: collection.title,
              handle: collection.handle,
            })),
        });
      return ok({
        items: [...shop.products.values()]
          .filter((product) => !product.giftCard && matches(product.title))
          .map((product) => ({
            id: `gid://shopify/Product/${product.id}`,
            title: product.title,
            vendor: product.vendor,
            productType: product.productType,
            tags: product.tags,
            variants: product.variants.map((variant) => ({
              id: `gid://shopify/ProductVariant/${variant.id}`,
              title: variant.title,
              price: variant.price,
              sku: variant.sku,
            })),
          })),
      });
    },
  },
  {
    method: "GET",
    pattern: /^\/session-token$/,
    handler: (ctx, req) => {
      const shop = req.query.get("shop");
      if (!shop) throw new StoreActionError("shop is required");
      const userId = req.query.get("userId") ?? undefined;
      return ok({
        token: signSessionToken({
          apiKey: ctx.config.apiKey,
          apiSecret: ctx.config.apiSecret,
          shop,
          userId,
          now: ctx.state.now(),
        }),
      });
    },
  },
  {
    method: "POST",
    pattern: /^\/customers$/,
    handler: async (ctx, req) => {
      const { delivery, ...input } = parse(CreateCustomerSchema, req.body);
      const result = await createCustomer(ctx, input, delivery);
      return {
        status: 201,
        body: {
          customer: result.payload,
          deliveries: deliveryViews(result.deliveries),
        },
      };
    },
  },
  {
    method: "POST",
    pattern: /^\/customers\/update$/,
    handler: async (ctx, req) => {
      const { delivery, ...input } = parse(UpdateCustomerSchema, req.body);
      const result = await updateCustomer(ctx, input, delivery);
      return ok({
        customer: result.payload,
        deliveries: deliveryViews(result.deliveries),
      });
    },
  },
  {
    method: "POST",
    pattern: /^\/orders$/,
    handler: async (ctx, req) => {
      const { delivery, ...input } = parse(PlaceOrderSchema, req.body);
      const result = await placeOrder(ctx, input, delivery);
      return {
        status: 201,
        body: {
          order: result.payload,
          deliveries: deliveryViews(result.deliveries),
        },
      };
    },
  },
  {
    method: "POST",
    pattern: /^\/orders\/fulfil$/,
    handler: async (ctx, req) => {
      const { delivery, ...input } = parse(FulfilSchema, req.body);
      const result = await fulfilOrder(ctx, input, delivery);
      return ok({
        order: result.payload,
        deliveries: deliveryViews(result.deliveries),
      });
    },
  },
  {
    method: "POST",
    pattern: /^\/orders\/refund$/,
    handler: async (ctx, req) => {
      const { delivery, ...input } = parse(RefundSchema, req.body);
      const result = await refundOrder(ctx, input, delivery);
      const shop = requireShop(ctx, input.shop);
      return {
        status: 201,
        body: {
          refund: result.payload,
          order: orderPayload(shop, result.order),
          deliveries: deliveryViews(result.deliveries),
        },
      };
    },
  },
  {
    method: "POST",
    pattern: /^\/orders\/cancel$/,
    handler: async (ctx, req) => {
      const { delivery, ...input } = parse(CancelSchema, req.body);
      const result = await cancelOrder(ctx, input, delivery);
      return ok({
        order: result.payload,
        deliveries: deliveryViews(result.deliveries),
      });
    },
  },
  lifecycleRoute(/^\/app\/uninstall$/, ShopRefSchema, uninstallApp),
  lifecycleRoute(
    /^\/compliance\/customers-data-request$/,
    CustomerRefSchema,
    requestCustomerData,
  ),
  lifecycleRoute(
    /^\/compliance\/customers-redact$/,
    CustomerRefSchema,
    redactCustomer,
  ),
  lifecycleRoute(/^\/compliance\/shop-redact$/, ShopRefSchema, redactShop),
  lifecycleRoute(/^\/webhooks$/, RawWebhookSchema, sendRawWebhook),
];

function lifecycleRoute<S extends z.ZodTypeAny>(
  pattern: RegExp,
  schema: S,
  action: (
    ctx: EmulatorContext,
    input: Omit<z.infer<S>, "delivery">,
    delivery?: DeliveryOptions,
  ) => Promise<{ payload: unknown; deliveries: WebhookDelivery[] }>,
) {
  return {
    method: "POST",
    pattern,
    handler: async (ctx: EmulatorContext, req: ControlRequest) => {
      const { delivery, ...input } = parse(schema, req.body) as z.infer<S> & {
        delivery?: DeliveryOptions;
      };
      const result = await action(ctx, input, delivery);
      return ok({
        payload: result.payload,
        deliveries: deliveryViews(result.deliveries),
      });
    },
  };
}

export async function handleControlRequest(
  ctx: EmulatorContext,
  req: ControlRequest,
): Promise<ControlResponse> {
  const matching = routes.filter((route) => route.pattern.test(req.path));
  if (matching.length === 0)
    return { status: 404, body: { error: `No control route ${req.path}` } };
  const route = matching.find((candidate) => candidate.method === req.method);
  if (!route)
    return {
      status: 405,
      body: { error: `${req.method} not allowed on ${req.path}` },
    };
  const params = (route.pattern.exec(req.path) ?? [])
    .slice(1)
    .map(decodeURIComponent);
  try {
    return await route.handler(ctx, req, params);
  } catch (error) {
    if (error instanceof StoreActionError)
      return { status: error.status, body: { error: error.message } };
    if (error instanceof ControlInputError)
      return {
        status: 400,
        body: { error: error.message, issues: error.issues },
      };
    throw error;
  }
}

class ControlInputError extends Error {
  constructor(
    message: string,
    readonly issues: unknown,
  ) {
    super(message);
  }
}

function parse<S extends z.ZodTypeAny>(schema: S, body: string): z.infer<S> {
  let json: unknown;
  try {
    json = body.trim() === "" ? {} : JSON.parse(body);
  } catch {
    throw new ControlInputError("The body is not JSON", []);
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => ({
      path: issue.path.join("."),
      message: issue.message,
    }));
    throw new ControlInputError(
      `Invalid request: ${issues.map((i) => `${i.path || "body"}: ${i.message}`).join("; ")}`,
      issues,
    );
  }
  return result.data;
}

function ok(body: unknown): ControlResponse {
  return { status: 200, body };
}

export function deliveryView(delivery: WebhookDelivery, withBody: boolean) {
  const { body, attempts, ...rest } = delivery;
  return {
    ...rest,
    attempts: attempts.length,
    lastError: attempts.at(-1)?.error ?? null,
    ...(withBody ? { body: safeJson(body) } : {}),
  };
}

function deliveryViews(deliveries: WebhookDelivery[]) {
  return deliveries.map((delivery) => deliveryView(delivery, false));
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function shopSummary(shop: ShopState) {
  const { accessTokens, ...profile } = shop.shop;
  return {
    ...profile,
    accessTokenCount: accessTokens.size,
    customers: shop.customers.size,
    orders: shop.orders.size,
  };
}

function shopStateView(shop: ShopState) {
  return {
    shop: shopSummary(shop),
    customers: [...shop.customers.values()].map((customer) =>
      customerPayload(shop, customer),
    ),
    orders: [...shop.orders.values()].map((order) => orderPayload(shop, order)),
    products: [...shop.products.values()],
    metafields: [...shop.metafields.values()],
    metafieldDefinitions: [...shop.metafieldDefinitions.values()],
    discounts: [...shop.discounts.values()],
    giftCards: [...shop.giftCards.values()],
  };
}

/** App Bridge's ScopesDetail: granted, required and optional handles. */
function scopesDetail(ctx: EmulatorContext, shop: ShopState) {
  const declared = appScopes(ctx.config);
  return {
    granted: grantedScopesOf(ctx.config, shop),
    required: declared.required,
    optional: declared.optional,
  };
}

function publicConfig(ctx: EmulatorContext) {
  const { apiSecret: _secret, ...config } = ctx.config;
  return config;
}
