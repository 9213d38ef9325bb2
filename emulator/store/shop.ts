import type { EmulatorContext } from "../context";
import {
  type EmuCustomer,
  type EmuOrder,
  type EmuProduct,
  type EmuShop,
  ensureShop,
  type ShopState,
} from "../state";

/** A store action that cannot be done as asked (unknown order, refunding more than was bought). */
export class StoreActionError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 | 409 = 400,
  ) {
    super(message);
    this.name = "StoreActionError";
  }
}

export interface ShopProfile {
  name?: string;
  email?: string;
  currencyCode?: string;
  ianaTimezone?: string;
  primaryLocale?: string;
  /** Published locales besides the primary one. */
  publishedLocales?: string[];
}

/**
 * The shop a store action runs in, created on first use with a small catalogue so the store
 * simulator has something to sell. Profile fields given here update an existing shop.
 */
export function storeShop(
  ctx: EmulatorContext,
  domain: string,
  profile: ShopProfile = {},
): ShopState {
  if (!/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/i.test(domain)) {
    throw new StoreActionError(
      `"${domain}" is not a shop domain (expected something.myshopify.com)`,
    );
  }
  const shop = ensureShop(ctx.state, domain, profile);
  const updates = Object.fromEntries(
    Object.entries(profile).filter(([, value]) => value !== undefined),
  ) as Partial<EmuShop>;
  Object.assign(shop.shop, updates);
  if (shop.products.size === 0) seedCatalogue(ctx, shop);
  return shop;
}

export function requireShop(ctx: EmulatorContext, domain: string): ShopState {
  const shop = ctx.state.shops.get(domain);
  if (!shop) throw new StoreActionError(`Unknown shop ${domain}`, 404);
  return shop;
}

export function requireCustomer(
  shop: ShopState,
  customerId: number,
): EmuCustomer {
  const customer = shop.customers.get(customerId);
  if (!customer)
    throw new StoreActionError(
      `Unknown customer ${customerId} in ${shop.shop.domain}`,
      404,
    );
  return customer;
}

export function requireOrder(shop: ShopState, orderId: number): EmuOrder {
  const order = shop.orders.get(orderId);
  if (!order)
    throw new StoreActionError(
      `Unknown order ${orderId} in ${shop.shop.domain}`,
      404,
    );
  return order;
}

const CATALOGUE: {
  title: string;
  variants: { title: string; price: string; sku: string }[];
  giftCard?: boolean;
  productType: string;
}[] = [
  {
    title: "Coffee beans",
    productType: "Coffee",
    variants: [
      { title: "1 kg", price: "24.00", sku: "BEANS-1KG" },
      { title: "250 g", price: "7.50", sku: "BEANS-250G" },
    ],
  },
  {
    title: "Enamel mug",
    productType: "Tableware",
    variants: [{ title: "Default Title", price: "12.50", sku: "MUG" }],
  },
  {
    title: "Hand grinder",
    productType: "Equipment",
    variants: [{ title: "Default Title", price: "45.00", sku: "GRINDER" }],
  },
  {
    title: "Gift card",
    productType: "Gift card",
    giftCard: true,
    variants: [
      { title: "25", price: "25.00", sku: "GIFT-25" },
      { title: "50", price: "50.00", sku: "GIFT-50" },
    ],
  },
];

function seedCatalogue(ctx: EmulatorContext, shop: ShopState) {
  for (const entry of CATALOGUE) {
    const product: EmuProduct = {
      id: ctx.state.nextId(),
      title: entry.title,
      vendor: shop.shop.name,
      productType: entry.productType,
      tags: [],
      collectionIds: [],
      variants: entry.variants.map((variant) => ({
        id: ctx.state.nextId(),
        title: variant.title,
        price: variant.price,
        sku: variant.sku,
      })),
      giftCard: Boolean(entry.giftCard),
    };
    shop.products.set(product.id, product);
  }
}

export function findVariant(
  shop: ShopState,
  variantId: number,
): { product: EmuProduct; variant: EmuProduct["variants"][number] } | null {
  for (const product of shop.products.values()) {
    const variant = product.variants.find(
      (candidate) => candidate.id === variantId,
    );
    if (variant) return { product, variant };
  }
  return null;
}
