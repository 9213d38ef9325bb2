import {
  runOperation,
  type AdminRequestOptions,
} from "~/shopify/admin-client.server";
import { CurrentAppInstallation } from "~/shopify/graphql/CurrentAppInstallation";
import { MetafieldsSet } from "~/shopify/graphql/MetafieldsSet";

/**
 * The program's identity and switch as an app-data metafield (`loyalty.program`, JSON) on the
 * app installation, so the theme extension's Liquid knows the points' name and whether to show
 * anything, with no request to the app. Every write sets the whole value: repeating it is harmless.
 */
export const PROGRAM_NAMESPACE = "loyalty";
export const PROGRAM_KEY = "program";

export async function mirrorProgram(
  shop: string,
  value: Record<string, unknown>,
  options?: AdminRequestOptions,
): Promise<void> {
  const { currentAppInstallation } = await runOperation(
    shop,
    CurrentAppInstallation,
    {},
    options,
  );
  await runOperation(
    shop,
    MetafieldsSet,
    {
      metafields: [
        {
          ownerId: currentAppInstallation.id,
          namespace: PROGRAM_NAMESPACE,
          key: PROGRAM_KEY,
          type: "json",
          value: JSON.stringify(value),
        },
      ],
    },
    options,
  );
}
