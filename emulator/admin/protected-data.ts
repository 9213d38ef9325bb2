import { GraphQLError } from "graphql";

import type { EmulatorConfig } from "../context";
import { appNumericId } from "./app-identity";

/**
 * Protected customer data (https://shopify.dev/docs/apps/launch/protected-customer-data). Level 2 is
 * access to the fields that identify a customer (name, email, phone, address), requested in the
 * Partner Dashboard; the emulator grants it unless started with protected fields not granted
 * (`protectedCustomerData: "level1"`, EMULATOR_PROTECTED_CUSTOMER_DATA=level1). Then, as Shopify:
 * - Admin GraphQL answers those fields with null and an error naming the Customer object;
 * - webhook bodies carry them as null (compliance topics excepted: they exist to name the customer).
 */
export type ProtectedCustomerDataLevel = "level1" | "level2";

export function protectedFieldsGranted(
  config: Pick<EmulatorConfig, "protectedCustomerData">,
): boolean {
  return (config.protectedCustomerData ?? "level2") === "level2";
}

/** The error Shopify adds for each unapproved field; graphql-js nulls the field and adds its path. */
export function notApprovedForCustomerData(
  config: Pick<EmulatorConfig, "apiKey">,
): GraphQLError {
  return new GraphQLError(
    `This app is not approved to access the Customer object. See https://partners.shopify.com/1/apps/${appNumericId(config.apiKey)}/customer_data for more details.`,
    { extensions: { code: "ACCESS_DENIED" } },
  );
}

/** Fields that identify a customer, in webhook bodies (REST names). */
const REDACTED_KEYS = new Set([
  "email",
  "contact_email",
  "phone",
  "first_name",
  "last_name",
  "billing_address",
  "shipping_address",
  "default_address",
]);

/** A webhook body as an app without the protected fields receives it. */
export function redactProtectedFields(payload: unknown): unknown {
  if (Array.isArray(payload)) return payload.map(redactProtectedFields);
  if (!payload || typeof payload !== "object") return payload;
  const redacted: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(payload)) {
    if (REDACTED_KEYS.has(key)) redacted[key] = null;
    else if (key === "addresses" && Array.isArray(value)) redacted[key] = [];
    else redacted[key] = redactProtectedFields(value);
  }
  return redacted;
}
