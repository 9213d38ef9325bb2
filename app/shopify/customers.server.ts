import {
  runOperation,
  type AdminRequestOptions,
} from "~/shopify/admin-client.server";
import { shopifyIdKey } from "~/loyalty/earning-rules";
import { CustomerExists } from "~/shopify/graphql/CustomerExists";
import { CustomersForImport } from "~/shopify/graphql/CustomersForImport";

/** Whether the shop has a customer with this numeric id. */
export async function customerExistsAtShopify(
  shop: string,
  customerId: string,
  options?: AdminRequestOptions,
): Promise<boolean> {
  const data = await runOperation(
    shop,
    CustomerExists,
    { id: `gid://shopify/Customer/${customerId}` },
    options,
  );
  return data.customer !== null;
}

export interface ShopifyCustomer {
  customerId: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
}

/** Terms per search: Shopify caps a page at 250 nodes, and a short query stays well inside the cost limit. */
const TERMS_PER_SEARCH = 50;

const quoted = (value: string) => `"${value.replace(/["\\]/g, "")}"`;

/**
 * The shop's customers among these ids and emails (a balance import's unknown rows), found with
 * `CustomersForImport`, 50 per search. Emails compare without regard to case, as Shopify's do.
 */
export async function findShopifyCustomers(
  shop: string,
  wanted: { ids: string[]; emails: string[] },
  options?: AdminRequestOptions,
): Promise<ShopifyCustomer[]> {
  const terms = [
    ...wanted.ids.map((id) => `id:${id}`),
    ...wanted.emails.map((email) => `email:${quoted(email)}`),
  ];
  const found: ShopifyCustomer[] = [];
  for (let start = 0; start < terms.length; start += TERMS_PER_SEARCH) {
    const batch = terms.slice(start, start + TERMS_PER_SEARCH);
    const data = await runOperation(
      shop,
      CustomersForImport,
      { query: batch.join(" OR "), first: 250 },
      options,
    );
    for (const node of data.customers.nodes)
      found.push({
        customerId: shopifyIdKey(node.id),
        email: node.email?.toLowerCase() ?? null,
        firstName: node.firstName,
        lastName: node.lastName,
      });
  }
  return found;
}
