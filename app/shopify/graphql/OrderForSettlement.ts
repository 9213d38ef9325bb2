import { defineOperation } from "~/shopify/admin-operation";
import { type ReconciledOrderNode } from "~/shopify/graphql/OrdersUpdatedSince";

/**
 * One order by its id, with exactly what reconciliation reads for each order (the same fields as
 * OrdersUpdatedSince, checked by a test), so a webhook the app could not read is settled from
 * Shopify's own data through the same mapping (app/shopify/order-facts.server.ts). Shop money only.
 * https://shopify.dev/docs/api/admin-graphql/2026-07/queries/order
 */
export const OrderForSettlementDocument = `#graphql
  query OrderForSettlement($id: ID!) {
    order(id: $id) {
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
`;

export interface OrderForSettlementVariables {
  id: string;
}

export interface OrderForSettlementResult {
  order: ReconciledOrderNode | null;
}

export const OrderForSettlement = defineOperation<
  OrderForSettlementResult,
  OrderForSettlementVariables
>("OrderForSettlement", OrderForSettlementDocument);
