import { useFetcher } from "@remix-run/react";
import type { useAppBridge } from "@shopify/app-bridge-react";
import { Banner } from "@shopify/polaris";
import { useState } from "react";

import type { MessageKey } from "~/i18n/messages/dictionary";
import { useTranslation } from "~/i18n/use-translation";
import type { OptionalScope } from "~/shopify/access-scopes";

/**
 * Says what an optional scope would unlock and asks Shopify for it: App Bridge's
 * `shopify.scopes.request` opens Shopify's grant screen; once the merchant accepts, /app/scopes
 * checks the grant with Shopify and records it, and the page's loaders run again.
 */
export function OptionalScopeBanner({
  scope,
  title,
  body,
  requestLabel,
  params,
}: {
  scope: OptionalScope;
  title?: MessageKey;
  body: MessageKey;
  requestLabel: MessageKey;
  params?: Record<string, string | number>;
}) {
  const { t } = useTranslation();
  const fetcher = useFetcher();
  const [declined, setDeclined] = useState(false);

  const request = async () => {
    setDeclined(false);
    // Read when clicked, not at render: a page rendered without App Bridge still shows the banner.
    const shopify = (
      window as unknown as { shopify?: ReturnType<typeof useAppBridge> }
    ).shopify;
    if (!shopify) return;
    const response = await shopify.scopes.request([scope]);
    if (response.result === "granted-all")
      fetcher.submit(null, { method: "post", action: "/app/scopes" });
    else setDeclined(true);
  };

  return (
    <Banner
      tone="warning"
      title={title ? t(title) : undefined}
      action={{
        content: t(requestLabel),
        onAction: () => void request(),
        loading: fetcher.state !== "idle",
      }}
    >
      <p>{t(body, params)}</p>
      {declined ? <p>{t("scopes.declined")}</p> : null}
    </Banner>
  );
}
