import { createHash } from "node:crypto";

import { appNumericId, grantedScopes } from "../app-identity";
import { metafieldFields } from "./metafields";
import {
  type AdminRequestContext,
  gidOf,
  type ResolverMap,
  type View,
} from "./support";

/** A stable numeric shop id derived from the domain, so gids survive emulator restarts. */
export function shopNumericId(domain: string): number {
  return (
    10_000_000 +
    (createHash("sha256").update(domain).digest().readUInt32BE(0) % 90_000_000)
  );
}

export function shopView(rc: AdminRequestContext): View {
  const shop = rc.shop.shop;
  const id = gidOf("Shop", shopNumericId(shop.domain));
  return {
    __typename: "Shop",
    id,
    name: shop.name,
    email: shop.email,
    contactEmail: shop.email,
    shopOwnerName: "Store Owner",
    myshopifyDomain: shop.domain,
    url: `https://${shop.domain}`,
    currencyCode: shop.currencyCode,
    enabledPresentmentCurrencies: [shop.currencyCode],
    ianaTimezone: shop.ianaTimezone,
    description: null,
    primaryDomain: {
      __typename: "Domain",
      id: gidOf("Domain", shopNumericId(shop.domain)),
      host: shop.domain,
      url: `https://${shop.domain}`,
      sslEnabled: true,
    },
    ...metafieldFields(rc, id),
  };
}

export function appInstallationView(rc: AdminRequestContext): View {
  const appId = appNumericId(rc.ctx.config.apiKey);
  const id = gidOf("AppInstallation", appId);
  const scopes = grantedScopes(rc.ctx.config)
    .split(",")
    .filter(Boolean)
    .map((handle) => ({
      __typename: "AccessScope",
      handle,
      description: handle,
    }));
  return {
    __typename: "AppInstallation",
    id,
    accessScopes: scopes,
    launchUrl: `https://${rc.shop.shop.domain}/admin/apps/${rc.ctx.config.apiKey}`,
    uninstallUrl: null,
    app: {
      __typename: "App",
      id: gidOf("App", appId),
      apiKey: rc.ctx.config.apiKey,
      title: "Loyalty",
      handle: "loyalty",
      embedded: true,
    },
    ...metafieldFields(rc, id),
  };
}

export const shopResolvers: ResolverMap = {
  QueryRoot: {
    shop: (_root: unknown, _args: unknown, rc: AdminRequestContext) =>
      shopView(rc),
    currentAppInstallation: (
      _root: unknown,
      _args: unknown,
      rc: AdminRequestContext,
    ) => appInstallationView(rc),
  },
};
