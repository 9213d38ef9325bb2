import { Text } from "@shopify/polaris";

import { useTranslation } from "~/i18n/use-translation";

/** A signed ledger movement, "+120" or "−40"; credits in green like Shopify's own timelines. */
export function PointsChange({ points }: { points: number }) {
  const { formatSignedNumber } = useTranslation();
  return (
    <Text as="span" numeric tone={points > 0 ? "success" : undefined}>
      {formatSignedNumber(points)}
    </Text>
  );
}
