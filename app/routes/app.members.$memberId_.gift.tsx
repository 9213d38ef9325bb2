import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Page, Text } from "@shopify/polaris";

import { memberLabel } from "~/components/member-name";
import { RewardForm } from "~/components/reward-form";
import { useTranslation } from "~/i18n/use-translation";
import { REWARD_TYPES, type RewardType } from "~/loyalty/rewards";
import { getMemberHistory, getShopDisplaySettings } from "~/models/dashboard.server";
import { giftRewardToMember } from "~/services/redemptions.server";
import { emptyRewardForm, readRewardForm, validateRewardForm, type RewardFormErrors } from "~/services/reward-form";
import { authenticate } from "~/shopify.server";

/**
 * A one-off reward made for one member and given at once (it never appears in the catalogue).
 * Not offered: a code from an imported list (its codes belong to a catalogue reward; give that one
 * instead) and a points slider (its value is what a shopper picks when spending points).
 */
const ONE_OFF_TYPES: readonly RewardType[] = REWARD_TYPES.filter((type) => type !== "code_pool" && type !== "points_slider");
type GiftFailure = "unknown_reward" | "invalid" | "sold_out";
const giftFailures = {
  unknown_reward: "member.gift.failure.unknown_reward",
  invalid: "member.gift.failure.invalid",
  sold_out: "member.gift.failure.sold_out",
} as const satisfies Record<GiftFailure, string>;

/** A gift costs nothing; the schema still wants a cost, which no one ever pays. */
const GIFT_POINTS_COST = "1";

async function requireMember(shop: string, memberId: string | undefined) {
  const history = await getMemberHistory(shop, memberId ?? "", { page: 1, pageSize: 1 });
  if (!history) throw new Response(null, { status: 404, statusText: "Not Found" });
  return history.member;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const member = await requireMember(session.shop, params.memberId);
  const { currencyCode } = await getShopDisplaySettings(session.shop);
  return { member, currencyCode, values: emptyRewardForm([], "fixed_amount_off") };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { session, sessionToken, redirect } = await authenticate.admin(request);
  const member = await requireMember(session.shop, params.memberId);
  const values = { ...readRewardForm(await request.formData(), []), pointsCost: GIFT_POINTS_COST, active: true };
  const refuse = (errors: RewardFormErrors, status = 422) => json({ values, errors, failure: null as GiftFailure | null }, { status });
  if (!ONE_OFF_TYPES.includes(values.type)) return refuse({ type: "reward.type.unknown" });
  const result = validateRewardForm(values);
  if (!result.ok) return refuse(result.errors);

  const gift = await giftRewardToMember({
    shop: session.shop,
    memberId: member.id,
    oneOffReward: result.reward,
    by: sessionToken?.sub ?? "staff",
  });
  if (gift.outcome === "unknown_member") throw new Response(null, { status: 404, statusText: "Not Found" });
  if (gift.outcome !== "gifted") return json({ values, errors: {}, failure: gift.outcome as GiftFailure | null }, { status: 409 });
  return redirect(`/app/members/${member.id}`);
}

export default function OneOffGift() {
  const { member, currencyCode, values } = useLoaderData<typeof loader>();
  const refused = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const name = memberLabel(t, member);
  return (
    <Page title={t("member.gift.pageTitle", { member: name })} backAction={{ content: name, url: `/app/members/${member.id}` }}>
      <BlockStack gap="400">
        <Text as="p" tone="subdued">
          {t("member.gift.pageHelp")} {t("member.gift.help")}
        </Text>
        {refused?.failure ? (
          <Banner tone="critical" title={t("member.gift.failed", { reason: t(giftFailures[refused.failure]) })} />
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
        />
      </BlockStack>
    </Page>
  );
}
