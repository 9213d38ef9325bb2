import { type Tx } from "~/models/transaction.server";

export type ComplianceTopic =
  "customers/data_request" | "customers/redact" | "shop/redact";

export function recordComplianceRequest(
  tx: Tx,
  request: {
    shopDomain: string;
    topic: ComplianceTopic;
    customerId: string | null;
    report: unknown;
  },
) {
  return tx.complianceRequest.create({
    data: {
      shopDomain: request.shopDomain,
      topic: request.topic,
      customerId: request.customerId,
      report: request.report === null ? null : JSON.stringify(request.report),
    },
  });
}

/** A data-request report is personal data too: a later redaction erases it. */
export function eraseComplianceReports(
  tx: Tx,
  shopDomain: string,
  customerId: string,
) {
  return tx.complianceRequest.updateMany({
    where: { shopDomain, customerId, report: { not: null } },
    data: { report: null },
  });
}
