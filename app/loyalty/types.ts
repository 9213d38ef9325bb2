/**
 * Plain data the pure core works on. Amounts are integer thousandths of the shop
 * currency (`Millis`): exact for every ISO currency Shopify sells in, and safe to add.
 * Points are integers. Nothing here knows about Prisma, Shopify payloads or the clock.
 */
export type Millis = number;

/** One line of an order, in shop money (never the presentment currency). */
export interface OrderLine {
  lineId: string;
  productId: string | null;
  variantId: string | null;
  title: string;
  quantity: number;
  /** Unit price before discounts. */
  unitPrice: Millis;
  /** Every discount allocated to this line (line-level and order-level), all units together. */
  discount: Millis;
  /** Tax on this line, all units together. */
  tax: Millis;
  giftCard: boolean;
}

/** What an order webhook (or the Admin API) says about an order. */
export interface OrderFacts {
  orderId: string;
  orderName: string;
  customerId: string | null;
  email: string | null;
  test: boolean;
  currencyCode: string;
  /** Prices include tax (common in France): tax is then taken out of the eligible amount. */
  taxesIncluded: boolean;
  lines: OrderLine[];
  shipping: Millis;
  /**
   * The order's subtotal as Shopify reports it: every line after every discount, before shipping
   * (and taxes, unless prices include them). Absent when the source does not say.
   */
  subtotal?: Millis | null;
  paidAt: Date | null;
  cancelledAt: Date | null;
  fulfilledAt: Date | null;
  discountCodes: string[];
}

export interface RefundLine {
  lineId: string;
  quantity: number;
  /** Refunded amount for this line after its discounts. */
  subtotal: Millis;
  tax: Millis;
  giftCard: boolean;
}

/** What a refunds/create webhook says about a refund. */
export interface RefundFacts {
  refundId: string;
  orderId: string;
  lines: RefundLine[];
  /** Refunded amounts not tied to a line (refund discrepancy), as a positive number; shipping excluded. */
  otherAmount: Millis;
  createdAt: Date;
}

/** What customers/create and customers/update say about a customer. */
export interface CustomerFacts {
  customerId: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  emailMarketingState: string | null;
  /** Shopify's customer `locale` (e.g. "fr-CA"): the language of their loyalty emails. */
  locale?: string | null;
}

/** The earning rules of a shop's program, as the pure core needs them. */
export interface EarningRules {
  active: boolean;
  /** `earnPoints` points for every `earnPerAmount` whole units of shop currency. */
  earnPoints: number;
  earnPerAmount: number;
  includeTestOrders: boolean;
}

/** What one order line counted for when its points were awarded. */
export interface AwardSnapshotLine {
  lineId: string;
  quantity: number;
  /** This line's eligible amount, all units together. */
  eligibleAmount: Millis;
}

/**
 * Stored with the award: refunds are reversed from it, by the rules in force at award time
 * (DESIGN.md, ledger rule 6), whatever the program says today.
 */
export interface AwardSnapshot {
  version: 1;
  currencyCode: string;
  eligibleAmount: Millis;
  earnPoints: number;
  earnPerAmount: number;
  points: number;
  /** Only lines that could earn (gift cards are left out). */
  lines: AwardSnapshotLine[];
}
