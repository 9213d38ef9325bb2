import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";

import { APP_URL } from "../../shared/app-url";
import { createLoyaltyClient } from "../../shared/loyalty-client";
import { profileBalanceMessage } from "../../shared/views";

// customer-account.profile.block.render: the balance and tier, with a link to the Rewards page.
export default async () => {
  render(<ProfileBalance />, document.body);
};

function ProfileBalance() {
  const t = shopify.i18n.translate as (
    key: string,
    params?: Record<string, string | number>,
  ) => string;
  const locale = shopify.localization.language.value.isoCode;
  const [view, setView] =
    useState<ReturnType<typeof profileBalanceMessage>>(null);
  useEffect(() => {
    const client = createLoyaltyClient({
      appUrl: APP_URL,
      getToken: () => shopify.sessionToken.get(),
      locale,
    });
    void client.rewardsPage().then((outcome) => {
      setView(
        outcome.ok ? profileBalanceMessage(outcome.data, t, locale) : null,
      );
    });
  }, [locale, t]);
  if (!view) return null;
  return (
    <s-section heading={view.heading}>
      <s-stack gap="small-200">
        <s-text type="strong">{view.balance}</s-text>
        {view.tier && <s-text>{view.tier}</s-text>}
        <s-link href={view.link.href}>{view.link.label}</s-link>
      </s-stack>
    </s-section>
  );
}
