import {
  runOperation,
  type AdminRequestOptions,
} from "~/shopify/admin-client.server";
import { CustomerExists } from "~/shopify/graphql/CustomerExists";

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
