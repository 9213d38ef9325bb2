import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Page } from "@shopify/polaris";

import { OptionalScopeBanner } from "~/components/optional-scope-banner";
import { RewardForm } from "~/components/reward-form";
import { getLocale } from "~/i18n/locale";
import { useTranslation } from "~/i18n/use-translation";
import * as clock from "~/clock.server";
import { getShopDisplaySettings } from "~/models/dashboard.server";
import { newId } from "~/models/ids.server";
import { listTierOptions } from "~/models/reward.server";
import { REWARD_TYPES, type RewardType } from "~/loyalty/rewards";
import {
  emptyRewardForm,
  isRewardType,
  readRewardForm,
  validateRewardForm,
} from "~/services/reward-form";
import { createReward } from "~/services/rewards.server";
import { actorFromAdmin, recordAuditNow } from "~/services/audit.server";
import { authenticate } from "~/shopify.server";
import {
  canIssueGiftCards,
  GIFT_CARDS_SCOPE,
  scopeList,
} from "~/shopify/access-scopes";

/** Gift cards are offered only once Shopify granted write_gift_cards (an optional scope). */
function offeredTypes(scope: string | undefined): readonly RewardType[] {
  return canIssueGiftCards(scopeList(scope))
    ? REWARD_TYPES
    : REWARD_TYPES.filter((type) => type !== "gift_card");
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const [tiers, { currencyCode }] = await Promise.all([
    listTierOptions(session.shop, getLocale(request)),
    getShopDisplaySettings(session.shop),
  ]);
  const type = new URL(request.url).searchParams.get("type") ?? "";
  const types = offeredTypes(session.scope);
  return {
    values: emptyRewardForm(
      tiers,
      isRewardType(type) && types.includes(type) ? type : undefined,
    ),
    currencyCode,
    types,
    giftCards: types.includes("gift_card"),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await authenticate.admin(request);
  const { session, redirect } = admin;
  const audit = (
    action: Parameters<typeof recordAuditNow>[0]["action"],
    subjectId?: string,
  ) =>
    recordAuditNow({
      shopDomain: session.shop,
      actor: actorFromAdmin(admin),
      action,
      subjectId,
      at: clock.now(),
    });
  const form = await request.formData();
  const values = readRewardForm(
    form,
    await listTierOptions(session.shop, getLocale(request)),
  );
  if (!offeredTypes(session.scope).includes(values.type))
    return json(
      {
        values,
        errors: { type: "reward.type.giftCardsNotGranted" as const },
      },
      { status: 422 },
    );
  // A pool reward gets its own pool; its codes are imported on the reward's codes page.
  const result = validateRewardForm(
    values,
    values.type === "code_pool" ? newId(clock.now().getTime()) : undefined,
  );
  if (!result.ok)
    return json({ values, errors: result.errors }, { status: 422 });
  const saved = await createReward(session.shop, result.reward);
  if (saved.outcome !== "saved")
    throw new Error(`reward not created: ${saved.outcome}`);
  await audit("reward.saved", saved.reward.id);
  return redirect(
    saved.reward.type === "code_pool"
      ? `/app/rewards/${saved.reward.id}/codes`
      : "/app/rewards",
  );
}

export default function NewReward() {
  const loaded = useLoaderData<typeof loader>();
  const refused = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const values = refused?.values ?? loaded.values;
  return (
    <Page
      title={t("rewardForm.newTitle")}
      backAction={{ content: t("rewards.title"), url: "/app/rewards" }}
    >
      {loaded.giftCards ? null : (
        <div style={{ marginBottom: "var(--p-space-400)" }}>
          <OptionalScopeBanner
            scope={GIFT_CARDS_SCOPE}
            title="scopes.giftCards.title"
            body="scopes.giftCards.body"
            requestLabel="scopes.giftCards.request"
          />
        </div>
      )}
      <RewardForm
        // A refused submission remounts the form with what was sent.
        key={refused ? JSON.stringify(refused.values) : "new"}
        initialValues={values}
        errors={refused?.errors ?? {}}
        currencyCode={loaded.currencyCode}
        submitting={navigation.state === "submitting"}
        typeLocked={false}
        types={loaded.types}
        submitLabel={t("rewardForm.save")}
      />
    </Page>
  );
}
