import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import {
  Badge,
  Box,
  Button,
  Card,
  EmptyState,
  IndexTable,
  InlineStack,
  Page,
  Text,
} from "@shopify/polaris";
import { z } from "zod";

import membersIllustration from "~/components/members-illustration.svg?url";
import { rewardTypeLabels } from "~/components/reward-form";
import { useTranslation } from "~/i18n/use-translation";
import { localizedText } from "~/loyalty/rewards";
import { getShopDisplaySettings } from "~/models/dashboard.server";
import { listRewardsForAdmin } from "~/models/reward.server";
import { authenticate } from "~/shopify.server";

const RewardsQuerySchema = z.object({
  archived: z.literal("1").optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const query = RewardsQuerySchema.parse(
    Object.fromEntries(new URL(request.url).searchParams),
  );
  const includeArchived = query.archived === "1";
  const [rewards, { currencyCode }] = await Promise.all([
    listRewardsForAdmin(session.shop, { includeArchived }),
    getShopDisplaySettings(session.shop),
  ]);
  return { rewards, currencyCode, includeArchived };
}

export default function Rewards() {
  const { rewards, currencyCode, includeArchived } =
    useLoaderData<typeof loader>();
  const { t, locale, formatNumber, formatPoints, formatCurrency } =
    useTranslation();

  return (
    <Page
      title={t("rewards.title")}
      backAction={{ content: t("nav.home"), url: "/app" }}
      primaryAction={{ content: t("rewards.create"), url: "/app/rewards/new" }}
    >
      <Card padding="0">
        <IndexTable
          selectable={false}
          itemCount={rewards.length}
          resourceName={{
            singular: t("rewards.resource.singular"),
            plural: t("rewards.resource.plural"),
          }}
          headings={[
            { title: t("rewards.column.name") },
            { title: t("rewards.column.type") },
            { title: t("rewards.column.cost"), alignment: "end" },
            { title: t("rewards.column.stock"), alignment: "end" },
            { title: t("rewards.column.status") },
            { title: t("rewards.column.redemptions"), alignment: "end" },
            { title: t("rewards.column.gifts"), alignment: "end" },
          ]}
          emptyState={
            <EmptyState
              heading={t("rewards.empty.heading")}
              image={membersIllustration}
              action={{ content: t("rewards.create"), url: "/app/rewards/new" }}
            >
              <p>{t("rewards.empty.body")}</p>
            </EmptyState>
          }
        >
          {rewards.map((reward, index) => (
            <IndexTable.Row id={reward.id} key={reward.id} position={index}>
              <IndexTable.Cell>
                <Link to={`/app/rewards/${reward.id}`} data-reward-link>
                  <Text as="span" fontWeight="semibold">
                    {localizedText(reward.name, locale) ||
                      t("rewards.untitled")}
                  </Text>
                </Link>
              </IndexTable.Cell>
              <IndexTable.Cell>
                {t(rewardTypeLabels[reward.type])}
              </IndexTable.Cell>
              <IndexTable.Cell>
                <Text as="span" alignment="end" numeric>
                  {reward.valuePerStep === null
                    ? formatPoints(reward.pointsCost)
                    : t("rewards.cost.slider", {
                        points: formatPoints(reward.pointsCost),
                        value: formatCurrency(
                          reward.valuePerStep / 1000,
                          currencyCode,
                        ),
                      })}
                </Text>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <Text
                  as="span"
                  alignment="end"
                  numeric
                  tone={reward.remaining === 0 ? "critical" : undefined}
                >
                  {reward.remaining === null
                    ? t("rewards.stock.unlimited")
                    : reward.remaining === 0
                      ? t("rewards.stock.soldOut")
                      : t("rewards.stock.remaining", {
                          remaining: reward.remaining,
                          total: reward.total ?? reward.remaining,
                        })}
                </Text>
              </IndexTable.Cell>
              <IndexTable.Cell>
                {reward.archived ? (
                  <Badge>{t("rewards.status.archived")}</Badge>
                ) : reward.active ? (
                  <Badge tone="success">{t("rewards.status.active")}</Badge>
                ) : (
                  <Badge tone="attention">{t("rewards.status.inactive")}</Badge>
                )}
              </IndexTable.Cell>
              <IndexTable.Cell>
                <Text as="span" alignment="end" numeric>
                  {/* Gifts cost the member nothing: they are not exchanges. */}
                  {formatNumber(reward.redemptions - reward.gifts)}
                </Text>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <Text as="span" alignment="end" numeric>
                  {formatNumber(reward.gifts)}
                </Text>
              </IndexTable.Cell>
            </IndexTable.Row>
          ))}
        </IndexTable>
        <Box padding="300">
          <InlineStack align="end">
            <Button
              variant="plain"
              url={includeArchived ? "/app/rewards" : "/app/rewards?archived=1"}
            >
              {includeArchived
                ? t("rewards.hideArchived")
                : t("rewards.showArchived")}
            </Button>
          </InlineStack>
        </Box>
      </Card>
    </Page>
  );
}
