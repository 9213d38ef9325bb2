import { defineOperation } from "~/shopify/admin-operation";

/**
 * The app's installation on the shop: the owner of app-data metafields, which a theme app
 * extension reads in Liquid as `app.metafields.<namespace>.<key>`.
 * https://shopify.dev/docs/apps/build/online-store/theme-app-extensions/configuration#app-data-metafields
 */
export const CurrentAppInstallationDocument = `#graphql
  query CurrentAppInstallation {
    currentAppInstallation {
      id
    }
  }
`;

export type CurrentAppInstallationVariables = Record<string, never>;

export interface CurrentAppInstallationResult {
  currentAppInstallation: { id: string };
}

export const CurrentAppInstallation = defineOperation<
  CurrentAppInstallationResult,
  CurrentAppInstallationVariables
>("CurrentAppInstallation", CurrentAppInstallationDocument);
