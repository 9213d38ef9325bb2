/**
 * The emulator's in-memory model of the shops it plays. Shapes follow Shopify's own
 * objects closely enough that webhook payloads (REST shape) and Admin GraphQL answers
 * can both be produced from them. Ids are numeric (REST); GraphQL gids are derived.
 *
 * Ownership: the store simulator (emulator/store/*) creates customers, orders and
 * refunds; the Admin GraphQL layer (emulator/admin/*) reads them and owns metafields,
 * metafield definitions, discounts and gift cards.
 */

export type Money = string; // decimal string in shop currency, as Shopify sends it: "12.50"

export interface EmuCustomer {
  id: number;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  tags: string[];
  verifiedEmail: boolean;
  /** SUBSCRIBED | NOT_SUBSCRIBED | UNSUBSCRIBED | PENDING */
  emailMarketingState: string;
  createdAt: string;
  updatedAt: string;
}

export interface EmuProduct {
  id: number;
  title: string;
  vendor: string;
  productType: string;
  tags: string[];
  collectionIds: number[];
  variants: { id: number; title: string; price: Money; sku: string | null }[];
  giftCard: boolean;
}

export interface EmuCollection {
  id: number;
  title: string;
  handle: string;
}

export interface EmuTaxLine {
  title: string;
  rate: number;
  price: Money;
}

export interface EmuLineItem {
  id: number;
  productId: number | null;
  variantId: number | null;
  title: string;
  variantTitle: string | null;
  sku: string | null;
  quantity: number;
  price: Money;
  giftCard: boolean;
  taxable: boolean;
  taxLines: EmuTaxLine[];
  /** Discounts allocated to this line, all units together (line and order level). */
  discountAllocations: { amount: Money; discountApplicationIndex: number }[];
}

export interface EmuDiscountApplication {
  type: "discount_code" | "manual" | "automatic";
  code: string | null;
  title: string;
  valueType: "percentage" | "fixed_amount";
  value: string;
  allocationMethod: "across" | "each";
  targetSelection: "all" | "entitled" | "explicit";
  targetType: "line_item" | "shipping_line";
}

export interface EmuShippingLine {
  id: number;
  title: string;
  price: Money;
  taxLines: EmuTaxLine[];
}

export interface EmuRefundLineItem {
  id: number;
  lineItemId: number;
  quantity: number;
  restockType: "no_restock" | "cancel" | "return";
  /** Refunded amount for the line after its discounts, before tax (or including it if taxes are included). */
  subtotal: Money;
  totalTax: Money;
}

export interface EmuOrderAdjustment {
  id: number;
  kind: "shipping_refund" | "refund_discrepancy";
  reason: string;
  /** Negative for money going back to the customer, as Shopify sends it. */
  amount: Money;
  taxAmount: Money;
}

export interface EmuTransaction {
  id: number;
  kind: "sale" | "capture" | "refund" | "authorization";
  status: "success" | "failure" | "pending";
  amount: Money;
  gateway: string;
  createdAt: string;
}

export interface EmuRefund {
  id: number;
  orderId: number;
  note: string | null;
  createdAt: string;
  refundLineItems: EmuRefundLineItem[];
  orderAdjustments: EmuOrderAdjustment[];
  transactions: EmuTransaction[];
}

export interface EmuFulfillment {
  id: number;
  status: "success";
  createdAt: string;
  lineItemIds: number[];
}

export interface EmuOrder {
  id: number;
  name: string;
  orderNumber: number;
  email: string | null;
  customerId: number | null;
  test: boolean;
  currency: string;
  presentmentCurrency: string;
  /** Presentment amount = shop amount × rate (only the presentment money fields differ). */
  presentmentRate: number;
  taxesIncluded: boolean;
  lineItems: EmuLineItem[];
  shippingLines: EmuShippingLine[];
  discountApplications: EmuDiscountApplication[];
  discountCodes: {
    code: string;
    amount: Money;
    type: "percentage" | "fixed_amount" | "shipping";
  }[];
  tipAmount: Money;
  financialStatus:
    "pending" | "paid" | "partially_refunded" | "refunded" | "voided";
  fulfillmentStatus: "fulfilled" | "partial" | null;
  fulfillments: EmuFulfillment[];
  refunds: EmuRefund[];
  transactions: EmuTransaction[];
  tags: string[];
  note: string | null;
  sourceName: string;
  cancelledAt: string | null;
  cancelReason: string | null;
  closedAt: string | null;
  processedAt: string;
  createdAt: string;
  updatedAt: string;
}

export interface EmuMetafield {
  id: number;
  ownerId: string; // gid
  namespace: string; // stored resolved: "$app" becomes "app--{apiClientId}"
  key: string;
  type: string;
  value: string;
  createdAt: string;
  updatedAt: string;
}

export interface EmuMetafieldDefinition {
  id: number;
  ownerType: string;
  namespace: string;
  key: string;
  name: string;
  description: string | null;
  type: string;
  access: Record<string, unknown>;
  createdAt: string;
  /** Validation rules as given to metafieldDefinitionCreate, e.g. {name: "min", value: "0"}. */
  validations?: { name: string; value: string }[];
  /** Position among pinned definitions in the admin, null when not pinned. */
  pinnedPosition?: number | null;
}

export interface EmuCodeDiscount {
  id: number; // DiscountCodeNode numeric id
  kind: "DiscountCodeBasic" | "DiscountCodeFreeShipping" | "DiscountCodeBxgy";
  title: string;
  codes: { id: number; code: string; asyncUsageCount: number }[];
  status: "ACTIVE" | "EXPIRED" | "SCHEDULED";
  startsAt: string;
  endsAt: string | null;
  usageLimit: number | null;
  appliesOncePerCustomer: boolean;
  customerGids: string[];
  /** The mutation's input as received, for inspection and for answering queries. */
  input: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export interface EmuGiftCard {
  id: number;
  code: string;
  initialValue: Money;
  balance: Money;
  customerId: number | null;
  expiresOn: string | null;
  note: string | null;
  enabled: boolean;
  /** Set by giftCardDeactivate; a deactivated card cannot be re-enabled. */
  deactivatedAt?: string | null;
  createdAt: string;
}

export interface EmuShop {
  domain: string; // something.myshopify.com
  name: string;
  email: string;
  currencyCode: string;
  ianaTimezone: string;
  primaryLocale: string;
  /** Other published locales (`shopLocales`); the primary one is never listed here. */
  publishedLocales?: string[];
  /** Access tokens handed out by token exchange (offline and online). */
  accessTokens: Set<string>;
  installed: boolean;
  /** Scopes the merchant granted; unset means the app's required scopes (emulator/admin/access-scopes.ts). */
  grantedScopes?: string[];
}

export interface ShopState {
  shop: EmuShop;
  customers: Map<number, EmuCustomer>;
  products: Map<number, EmuProduct>;
  collections: Map<number, EmuCollection>;
  orders: Map<number, EmuOrder>;
  metafields: Map<number, EmuMetafield>;
  metafieldDefinitions: Map<number, EmuMetafieldDefinition>;
  discounts: Map<number, EmuCodeDiscount>;
  giftCards: Map<number, EmuGiftCard>;
}

export interface EmulatorState {
  shops: Map<string, ShopState>;
  /** One counter for every id the emulator hands out, so ids never collide across types. */
  nextId(): number;
  now(): Date;
}

export function createEmulatorState(
  options: { now?: () => Date; firstId?: number } = {},
): EmulatorState {
  let id = options.firstId ?? 1000;
  return {
    shops: new Map(),
    nextId: () => ++id,
    now: options.now ?? (() => new Date()),
  };
}

export function ensureShop(
  state: EmulatorState,
  domain: string,
  profile: Partial<Omit<EmuShop, "domain">> = {},
): ShopState {
  const existing = state.shops.get(domain);
  if (existing) return existing;
  const created: ShopState = {
    shop: {
      domain,
      name: profile.name ?? domain.replace(/\.myshopify\.com$/, ""),
      email: profile.email ?? `owner@${domain}`,
      currencyCode: profile.currencyCode ?? "EUR",
      ianaTimezone: profile.ianaTimezone ?? "Europe/Paris",
      primaryLocale: profile.primaryLocale ?? "fr",
      publishedLocales: profile.publishedLocales ?? ["en"],
      accessTokens: profile.accessTokens ?? new Set(),
      installed: profile.installed ?? false,
    },
    customers: new Map(),
    products: new Map(),
    collections: new Map(),
    orders: new Map(),
    metafields: new Map(),
    metafieldDefinitions: new Map(),
    discounts: new Map(),
    giftCards: new Map(),
  };
  state.shops.set(domain, created);
  return created;
}

export function gid(type: string, id: number | string): string {
  return `gid://shopify/${type}/${id}`;
}

export function idFromGid(value: string): number | null {
  const match = /^gid:\/\/shopify\/[A-Za-z]+\/(\d+)$/.exec(value);
  return match ? Number(match[1]) : null;
}
