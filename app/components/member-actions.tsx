import { Form, useSubmit } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  Checkbox,
  FormLayout,
  IndexTable,
  InlineStack,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";

import { useConfirmation } from "~/components/confirm-modal";
import { useTranslation } from "~/i18n/use-translation";
import type {
  AdjustmentErrorKey,
  PointsAdjustment,
} from "~/services/adjustments.server";
import type { RedemptionView } from "~/services/redemptions/views.server";

/** What the member page's action answers, per form. */
export type MemberActionResult =
  | { intent: "unknown" }
  | {
      intent: "adjust";
      errors?: Partial<Record<keyof PointsAdjustment, AdjustmentErrorKey>>;
      /** A deduction was refused: the balance it would have gone below. */
      insufficientBalance?: number;
      done?: true;
    }
  | {
      intent: "gift";
      failure?: "unknown_reward" | "invalid" | "sold_out" | "invalid_amount";
      /** With `invalid_amount`: the slider's range, to say what would have been accepted. */
      range?: SliderGiftRange;
      done?: true;
    };

/** A points slider's range, for the amount a gift of it is worth. */
export interface SliderGiftRange {
  minPoints: number;
  maxPoints: number;
  step: number;
}

type AdjustResult = Extract<MemberActionResult, { intent: "adjust" }>;
type GiftResult = Extract<MemberActionResult, { intent: "gift" }>;

/**
 * "Adjust points": add or deduct with a reason the customer sees. The hidden key makes one form
 * submission one adjustment; a deduction asks for confirmation first.
 */
export function AdjustPointsCard({
  idempotencyKey,
  result,
  submitting,
}: {
  idempotencyKey: string;
  result?: AdjustResult;
  submitting: boolean;
}) {
  const { t, formatPoints } = useTranslation();
  const [direction, setDirection] = useState<"add" | "deduct">("add");
  const confirmation = useConfirmation();
  const submit = useSubmit();
  const [points, setPoints] = useState("");
  const [description, setDescription] = useState("");
  const [notify, setNotify] = useState(true);
  const error = (field: keyof PointsAdjustment) => {
    const key = result?.errors?.[field];
    return key ? t(key) : undefined;
  };

  return (
    <Card>
      <Form
        method="post"
        data-adjust-points
        noValidate
        onSubmit={(event) => {
          if (direction !== "deduct") return;
          event.preventDefault();
          const form = event.currentTarget;
          confirmation.ask({
            title: t("member.adjust.deductTitle"),
            body: t("member.adjust.deductConfirm", {
              points: formatPoints(Number(points) || 0),
            }),
            confirmLabel: t("member.adjust.deduct"),
            onConfirm: () => submit(form),
          });
        }}
      >
        <input type="hidden" name="intent" value="adjust" />
        <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {t("member.adjust.title")}
          </Text>
          {result?.done ? (
            <Banner tone="success" title={t("member.adjust.done")} />
          ) : null}
          {result?.insufficientBalance !== undefined ? (
            <Banner
              tone="critical"
              title={t("member.adjust.insufficient", {
                balance: formatPoints(result.insufficientBalance),
              })}
            />
          ) : null}
          {error("idempotencyKey") ? (
            <Banner tone="critical" title={error("idempotencyKey")} />
          ) : null}
          <FormLayout>
            <Select
              label={t("member.adjust.direction")}
              name="direction"
              options={[
                { value: "add", label: t("member.adjust.add") },
                { value: "deduct", label: t("member.adjust.deduct") },
              ]}
              value={direction}
              onChange={(value) => setDirection(value as "add" | "deduct")}
              error={error("direction")}
            />
            <TextField
              label={t("member.adjust.points")}
              name="points"
              type="number"
              min={1}
              step={1}
              autoComplete="off"
              value={points}
              onChange={setPoints}
              error={error("points")}
            />
            <TextField
              label={t("member.adjust.description")}
              name="description"
              autoComplete="off"
              maxLength={255}
              value={description}
              onChange={setDescription}
              helpText={t("member.adjust.descriptionHelp")}
              error={error("description")}
            />
            <Checkbox
              label={t("emails.adjust.notify")}
              helpText={t("emails.adjust.notifyHelp")}
              name="notifyCustomer"
              checked={notify}
              onChange={setNotify}
            />
          </FormLayout>
          <InlineStack align="end">
            <Button
              submit
              loading={submitting}
              tone={direction === "deduct" ? "critical" : undefined}
            >
              {t("member.adjust.submit")}
            </Button>
          </InlineStack>
        </BlockStack>
      </Form>
    </Card>
  );
}

const giftFailures = {
  unknown_reward: "member.gift.failure.unknown_reward",
  invalid: "member.gift.failure.invalid",
  sold_out: "member.gift.failure.sold_out",
  invalid_amount: "member.gift.failure.invalid_amount",
} as const;

/** "Add a reward": one of the catalogue's rewards as a gift, or a one-off reward made for this member. */
export function GiftRewardCard({
  memberId,
  rewards,
  result,
  submitting,
}: {
  memberId: string;
  rewards: { id: string; name: string; slider: SliderGiftRange | null }[];
  result?: GiftResult;
  submitting: boolean;
}) {
  const { t } = useTranslation();
  const [rewardId, setRewardId] = useState("");
  const [points, setPoints] = useState("");
  const slider =
    rewards.find((reward) => reward.id === rewardId)?.slider ?? null;
  const rangeParams = (range: SliderGiftRange) => ({
    min: range.minPoints,
    max: range.maxPoints,
    step: range.step,
  });

  return (
    <Card>
      <Form noValidate method="post" data-gift-reward>
        <input type="hidden" name="intent" value="gift" />
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {t("member.gift.title")}
          </Text>
          <Text as="p" tone="subdued">
            {t("member.gift.help")}
          </Text>
          {result?.done ? (
            <Banner tone="success" title={t("member.gift.done")} />
          ) : null}
          {result?.failure ? (
            <Banner
              tone="critical"
              title={t("member.gift.failed", {
                reason: t(
                  giftFailures[result.failure],
                  result.range ? rangeParams(result.range) : {},
                ),
              })}
            />
          ) : null}
          {rewards.length === 0 ? (
            <Text as="p" tone="subdued">
              {t("member.gift.none")}
            </Text>
          ) : (
            <>
              <Select
                label={t("member.gift.reward")}
                name="rewardId"
                placeholder={t("member.gift.choose")}
                options={rewards.map((reward) => ({
                  value: reward.id,
                  label: reward.name || t("rewards.untitled"),
                }))}
                value={rewardId}
                onChange={setRewardId}
              />
              {slider ? (
                <TextField
                  label={t("member.gift.points")}
                  name="points"
                  type="number"
                  autoComplete="off"
                  min={slider.minPoints}
                  max={slider.maxPoints}
                  step={slider.step}
                  value={points}
                  onChange={setPoints}
                  helpText={t("member.gift.pointsHelp", rangeParams(slider))}
                />
              ) : null}
              <InlineStack align="end">
                <Button submit loading={submitting} disabled={rewardId === ""}>
                  {t("member.gift.submit")}
                </Button>
              </InlineStack>
            </>
          )}
          <InlineStack>
            <Button variant="plain" url={`/app/members/${memberId}/gift`}>
              {t("member.gift.oneOff")}
            </Button>
          </InlineStack>
        </BlockStack>
      </Form>
    </Card>
  );
}

const statusLabels = {
  pending: "member.rewards.status.pending",
  active: "member.rewards.status.active",
  used: "member.rewards.status.used",
  expired: "member.rewards.status.expired",
  cancelled: "member.rewards.status.cancelled",
} as const;

/** The member's rewards, newest first; gifts are marked as gifts (they cost no points). */
export function MemberRewardsCard({
  redemptions,
}: {
  redemptions: RedemptionView[];
}) {
  const { t, formatPoints, formatDateTime } = useTranslation();
  return (
    <Card padding="0">
      <div style={{ padding: "var(--p-space-400)" }}>
        <Text as="h2" variant="headingMd">
          {t("member.rewards.title")}
        </Text>
      </div>
      <IndexTable
        selectable={false}
        itemCount={redemptions.length}
        resourceName={{
          singular: t("rewards.resource.singular"),
          plural: t("rewards.resource.plural"),
        }}
        headings={[
          { title: t("rewards.column.name") },
          { title: t("rewards.column.status") },
          { title: t("activity.column.date") },
        ]}
        emptyState={
          <Text as="p" tone="subdued" alignment="center">
            {t("member.rewards.empty")}
          </Text>
        }
      >
        {redemptions.map((redemption, index) => (
          <IndexTable.Row
            id={redemption.id}
            key={redemption.id}
            position={index}
          >
            <IndexTable.Cell>
              <BlockStack gap="100">
                <InlineStack gap="200" blockAlign="center">
                  <Text as="span" fontWeight="semibold">
                    {redemption.rewardName || t("rewards.untitled")}
                  </Text>
                  {redemption.gift ? (
                    <Badge tone="info">{t("member.rewards.gift")}</Badge>
                  ) : (
                    <Badge>{t("member.rewards.redeemed")}</Badge>
                  )}
                </InlineStack>
                <Text as="span" tone="subdued">
                  {[
                    redemption.code
                      ? t(
                          redemption.rewardType === "gift_card"
                            ? "member.rewards.giftCardCode"
                            : "member.rewards.code",
                          { code: redemption.code },
                        )
                      : null,
                    redemption.points > 0
                      ? t("member.rewards.points", {
                          points: formatPoints(redemption.points),
                        })
                      : null,
                  ]
                    .filter(Boolean)
                    .join(" · ")}
                </Text>
              </BlockStack>
            </IndexTable.Cell>
            <IndexTable.Cell>
              {t(statusLabels[redemption.status])}
            </IndexTable.Cell>
            <IndexTable.Cell>
              {formatDateTime(redemption.createdAt)}
            </IndexTable.Cell>
          </IndexTable.Row>
        ))}
      </IndexTable>
    </Card>
  );
}
