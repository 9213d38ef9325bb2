import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Card,
  Page,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";

import { type SliderGiftRange } from "~/components/member-actions";
import { memberLabel } from "~/components/member-name";
import { RewardForm } from "~/components/reward-form";
import type { MessageKey } from "~/i18n/messages/dictionary";
import { useTranslation } from "~/i18n/use-translation";
import { REWARD_TYPES, type RewardType } from "~/loyalty/rewards";
import {
  getMemberHistory,
  getShopDisplaySettings,
} from "~/models/dashboard.server";
import { giftRewardToMember } from "~/services/redemptions/gift.server";
import {
  emptyRewardForm,
  readRewardForm,
  validateRewardForm,
  type RewardFormErrors,
} from "~/services/reward-form";
import { actorFromAdmin } from "~/services/audit.server";
import { authenticate } from "~/shopify.server";

/**
 * A one-off reward made for one member and given at once (it never appears in the catalogue).
 * Not offered: a code from an imported list (its codes belong to a catalogue reward; give that one
 * instead). A points slider asks the points the gift is worth, as the shopper would have chosen.
 */
const ONE_OFF_TYPES: readonly RewardType[] = REWARD_TYPES.filter(
  (type) => type !== "code_pool",
);
type GiftFailure = "unknown_reward" | "invalid" | "sold_out" | "invalid_amount";
const giftFailures = {
  unknown_reward: "member.gift.failure.unknown_reward",
  invalid: "member.gift.failure.invalid",
  sold_out: "member.gift.failure.sold_out",
  invalid_amount: "member.gift.failure.invalid_amount",
} as const satisfies Record<GiftFailure, string>;
/** The slider amount as typed; anything not a whole number is left for the core to refuse. */
const GiftPointsSchema = z.coerce.number().catch(Number.NaN);

/** A gift costs nothing; the schema still wants a cost, which no one ever pays. */
const GIFT_POINTS_COST = "1";

async function requireMember(shop: string, memberId: string | undefined) {
  const history = await getMemberHistory(shop, memberId ?? "", {
    page: 1,
    pageSize: 1,
  });
  if (!history)
    throw new Response(null, { status: 404, statusText: "Not Found" });
  return history.member;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const member = await requireMember(session.shop, params.memberId);
  const { currencyCode } = await getShopDisplaySettings(session.shop);
  return {
    member,
    currencyCode,
    values: emptyRewardForm([], "fixed_amount_off"),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await authenticate.admin(request);
  const { session, sessionToken, redirect } = admin;
  const member = await requireMember(session.shop, params.memberId);
  const form = await request.formData();
  const typedPoints = form.get("points");
  const giftPoints = typeof typedPoints === "string" ? typedPoints.trim() : "";
  const read = readRewardForm(form, []);
  const values = {
    ...read,
    pointsCost: GIFT_POINTS_COST,
    active: true,
    // A one-off slider gift is worth exactly the points typed: its range is that one amount.
    ...(read.type === "points_slider"
      ? { minPoints: giftPoints, maxPoints: giftPoints }
      : {}),
  };
  const refuse = (errors: RewardFormErrors, status = 422) =>
    json(
      {
        values,
        giftPoints,
        errors,
        failure: null as GiftFailure | null,
        range: null as SliderGiftRange | null,
      },
      { status },
    );
  if (!ONE_OFF_TYPES.includes(values.type))
    return refuse({ type: "reward.type.unknown" });
  const result = validateRewardForm(values);
  if (!result.ok) return refuse(result.errors);

  const gift = await giftRewardToMember({
    shop: session.shop,
    memberId: member.id,
    oneOffReward: result.reward,
    points:
      values.type === "points_slider" && giftPoints !== ""
        ? GiftPointsSchema.parse(giftPoints)
        : undefined,
    by: sessionToken?.sub ?? "staff",
    actor: actorFromAdmin(admin),
  });
  if (gift.outcome === "unknown_member")
    throw new Response(null, { status: 404, statusText: "Not Found" });
  if (gift.outcome === "invalid_amount") {
    const range: SliderGiftRange = {
      minPoints: gift.minPoints,
      maxPoints: gift.maxPoints,
      step: gift.step,
    };
    return json(
      {
        values,
        giftPoints,
        errors: {},
        failure: "invalid_amount" as GiftFailure | null,
        range,
      },
      { status: 422 },
    );
  }
  if (gift.outcome !== "gifted") {
    return json(
      {
        values,
        giftPoints,
        errors: {},
        failure: gift.outcome as GiftFailure | null,
        range: null as SliderGiftRange | null,
      },
      { status: 409 },
    );
  }
  return redirect(`/app/members/${member.id}`);
}

export default function OneOffGift() {
  const { member, currencyCode, values } = useLoaderData<typeof loader>();
  const refused = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const name = memberLabel(t, member);
  return (
    <Page
      title={t("member.gift.pageTitle", { member: name })}
      backAction={{ content: name, url: `/app/members/${member.id}` }}
    >
      <BlockStack gap="400">
        <Text as="p" tone="subdued">
          {t("member.gift.pageHelp")} {t("member.gift.help")}
        </Text>
        {refused?.failure ? (
          <Banner
            tone="critical"
            title={t("member.gift.failed", {
              reason: t(
                giftFailures[refused.failure],
                refused.range
                  ? {
                      min: refused.range.minPoints,
                      max: refused.range.maxPoints,
                      step: refused.range.step,
                    }
                  : {},
              ),
            })}
          />
        ) : null}
        <RewardForm
          key={refused ? JSON.stringify(refused.values) : "gift"}
          initialValues={refused?.values ?? values}
          errors={refused?.errors ?? {}}
          currencyCode={currencyCode}
          submitting={navigation.state === "submitting"}
          typeLocked={false}
          catalogue={false}
          types={ONE_OFF_TYPES}
          submitLabel={t("member.gift.submit")}
          footer={(type) =>
            type === "points_slider" ? (
              <GiftPointsField
                initialValue={refused?.giftPoints ?? ""}
                error={sliderError(refused?.errors)}
              />
            ) : null
          }
        />
      </BlockStack>
    </Page>
  );
}

function sliderError(errors: RewardFormErrors | undefined) {
  return errors?.minPoints ?? errors?.maxPoints;
}

/** For a slider: the points the gift is worth; the member keeps their own points. */
function GiftPointsField({
  initialValue,
  error,
}: {
  initialValue: string;
  /** The range's error (its bounds are the points typed here), as a message key. */
  error?: string;
}) {
  const { t } = useTranslation();
  const [points, setPoints] = useState(initialValue);
  return (
    <Card>
      <TextField
        label={t("member.gift.points")}
        name="points"
        type="number"
        autoComplete="off"
        value={points}
        onChange={setPoints}
        helpText={t("member.gift.pointsHelpOneOff")}
        error={error ? t(error as MessageKey) : undefined}
      />
    </Card>
  );
}
