import { createHash } from "node:crypto";

import { appScopes, grantedScopesOf } from "../access-scopes";
import { appNumericId } from "../app-identity";
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
  return {
    __typename: "AppInstallation",
    id,
    accessScopes: accessScopeViews(grantedScopesOf(rc.ctx.config, rc.shop)),
    launchUrl: `https://${rc.shop.shop.domain}/admin/apps/${rc.ctx.config.apiKey}`,
    uninstallUrl: null,
    app: () => appView(rc),
    ...metafieldFields(rc, id),
  };
}

function accessScopeViews(handles: string[]): View[] {
  return handles.map((handle) => ({
    __typename: "AccessScope",
    handle,
    description: handle,
  }));
}

/** The current app: what the library's `scopes.query()` reads (requested, optional, granted). */
export function appView(rc: AdminRequestContext): View {
  const appId = appNumericId(rc.ctx.config.apiKey);
  const declared = appScopes(rc.ctx.config);
  return {
    __typename: "App",
    id: gidOf("App", appId),
    apiKey: rc.ctx.config.apiKey,
    title: "Loyalty",
    handle: "loyalty",
    embedded: true,
    requestedAccessScopes: accessScopeViews(declared.required),
    optionalAccessScopes: accessScopeViews(declared.optional),
    installation: () => appInstallationView(rc),
  };
}

export const shopResolvers: ResolverMap = {
  QueryRoot: {
    shop: (_root: unknown, _args: unknown, rc: AdminRequestContext) =>
      shopView(rc),
    shopLocales: (
      _root: unknown,
      _args: { published?: boolean | null },
      rc: AdminRequestContext,
    ) => shopLocaleViews(rc),
    currentAppInstallation: (
      _root: unknown,
      _args: unknown,
      rc: AdminRequestContext,
    ) => appInstallationView(rc),
    // Without an id: the app making the request.
    app: (
      _root: unknown,
      args: { id?: string | null },
      rc: AdminRequestContext,
    ) =>
      args.id == null ||
      args.id === gidOf("App", appNumericId(rc.ctx.config.apiKey))
        ? appView(rc)
        : null,
  },
};

/** `shopLocales`: the primary locale, then the other published ones (the emulator has no unpublished ones). */
export function shopLocaleViews(rc: AdminRequestContext): View[] {
  const shop = rc.shop.shop;
  const others = (shop.publishedLocales ?? []).filter(
    (locale) => locale !== shop.primaryLocale,
  );
  const names = new Intl.DisplayNames(["en"], { type: "language" });
  return [shop.primaryLocale, ...others].map((locale, index) => ({
    __typename: "ShopLocale",
    locale,
    name: names.of(locale) ?? locale,
    primary: index === 0,
    published: true,
    marketWebPresences: [],
  }));
}
