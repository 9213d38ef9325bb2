import { defineOperation } from "~/shopify/admin-operation";

/**
 * One page of orders matching a search (reconciliation: `updated_at:>'…'`; retroactive points:
 * `processed_at:>'…'`), oldest update first, with what the app needs to settle each one: lines,
 * refunds and fulfilments, in shop money only (never presentment money). Page sizes keep the
 * requested cost well under Shopify's 1,000-point single-query limit.
 * https://shopify.dev/docs/api/admin-graphql/2026-07/queries/orders
 */
export const OrdersUpdatedSinceDocument = `#graphql
  query OrdersUpdatedSince($first: Int!, $after: String, $query: String!) {
    orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        name
        email
        test
        currencyCode
        taxesIncluded
        updatedAt
        processedAt
        cancelledAt
        displayFinancialStatus
        displayFulfillmentStatus
        customer {
          id
        }
        discountCodes
        subtotalPriceSet {
          shopMoney {
            amount
          }
        }
        totalShippingPriceSet {
          shopMoney {
            amount
          }
        }
        totalTipReceivedSet {
          shopMoney {
            amount
          }
        }
        lineItems(first: 25) {
          pageInfo {
            hasNextPage
          }
          nodes {
            id
            title
            quantity
            isGiftCard
            product {
              id
            }
            variant {
              id
            }
            originalUnitPriceSet {
              shopMoney {
                amount
              }
            }
            totalDiscountSet {
              shopMoney {
                amount
              }
            }
            taxLines(first: 3) {
              priceSet {
                shopMoney {
                  amount
                }
              }
            }
          }
        }
        fulfillments(first: 5) {
          createdAt
          status
        }
        refunds(first: 5) {
          id
          createdAt
          refundLineItems(first: 25) {
            nodes {
              quantity
              subtotalSet {
                shopMoney {
                  amount
                }
              }
              totalTaxSet {
                shopMoney {
                  amount
                }
              }
              lineItem {
                id
                isGiftCard
              }
            }
          }
          orderAdjustments(first: 3) {
            nodes {
              reason
              amountSet {
                shopMoney {
                  amount
                }
              }
            }
          }
        }
      }
    }
  }
`;

export interface OrdersUpdatedSinceVariables {
  first: number;
  after?: string | null;
  query: string;
}

interface ShopMoney {
  shopMoney: { amount: string };
}

export interface ReconciledOrderNode {
  id: string;
  name: string;
  email: string | null;
  test: boolean;
  currencyCode: string;
  taxesIncluded: boolean;
  updatedAt: string;
  processedAt: string;
  cancelledAt: string | null;
  displayFinancialStatus: string | null;
  displayFulfillmentStatus: string;
  customer: { id: string } | null;
  discountCodes: string[];
  /** After every discount, before shipping; null when Shopify does not say. */
  subtotalPriceSet: ShopMoney | null;
  totalShippingPriceSet: ShopMoney;
  totalTipReceivedSet: ShopMoney;
  lineItems: {
    pageInfo: { hasNextPage: boolean };
    nodes: {
      id: string;
      title: string;
      quantity: number;
      isGiftCard: boolean;
      product: { id: string } | null;
      variant: { id: string } | null;
      originalUnitPriceSet: ShopMoney;
      totalDiscountSet: ShopMoney;
      taxLines: { priceSet: ShopMoney }[];
    }[];
  };
  fulfillments: { createdAt: string; status: string }[];
  refunds: {
    id: string;
    createdAt: string;
    refundLineItems: {
      nodes: {
        quantity: number;
        subtotalSet: ShopMoney;
        totalTaxSet: ShopMoney;
        lineItem: { id: string; isGiftCard: boolean } | null;
      }[];
    };
    orderAdjustments: {
      nodes: { reason: string | null; amountSet: ShopMoney }[];
    };
  }[];
}

export interface OrdersUpdatedSinceResult {
  orders: {
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    nodes: ReconciledOrderNode[];
  };
}

export const OrdersUpdatedSince = defineOperation<
  OrdersUpdatedSinceResult,
  OrdersUpdatedSinceVariables
>("OrdersUpdatedSince", OrdersUpdatedSinceDocument);
