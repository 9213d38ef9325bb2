import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";

import { APP_URL } from "../../shared/app-url";
import { createLoyaltyClient } from "../../shared/loyalty-client";
import { type ThankYouView, thankYouView } from "../../shared/views";

// purchase.thank-you.block.render: the points this order will earn; a guest is invited to join.
export default async () => {
  render(<ThankYouPoints />, document.body);
};

function ThankYouPoints() {
  const t = shopify.i18n.translate as (
    key: string,
    params?: Record<string, string | number>,
  ) => string;
  const locale = shopify.localization.language.value.isoCode;
  const [view, setView] = useState<ThankYouView | null>(null);
  useEffect(() => {
    const client = createLoyaltyClient({
      appUrl: APP_URL,
      getToken: () => shopify.sessionToken.get(),
      locale,
    });
    void client
      .thankYou({
        orderId: shopify.orderConfirmation.value.order.id ?? null,
        subtotal: shopify.cost.subtotalAmount.value.amount.toFixed(2),
      })
      .then((outcome) => {
        setView(
          outcome.ok
            ? thankYouView(
                outcome.data,
                t,
                locale,
                shopify.shop.storefrontUrl ?? null,
              )
            : null,
        );
      });
  }, [locale, t]);
  if (!view) return null;
  return (
    <s-section heading={view.heading}>
      <s-stack gap="small-200">
        <s-text>{view.body}</s-text>
        {view.balance && <s-text color="subdued">{view.balance}</s-text>}
        {view.join && (
          <s-button href={view.join.url} variant="primary">
            {view.join.label}
          </s-button>
        )}
      </s-stack>
    </s-section>
  );
}
