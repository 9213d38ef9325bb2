import { BlockStack, Card, InlineStack, Text } from "@shopify/polaris";

import { ProgramStatusBadge } from "~/components/program-status-badge";
import { useTranslation } from "~/i18n/use-translation";
import type { ProgramStatus } from "~/models/dashboard.server";

export interface ProgramSummary {
  status: ProgramStatus;
  earnPoints: number;
  earnPerAmount: number;
  currencyCode: string;
}

/** The program at a glance: whether orders earn points, and at what rate. */
export function ProgramCard({ program }: { program: ProgramSummary }) {
  const { t, formatPoints, formatCurrency } = useTranslation();
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {t("program.title")}
          </Text>
          <ProgramStatusBadge status={program.status} />
        </InlineStack>
        {program.status === "not_set_up" ? (
          <Text as="p">{t("program.notSetUpHelp")}</Text>
        ) : (
          <>
            <Text as="p">
              {t("program.earnRate", {
                points: formatPoints(program.earnPoints),
                amount: formatCurrency(
                  program.earnPerAmount,
                  program.currencyCode,
                ),
              })}
            </Text>
            <Text as="p" tone="subdued">
              {t("program.earnBase")}
            </Text>
            {program.status === "paused" ? (
              <Text as="p">{t("program.pausedHelp")}</Text>
            ) : null}
          </>
        )}
      </BlockStack>
    </Card>
  );
}
