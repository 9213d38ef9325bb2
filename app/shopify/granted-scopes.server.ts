import { sessionStorage } from "~/shopify.server";
import { offlineSessionId } from "~/shopify/admin-client.server";
import { scopeList } from "~/shopify/access-scopes";

/**
 * The scopes Shopify granted the shop, as the offline session records them. Token exchange and
 * each refresh of an expiring token write Shopify's answer there; an optional scope granted in
 * between is recorded by `recordGrantedScopes` (app/routes/app.scopes.tsx).
 */
export async function loadGrantedScopes(shop: string): Promise<string[]> {
  const session = await sessionStorage.loadSession(offlineSessionId(shop));
  return scopeList(session?.scope);
}

export async function recordGrantedScopes(
  shop: string,
  granted: readonly string[],
): Promise<void> {
  const session = await sessionStorage.loadSession(offlineSessionId(shop));
  if (!session) return;
  session.scope = granted.join(",");
  await sessionStorage.storeSession(session);
}
