import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";

import { APP_URL } from "../../shared/app-url";
import { createLoyaltyClient } from "../../shared/loyalty-client";
import { orderStatusMessage } from "../../shared/views";

// customer-account.order-status.block.render: "You earned N points with this order".
export default async () => {
  render(<OrderPoints />, document.body);
};

function OrderPoints() {
  const t = shopify.i18n.translate as (
    key: string,
    params?: Record<string, string | number>,
  ) => string;
  const locale = shopify.localization.language.value.isoCode;
  const orderId = shopify.order.value?.id ?? null;
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    if (!orderId) return;
    const client = createLoyaltyClient({
      appUrl: APP_URL,
      getToken: () => shopify.sessionToken.get(),
      locale,
    });
    void client.orderPoints(orderId).then((outcome) => {
      setMessage(
        outcome.ok ? orderStatusMessage(outcome.data, t, locale) : null,
      );
    });
  }, [orderId, locale, t]);
  if (!message) return null;
  return (
    <s-banner tone="success">
      <s-text>{message}</s-text>
    </s-banner>
  );
}
