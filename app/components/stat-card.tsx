import { BlockStack, Card, Text } from "@shopify/polaris";

/** One headline figure on the admin home. */
export function StatCard({
  label,
  value,
  helpText,
}: {
  label: string;
  value: string;
  helpText?: string;
}) {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingSm" tone="subdued">
          {label}
        </Text>
        <Text as="p" variant="heading2xl" numeric>
          {value}
        </Text>
        {helpText ? (
          <Text as="p" variant="bodySm" tone="subdued">
            {helpText}
          </Text>
        ) : null}
      </BlockStack>
    </Card>
  );
}
