import { appNumericId } from "../app-identity";
import { collectionView, productView, variantView } from "./catalog";
import { customerView } from "./customers";
import { discountCodeNodeView } from "./discounts";
import { giftCardView } from "./gift-cards";
import { metafieldDefinitionView, metafieldView } from "./metafields";
import { isOrderVisible } from "./order-window";
import { lineItemView, orderView, refundView } from "./orders";
import { appInstallationView, shopNumericId, shopView } from "./shop";
import {
  type AdminRequestContext,
  type Args,
  notImplemented,
  parseGid,
  type ResolverMap,
  type View,
} from "./support";

/**
 * The object a global id names, as a view, or null when no such object exists in this shop. The one
 * module that imports every view; the others reach it through `rc.viewNode` (graphql.ts binds it).
 */
export function viewNode(rc: AdminRequestContext, id: string): View | null {
  const parsed = parseGid(id);
  if (!parsed) return null;
  const shop = rc.shop;
  switch (parsed.type) {
    case "Customer": {
      const customer = shop.customers.get(parsed.id);
      return customer ? customerView(rc, customer) : null;
    }
    case "Order": {
      const order = shop.orders.get(parsed.id);
      return order && isOrderVisible(rc, order) ? orderView(rc, order) : null;
    }
    case "LineItem":
      for (const order of shop.orders.values()) {
        const line = order.lineItems.find(
          (candidate) => candidate.id === parsed.id,
        );
        if (line) return lineItemView(rc, order, line);
      }
      return null;
    case "Refund":
      for (const order of shop.orders.values()) {
        const refund = order.refunds.find(
          (candidate) => candidate.id === parsed.id,
        );
        if (refund) return refundView(rc, order, refund);
      }
      return null;
    case "Product": {
      const product = shop.products.get(parsed.id);
      return product ? productView(rc, product) : null;
    }
    case "ProductVariant":
      for (const product of shop.products.values()) {
        const variant = product.variants.find(
          (candidate) => candidate.id === parsed.id,
        );
        if (variant) return variantView(rc, product, variant);
      }
      return null;
    case "Collection": {
      const collection = shop.collections.get(parsed.id);
      return collection ? collectionView(rc, collection) : null;
    }
    case "DiscountCodeNode": {
      const discount = shop.discounts.get(parsed.id);
      return discount ? discountCodeNodeView(rc, discount) : null;
    }
    case "GiftCard": {
      const giftCard = shop.giftCards.get(parsed.id);
      return giftCard ? giftCardView(rc, giftCard) : null;
    }
    case "Metafield": {
      const metafield = shop.metafields.get(parsed.id);
      return metafield ? metafieldView(rc, metafield) : null;
    }
    case "MetafieldDefinition": {
      const definition = shop.metafieldDefinitions.get(parsed.id);
      return definition ? metafieldDefinitionView(rc, definition) : null;
    }
    case "Shop":
      return parsed.id === shopNumericId(shop.shop.domain)
        ? shopView(rc)
        : null;
    case "AppInstallation":
      return parsed.id === appNumericId(rc.ctx.config.apiKey)
        ? appInstallationView(rc)
        : null;
    default:
      throw notImplemented(`Looking up a ${parsed.type} by id`);
  }
}

export const nodeResolvers: ResolverMap = {
  QueryRoot: {
    node: (_root: unknown, args: Args, rc: AdminRequestContext) =>
      viewNode(rc, args.id),
    nodes: (_root: unknown, args: Args, rc: AdminRequestContext) =>
      (args.ids as string[]).map((id) => viewNode(rc, id)),
  },
};
