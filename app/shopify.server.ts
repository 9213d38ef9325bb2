import "@shopify/shopify-app-remix/adapters/node";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import {
  ApiVersion,
  AppDistribution,
  shopifyApp,
} from "@shopify/shopify-app-remix/server";

import { getEnv } from "~/env.server";
import { prismaSessionStorage } from "~/models/session-storage.server";
import { installShop } from "~/services/install.server";
import { CachedSessionStorage } from "~/shopify/cached-session-storage.server";
import { createShopifyFetch } from "~/shopify/shopify-fetch.server";

const env = getEnv();

// Development and tests only: every request to https://{shop}/... goes to the local emulator.
// Patching globalThis.fetch would not reach the library, which keeps its own reference.
if (env.SHOPIFY_EMULATOR_URL) {
  setAbstractFetchFunc(createShopifyFetch(env.SHOPIFY_EMULATOR_URL) as never);
}

export const API_VERSION = ApiVersion.July26;

const cachedSessionStorage = new CachedSessionStorage(prismaSessionStorage);

/** Webhook authentication reads sessions from a short cache; nothing else does (see the class). */
export function whileReceivingWebhook<T>(receive: () => Promise<T>) {
  return cachedSessionStorage.whileReceivingWebhook(receive);
}

const shopify = shopifyApp({
  apiKey: env.SHOPIFY_API_KEY,
  apiSecretKey: env.SHOPIFY_API_SECRET,
  apiVersion: API_VERSION,
  scopes: env.SCOPES.split(","),
  appUrl: env.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  sessionStorage: cachedSessionStorage,
  distribution: AppDistribution.AppStore,
  future: {
    unstable_newEmbeddedAuthStrategy: true,
    // Offline tokens that expire after an hour, with a refresh token: required of public apps
    // (non-expiring ones are refused from 2027-01-01). The library refreshes them before use
    // (unauthenticated.admin, webhooks, app proxy); app/shopify/admin-client.server.ts also on a 401.
    expiringOfflineAccessTokens: true,
  },
  hooks: {
    // Token exchange: the first embedded request with a valid session token installs the shop.
    afterAuth: async ({ session }) => {
      await installShop(session.shop);
    },
  },
  ...(env.SHOP_CUSTOM_DOMAIN
    ? { customShopDomains: [env.SHOP_CUSTOM_DOMAIN] }
    : {}),
});

export default shopify;
export const apiVersion = API_VERSION;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;
export const sessionStorage = shopify.sessionStorage;
