import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";

import { authenticate } from "~/shopify.server";
import { recordGrantedScopes } from "~/shopify/granted-scopes.server";

/**
 * After the merchant answered Shopify's grant screen (OptionalScopeBanner): ask Shopify which scopes
 * are granted now (never the browser's word) and record them for the pages and the worker.
 */
export async function action({ request }: ActionFunctionArgs) {
  const { session, scopes } = await authenticate.admin(request);
  const detail = await scopes.query();
  await recordGrantedScopes(session.shop, detail.granted);
  return json({ granted: detail.granted });
}
