import * as clock from "~/clock.server";
import { randomUUID } from "node:crypto";

import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Box,
  Card,
  Layout,
  Page,
  Text,
} from "@shopify/polaris";
import { z } from "zod";

import {
  AdjustPointsCard,
  GiftRewardCard,
  MemberRewardsCard,
  type MemberActionResult,
  type SliderGiftRange,
} from "~/components/member-actions";

import { ActivityTable } from "~/components/activity-table";
import { PendingPointsCard, PointsOwedCard } from "~/components/member-points";
import { useExportDownload } from "~/components/export-download";
import { useFocusAdjustment } from "~/components/focus-adjustment";
import { memberLabel } from "~/components/member-name";
import { usePageLinks } from "~/components/use-page-links";
import { notFoundBoundary } from "~/components/not-found-boundary";
import { useSaveToast } from "~/components/save-toast";
import { useTranslation } from "~/i18n/use-translation";
import { getLocale } from "~/i18n/locale";
import { sliderRangeFor } from "~/loyalty/redemption";
import { localizedText, type LocalizedText } from "~/loyalty/rewards";
import { getMemberHistory } from "~/models/dashboard.server";
import { listPendingPointsForMember } from "~/models/pending-awards.server";
import {
  listClampedReversals,
  listOrdersOwingPoints,
} from "~/models/reversal-shortfall.server";
import { listGiftableRewards } from "~/models/reward.server";
import {
  adjustMemberPoints,
  parsePointsAdjustmentForm,
} from "~/services/adjustments.server";
import { giftRewardToMember } from "~/services/redemptions/gift.server";
import { listMemberRedemptions } from "~/services/redemptions/views.server";
import { rewardOf } from "~/services/rewards.server";
import { actorFromAdmin } from "~/services/audit.server";
import { authenticate } from "~/shopify.server";

const PAGE_SIZE = 25;

const HistoryQuerySchema = z.object({
  page: z.coerce.number().int().min(1).catch(1),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const { page } = HistoryQuerySchema.parse(
    Object.fromEntries(new URL(request.url).searchParams),
  );
  const history = await getMemberHistory(session.shop, params.memberId ?? "", {
    page,
    pageSize: PAGE_SIZE,
  });
  // Another shop's member is as absent as one that never existed.
  if (!history)
    throw new Response(null, { status: 404, statusText: "Not Found" });
  const locale = getLocale(request);
  const [giftable, redemptions, clamped, owing, pending] = await Promise.all([
    listGiftableRewards(session.shop),
    listMemberRedemptions(history.member.id, locale),
    listClampedReversals(session.shop, {
      memberId: history.member.id,
      ledgerEntryIds: history.entries.map((entry) => entry.id),
    }),
    listOrdersOwingPoints(session.shop, { memberId: history.member.id }),
    listPendingPointsForMember(session.shop, history.member.id),
  ]);
  // A reversal clamped to the balance says what it could not take back (ADR 0003).
  const shortfalls = new Map(
    clamped.map((row) => [
      row.ledgerEntryId,
      {
        notTaken: row.notTakenPoints,
        owedAfter: row.owedAfter,
        order: row.orderName ?? row.orderId,
      },
    ]),
  );
  return {
    ...history,
    entries: history.entries.map((entry) => ({
      ...entry,
      shortfall: shortfalls.get(entry.id) ?? null,
    })),
    pointsOwed: owing.orders.map((order) => ({
      order: order.orderName ?? order.orderId,
      points: order.pointsOwed,
    })),
    pending,
    // One key per page load: the "Adjust points" form posts it, so a double submission or a retried
    // request posts one adjustment; the next page load brings a fresh key.
    adjustmentKey: randomUUID(),
    giftableRewards: giftable.map((reward) => ({
      id: reward.id,
      name: localizedText(JSON.parse(reward.name) as LocalizedText, locale),
      slider: sliderOf(reward),
    })),
    redemptions,
  };
}

/** A slider gift asks how many points it is worth; the range is the default one (a tier's own step aside). */
function sliderOf(reward: { config: string }): SliderGiftRange | null {
  const parsed = rewardOf(reward);
  if (parsed.type !== "points_slider") return null;
  const { minPoints, maxPoints, step } = sliderRangeFor(parsed, null);
  return { minPoints, maxPoints, step };
}

const MemberIntentSchema = z.enum(["adjust", "gift"]);
/** The slider amount as typed; anything not a whole number is left for the core to refuse. */
const GiftPointsSchema = z.coerce.number().optional().catch(Number.NaN);

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await authenticate.admin(request);
  const { session, sessionToken } = admin;
  const actor = actorFromAdmin(admin);
  const memberId = params.memberId ?? "";
  const form = Object.fromEntries(
    [...(await request.formData())].filter(
      ([, value]) => typeof value === "string",
    ),
  );
  const intent = MemberIntentSchema.safeParse(form.intent);
  if (!intent.success)
    return json<MemberActionResult>({ intent: "unknown" }, { status: 400 });

  if (intent.data === "adjust") {
    const parsed = parsePointsAdjustmentForm(form);
    if (!parsed.ok)
      return json<MemberActionResult>(
        { intent: "adjust", errors: parsed.errors },
        { status: 422 },
      );
    const result = await adjustMemberPoints(
      session.shop,
      memberId,
      parsed.adjustment,
      { actor, now: clock.now() },
    );
    if (result.outcome === "unknown_member")
      throw new Response(null, { status: 404, statusText: "Not Found" });
    if (result.outcome === "insufficient_balance") {
      return json<MemberActionResult>(
        { intent: "adjust", insufficientBalance: result.balance },
        { status: 409 },
      );
    }
    return json<MemberActionResult>({ intent: "adjust", done: true });
  }

  const rewardId = typeof form.rewardId === "string" ? form.rewardId : "";
  if (!rewardId)
    return json<MemberActionResult>(
      { intent: "gift", failure: "unknown_reward" },
      { status: 422 },
    );
  const points =
    form.points === undefined || form.points === ""
      ? undefined
      : GiftPointsSchema.parse(form.points);
  const gift = await giftRewardToMember({
    shop: session.shop,
    memberId,
    rewardId,
    points,
    by: sessionToken?.sub ?? "staff",
    actor,
  });
  if (gift.outcome === "unknown_member")
    throw new Response(null, { status: 404, statusText: "Not Found" });
  if (gift.outcome === "invalid_amount") {
    const range = {
      minPoints: gift.minPoints,
      maxPoints: gift.maxPoints,
      step: gift.step,
    };
    return json<MemberActionResult>(
      { intent: "gift", failure: "invalid_amount", range },
      { status: 422 },
    );
  }
  if (gift.outcome !== "gifted")
    return json<MemberActionResult>(
      { intent: "gift", failure: gift.outcome },
      { status: 409 },
    );
  return json<MemberActionResult>({ intent: "gift", done: true });
}

export default function MemberPage() {
  const {
    member,
    entries,
    page,
    pageCount,
    adjustmentKey,
    giftableRewards,
    redemptions,
    pending,
    pointsOwed,
  } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  useSaveToast(result, result !== undefined && "done" in result);
  const navigation = useNavigation();
  const submittingIntent =
    navigation.state === "submitting"
      ? navigation.formData?.get("intent")
      : null;
  const { t, locale, formatPoints, formatDate } = useTranslation();
  const pagination = usePageLinks(page, pageCount);
  const exports = useExportDownload();
  const exportAction = (format: "csv" | "xlsx") => ({
    content: t(format === "csv" ? "member.export.csv" : "member.export.xlsx"),
    loading: exports.pending === format,
    disabled: exports.pending !== null,
    onAction: () =>
      void exports.download(
        `/app/members/${member.id}/export?format=${format}&locale=${locale}`,
        format,
      ),
  });
  // "Add points to this customer" from the Reports page lands on the adjustment, ready to type.
  useFocusAdjustment();

  return (
    <Page
      title={memberLabel(t, member)}
      subtitle={t("member.memberSince", { date: formatDate(member.joinedAt) })}
      backAction={{ content: t("nav.members"), url: "/app/members" }}
      secondaryActions={[
        {
          content: t("earn.birthday.set"),
          url: `/app/members/${member.id}/birthday`,
        },
        exportAction("csv"),
        exportAction("xlsx"),
      ]}
    >
      <Layout>
        {exports.failed ? (
          <Layout.Section>
            <Banner tone="critical" onDismiss={exports.dismissFailure}>
              <p>{t("reports.export.failed")}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <BlockStack gap="400">
            <Card padding="0">
              <Box padding="400">
                <Text as="h2" variant="headingMd">
                  {t("member.history.title")}
                </Text>
              </Box>
              <ActivityTable
                entries={entries}
                showMember={false}
                emptyText={t("member.history.empty")}
                pagination={pageCount > 1 ? pagination : undefined}
              />
            </Card>
            <MemberRewardsCard redemptions={redemptions} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingSm" tone="subdued">
                  {t("member.balance")}
                </Text>
                <Text as="p" variant="heading2xl" numeric>
                  {formatPoints(member.balance)}
                </Text>
              </BlockStack>
            </Card>
            <PendingPointsCard pending={pending} />
            {pointsOwed.length > 0 ? (
              <PointsOwedCard orders={pointsOwed} />
            ) : null}
            <div id="adjust-points">
              <AdjustPointsCard
                key={adjustmentKey}
                idempotencyKey={adjustmentKey}
                result={result?.intent === "adjust" ? result : undefined}
                submitting={submittingIntent === "adjust"}
              />
            </div>
            <GiftRewardCard
              memberId={member.id}
              rewards={giftableRewards}
              result={result?.intent === "gift" ? result : undefined}
              submitting={submittingIntent === "gift"}
            />
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("member.details.title")}
                </Text>
                {member.redacted ? (
                  <Text as="p" tone="subdued">
                    {t("member.redacted")}
                  </Text>
                ) : (
                  <BlockStack gap="100">
                    <Text as="h3" variant="headingSm">
                      {t("member.email")}
                    </Text>
                    <Text as="p" tone={member.email ? undefined : "subdued"}>
                      {member.email ?? t("member.noEmail")}
                    </Text>
                  </BlockStack>
                )}
                <BlockStack gap="100">
                  <Text as="h3" variant="headingSm">
                    {t("member.customerId")}
                  </Text>
                  <Text as="p">{member.customerId}</Text>
                </BlockStack>
                {member.redacted ? null : (
                  <BlockStack gap="100">
                    <Text as="h3" variant="headingSm">
                      {t("member.emails.title")}
                    </Text>
                    <Text
                      as="p"
                      tone={member.emailOptOutAt ? "caution" : undefined}
                    >
                      {member.emailOptOutAt
                        ? t("member.emails.unsubscribed", {
                            date: formatDate(member.emailOptOutAt),
                          })
                        : t("member.emails.subscribed")}
                    </Text>
                  </BlockStack>
                )}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export const ErrorBoundary = notFoundBoundary({
  back: "nav.members",
  backUrl: "/app/members",
  heading: "member.notFound.heading",
  body: "member.notFound.body",
});
