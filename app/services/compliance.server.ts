import * as clock from "~/clock.server";
import { describeLedgerNote } from "~/i18n/ledger-note";
import { matchLocale } from "~/i18n/locale";
import { t } from "~/i18n/translate";
import { formatMillis } from "~/loyalty/money";
import {
  eraseComplianceReports,
  recordComplianceRequest,
} from "~/models/compliance-request.server";
import { deleteWaitingImportFiles } from "~/models/balance-import.server";
import { listMemberSubmissions } from "~/models/content-submission.server";
import { listMemberHistory } from "~/models/ledger.server";
import {
  findMemberByCustomer,
  findMembersByEmail,
  redactMember,
} from "~/models/member.server";
import { redactMemberEmails } from "~/models/member-email.server";
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
import {
  eraseWebhookBodies,
  listWebhookBodies,
} from "~/models/webhook-inbox.server";

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
    const shopRow = await findShop(tx, shop);
    if (!shopRow) return { outcome: "unknown_shop", report: null };
    // The app's notes are stored as codes (ADR 0015): in words, in the shop's primary language.
    const locale = matchLocale(shopRow.primaryLocale) ?? "en";
    const note = (kind: string, description: string | null) =>
      describeLedgerNote((key) => t(locale, key), kind, description);
    const member = await findMemberByCustomer(tx, shop, customerId);
    const ledger = member ? await listMemberHistory(tx, member.id) : [];
    const submissions = member
      ? await listMemberSubmissions(tx, member.id)
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
        description: note(entry.kind, entry.description),
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
  /** Raw webhook bodies in the inbox that named the customer, erased. */
  webhookBodiesErased: number;
}

/** Whom customers/redact names: by id, and by email (some requests carry only the email). */
export interface RedactedCustomer {
  customerId: string | null;
  email: string | null;
}

/**
 * customers/redact: erases the customer's personal data wherever the app holds a copy (email,
 * names, the email on their orders and guest orders, earlier data-request reports, and the raw
 * webhook bodies kept in the inbox, failed ones included) and keeps the anonymous ledger, so
 * points issued and outstanding still add up for the merchant. A request naming only an email
 * redacts every member with that email.
 */
export async function redactCustomer(
  shop: string,
  who: RedactedCustomer | string,
  options: { orderIds?: string[]; now?: Date } = {},
): Promise<RedactionSummary> {
  const customer =
    typeof who === "string" ? { customerId: who, email: null } : who;
  const now = options.now ?? clock.now();
  return inTransaction(async (tx) => {
    if (!(await findShop(tx, shop)))
      return {
        outcome: "unknown_shop",
        membersRedacted: 0,
        ordersRedacted: 0,
        webhookBodiesErased: 0,
      };
    const byId = customer.customerId
      ? await findMemberByCustomer(tx, shop, customer.customerId)
      : null;
    const byEmail = customer.email
      ? await findMembersByEmail(tx, shop, customer.email)
      : [];
    const members = [
      ...(byId ? [byId] : []),
      ...byEmail.filter((m) => m.id !== byId?.id),
    ];
    const emails = new Set(
      [customer.email, ...members.map((m) => m.email)]
        .filter((email): email is string => Boolean(email))
        .map((email) => email.toLowerCase()),
    );
    const customerIds = new Set(
      [customer.customerId, ...members.map((m) => m.customerId)].filter(
        (id): id is string => Boolean(id),
      ),
    );

    // A balance file waiting for its apply may name the customer: it goes (ADR 0017).
    await deleteWaitingImportFiles(tx, shop);

    // Orders placed by the customer, by their member, with any of their emails, or named by Shopify.
    const erasures = [
      ...(members.length > 0 ? members : [null]).map((member) => ({
        customerId: member?.customerId ?? customer.customerId,
        memberId: member?.id ?? null,
        email: member?.email ?? customer.email,
        orderIds: options.orderIds,
      })),
      ...[...emails].map((email) => ({
        customerId: null,
        memberId: null,
        email,
      })),
    ];
    let ordersRedacted = 0;
    for (const who of erasures) {
      const { count } = await eraseOrderContacts(tx, shop, who);
      ordersRedacted = Math.max(ordersRedacted, count);
    }
    for (const member of members) {
      await redactMember(tx, member.id, now);
      await redactMemberEmails(tx, member.id, now);
    }
    for (const customerId of customerIds)
      await eraseComplianceReports(tx, shop, customerId);

    // The inbox keeps raw bodies only until processed; those still there (waiting, failed) go
    // when they name the customer.
    const named = (await listWebhookBodies(tx, shop)).filter((row) =>
      bodyNamesCustomer(row.body, {
        customerIds,
        emails,
        orderIds: new Set(options.orderIds ?? []),
      }),
    );
    const webhookBodiesErased = await eraseWebhookBodies(
      tx,
      named.map((row) => row.id),
      "redacted: customers/redact erased the body before it was processed",
    );

    await recordComplianceRequest(tx, {
      shopDomain: shop,
      topic: "customers/redact",
      customerId: customer.customerId ?? members[0]?.customerId ?? null,
      report: null,
    });
    return {
      outcome: "redacted",
      membersRedacted: members.length,
      ordersRedacted,
      webhookBodiesErased,
    };
  });
}

interface CustomerMarks {
  customerIds: Set<string>;
  /** Lower case. */
  emails: Set<string>;
  orderIds: Set<string>;
}

/**
 * Whether a raw webhook body is about the customer: a customer object (or a customer topic's
 * body) with their id, any field holding their email, or an order being redacted. A body that
 * is not JSON is searched as text for the email and the customer's gid.
 */
export function bodyNamesCustomer(body: string, marks: CustomerMarks): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    const text = body.toLowerCase();
    return (
      [...marks.emails].some((email) => text.includes(email)) ||
      [...marks.customerIds].some((id) =>
        text.includes(`gid://shopify/customer/${id}`),
      )
    );
  }
  const isCustomerId = (value: unknown) =>
    (typeof value === "number" || typeof value === "string") &&
    marks.customerIds.has(
      String(value).replace(/^gid:\/\/shopify\/Customer\//, ""),
    );
  const visit = (
    value: unknown,
    key: string | null,
    depth: number,
  ): boolean => {
    if (depth > 20) return false;
    if (typeof value === "string")
      return marks.emails.has(value.trim().toLowerCase());
    if (Array.isArray(value))
      return value.some((item) => visit(item, key, depth + 1));
    if (value === null || typeof value !== "object") return false;
    const object = value as Record<string, unknown>;
    if (
      (key === "customer" || key === null) &&
      (isCustomerId(object.id) || isCustomerId(object.admin_graphql_api_id)) &&
      (key === "customer" || "email" in object || "first_name" in object)
    )
      return true;
    if (key === null) {
      for (const field of ["id", "order_id"]) {
        const id = object[field];
        if (
          (typeof id === "number" || typeof id === "string") &&
          marks.orderIds.has(String(id))
        )
          return true;
      }
    }
    return Object.entries(object).some(([name, item]) =>
      visit(item, name, depth + 1),
    );
  };
  return visit(parsed, null, 0);
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
