import * as clock from "~/clock.server";
import { formatMillis } from "~/loyalty/money";
import {
  eraseComplianceReports,
  recordComplianceRequest,
} from "~/models/compliance-request.server";
import { listMemberHistory } from "~/models/ledger.server";
import { findMemberByCustomer, redactMember } from "~/models/member.server";
import {
  eraseOrderContacts,
  listCustomerOrders,
} from "~/models/order-record.server";
import {
  deleteSessionsForShop,
  deleteShopAndData,
  findShop,
  markShopUninstalled,
} from "~/models/shop.server";
import { inTransaction } from "~/models/transaction.server";

/**
 * Shopify's mandatory compliance topics and app/uninstalled. These act on a shop even after the
 * app was uninstalled (shop/redact comes 48 hours later), so they look the shop up whatever its
 * install state; only a shop the app never knew is "unknown".
 */

export interface CustomerDataReport {
  shop: string;
  customerId: string;
  generatedAt: string;
  member: {
    customerId: string;
    email: string | null;
    firstName: string | null;
    lastName: string | null;
    balance: number;
    enrolledAt: string;
    redactedAt: string | null;
    /** "MM-DD": the year of birth is never asked. */
    birthday: string | null;
  } | null;
  /** What the customer sent for content missions, and the merchant's decisions. */
  contentSubmissions: {
    content: string;
    state: string;
    message: string | null;
    points: number | null;
    createdAt: string;
  }[];
  ledger: {
    kind: string;
    points: number;
    balanceAfter: number;
    source: string;
    description: string | null;
    createdAt: string;
  }[];
  orders: {
    orderId: string;
    orderName: string | null;
    email: string | null;
    status: string;
    currencyCode: string | null;
    eligibleAmount: string | null;
    points: number | null;
    paidAt: string | null;
    cancelledAt: string | null;
    fulfilledAt: string | null;
  }[];
}

export type DataRequestSummary =
  | { outcome: "assembled"; report: CustomerDataReport }
  | { outcome: "unknown_shop"; report: null };

/** customers/data_request: the member's data, assembled for the merchant and stored as a ComplianceRequest. */
export async function assembleCustomerData(
  shop: string,
  customerId: string,
  options: { orderIds?: string[] } = {},
): Promise<DataRequestSummary> {
  return inTransaction(async (tx) => {
    if (!(await findShop(tx, shop)))
      return { outcome: "unknown_shop", report: null };
    const member = await findMemberByCustomer(tx, shop, customerId);
    const ledger = member ? await listMemberHistory(tx, member.id) : [];
    const submissions = member
      ? await tx.contentSubmission.findMany({
          where: { memberId: member.id },
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        })
      : [];
    const orders = await listCustomerOrders(tx, shop, {
      customerId,
      memberId: member?.id ?? null,
      email: member?.email ?? null,
      orderIds: options.orderIds,
    });
    const report: CustomerDataReport = {
      shop,
      customerId,
      generatedAt: clock.now().toISOString(),
      member: member && {
        customerId: member.customerId,
        email: member.email,
        firstName: member.firstName,
        lastName: member.lastName,
        balance: member.balance,
        enrolledAt: member.createdAt.toISOString(),
        redactedAt: member.redactedAt?.toISOString() ?? null,
        birthday:
          member.birthdayMonth !== null && member.birthdayDay !== null
            ? `${String(member.birthdayMonth).padStart(2, "0")}-${String(member.birthdayDay).padStart(2, "0")}`
            : null,
      },
      contentSubmissions: submissions.map((s) => ({
        content: s.content,
        state: s.state,
        message: s.message,
        points: s.points,
        createdAt: s.createdAt.toISOString(),
      })),
      ledger: ledger.map((entry) => ({
        kind: entry.kind,
        points: entry.points,
        balanceAfter: entry.balanceAfter,
        source: `${entry.sourceType} ${entry.sourceId}`,
        description: entry.description,
        createdAt: entry.createdAt.toISOString(),
      })),
      orders: orders.map((order) => ({
        orderId: order.orderId,
        orderName: order.orderName,
        email: order.email,
        status: order.status,
        currencyCode: order.currencyCode,
        eligibleAmount:
          order.eligibleAmount === null
            ? null
            : formatMillis(Number(order.eligibleAmount)),
        points: order.points,
        paidAt: order.paidAt?.toISOString() ?? null,
        cancelledAt: order.cancelledAt?.toISOString() ?? null,
        fulfilledAt: order.fulfilledAt?.toISOString() ?? null,
      })),
    };
    await recordComplianceRequest(tx, {
      shopDomain: shop,
      topic: "customers/data_request",
      customerId,
      report,
    });
    return { outcome: "assembled", report };
  });
}

export interface RedactionSummary {
  outcome: "redacted" | "unknown_shop";
  membersRedacted: number;
  ordersRedacted: number;
}

/**
 * customers/redact: erases the customer's personal data (email, names, the email on their
 * orders and guest orders, earlier data-request reports) and keeps the anonymous ledger, so
 * points issued and outstanding still add up for the merchant.
 */
export async function redactCustomer(
  shop: string,
  customerId: string,
  options: { orderIds?: string[] } = {},
): Promise<RedactionSummary> {
  return inTransaction(async (tx) => {
    if (!(await findShop(tx, shop)))
      return { outcome: "unknown_shop", membersRedacted: 0, ordersRedacted: 0 };
    const member = await findMemberByCustomer(tx, shop, customerId);
    const { count: ordersRedacted } = await eraseOrderContacts(tx, shop, {
      customerId,
      memberId: member?.id ?? null,
      email: member?.email ?? null,
      orderIds: options.orderIds,
    });
    if (member) await redactMember(tx, member.id, clock.now());
    await eraseComplianceReports(tx, shop, customerId);
    await recordComplianceRequest(tx, {
      shopDomain: shop,
      topic: "customers/redact",
      customerId,
      report: null,
    });
    return {
      outcome: "redacted",
      membersRedacted: member ? 1 : 0,
      ordersRedacted,
    };
  });
}

/** shop/redact: every row the app holds for the shop goes, sessions included. */
export async function redactShop(
  shop: string,
): Promise<{ outcome: "redacted" | "unknown_shop" }> {
  return inTransaction(async (tx) => {
    await deleteSessionsForShop(tx, shop);
    const { count } = await deleteShopAndData(tx, shop);
    return { outcome: count > 0 ? "redacted" : "unknown_shop" };
  });
}

/** app/uninstalled: the access tokens go at once; the data stays until shop/redact (the merchant may come back). */
export async function uninstallShop(shop: string): Promise<{
  outcome: "uninstalled" | "already_uninstalled" | "unknown_shop";
}> {
  return inTransaction(async (tx) => {
    await deleteSessionsForShop(tx, shop);
    const existing = await findShop(tx, shop);
    if (!existing) return { outcome: "unknown_shop" };
    const { count } = await markShopUninstalled(tx, shop, clock.now());
    return { outcome: count > 0 ? "uninstalled" : "already_uninstalled" };
  });
}
