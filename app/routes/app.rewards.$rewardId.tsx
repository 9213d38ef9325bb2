import * as clock from "~/clock.server";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import {
  useActionData,
  useLoaderData,
  useNavigation,
  useSubmit,
} from "@remix-run/react";
import { Banner, BlockStack, Page, Text } from "@shopify/polaris";
import { z } from "zod";

import { OptionalScopeBanner } from "~/components/optional-scope-banner";
import { RewardForm } from "~/components/reward-form";
import { getLocale } from "~/i18n/locale";
import { notFoundBoundary } from "~/components/not-found-boundary";
import { useConfirmation } from "~/components/confirm-modal";
import { useTranslation } from "~/i18n/use-translation";
import { localizedText } from "~/loyalty/rewards";
import { getShopDisplaySettings } from "~/models/dashboard.server";
import {
  countRedemptionsByReward,
  listTierOptions,
} from "~/models/reward.server";
import {
  readRewardForm,
  rewardFormValues,
  validateRewardForm,
} from "~/services/reward-form";
import {
  deleteOrArchiveReward,
  findReward,
  restoreReward,
  rewardOf,
  updateReward,
} from "~/services/rewards.server";
import { actorFromAdmin, recordAuditNow } from "~/services/audit.server";
import { authenticate } from "~/shopify.server";
import { rewardFormResources } from "~/services/picked-resources";
import { uploadedRewardImageUrls } from "~/services/reward-images.server";
import { RewardImageCard } from "~/components/reward-image-card";
import { fetchResourceTitles } from "~/shopify/products.server";
import {
  canIssueGiftCards,
  GIFT_CARDS_SCOPE,
  scopeList,
} from "~/shopify/access-scopes";

const IntentSchema = z.enum(["save", "delete", "restore"]).catch("save");

/** The shop's catalogue reward, or 404 (another shop's, a one-off gift, or gone). */
async function requireReward(shop: string, rewardId: string | undefined) {
  const row = rewardId ? await findReward(shop, rewardId) : null;
  if (!row || row.oneOff)
    throw new Response(null, { status: 404, statusText: "Not Found" });
  return row;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const row = await requireReward(session.shop, params.rewardId);
  const [tiers, { currencyCode }, redemptions] = await Promise.all([
    listTierOptions(session.shop, getLocale(request)),
    getShopDisplaySettings(session.shop),
    countRedemptionsByReward(session.shop, [row.id]),
  ]);
  const reward = rewardOf(row);
  const values = rewardFormValues(reward, tiers);
  return {
    id: row.id,
    name: reward.name,
    type: reward.type,
    archived: row.archivedAt !== null,
    redemptions: redemptions.get(row.id) ?? 0,
    values,
    uploadedImageUrl:
      (await uploadedRewardImageUrls(session.shop)).get(row.id) ?? null,
    resourceTitles: await fetchResourceTitles(
      session.shop,
      rewardFormResources(values),
    ),
    currencyCode,
    // A gift card reward made before the scope was revoked still shows, with what it needs.
    missingGiftCardScope:
      reward.type === "gift_card" &&
      !canIssueGiftCards(scopeList(session.scope)),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
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
  const row = await requireReward(session.shop, params.rewardId);
  const form = await request.formData();
  const intent = IntentSchema.parse(form.get("intent"));

  if (intent === "delete") {
    // With redemptions the reward is archived instead: members' histories keep pointing at it.
    const removed = await deleteOrArchiveReward(session.shop, row.id);
    await audit("reward.archived", row.id);
    return redirect(
      removed.outcome === "archived"
        ? `/app/rewards/${row.id}`
        : "/app/rewards",
    );
  }
  if (intent === "restore") {
    await restoreReward(session.shop, row.id);
    return redirect(`/app/rewards/${row.id}`);
  }

  const values = {
    ...readRewardForm(
      form,
      await listTierOptions(session.shop, getLocale(request)),
    ),
    type: rewardOf(row).type,
  };
  const result = validateRewardForm(values, row.poolId ?? undefined);
  if (!result.ok)
    return json({ values, errors: result.errors }, { status: 422 });
  const saved = await updateReward(session.shop, row.id, result.reward);
  if (saved.outcome === "not_found")
    throw new Response(null, { status: 404, statusText: "Not Found" });
  if (saved.outcome === "invalid")
    throw new Error("a validated reward was refused");
  await audit("reward.saved", row.id);
  return redirect("/app/rewards");
}

export default function EditReward() {
  const reward = useLoaderData<typeof loader>();
  const refused = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const confirmation = useConfirmation();
  const { t, locale } = useTranslation();

  const removeAction =
    reward.redemptions > 0
      ? {
          content: t("rewardPage.archive"),
          confirm: t("rewardPage.archiveConfirm"),
        }
      : {
          content: t("rewardPage.delete"),
          confirm: t("rewardPage.deleteConfirm"),
        };
  const secondaryActions = [
    ...(reward.type === "code_pool"
      ? [
          {
            content: t("rewardPage.codes"),
            url: `/app/rewards/${reward.id}/codes`,
          },
        ]
      : []),
    ...(reward.archived
      ? [
          {
            content: t("rewardPage.restore"),
            onAction: () => submit({ intent: "restore" }, { method: "post" }),
          },
        ]
      : [
          {
            content: removeAction.content,
            destructive: true,
            onAction: () =>
              confirmation.ask({
                title: removeAction.content,
                body: removeAction.confirm,
                confirmLabel: removeAction.content,
                onConfirm: () =>
                  submit({ intent: "delete" }, { method: "post" }),
              }),
          },
        ]),
  ];

  return (
    <Page
      title={localizedText(reward.name, locale) || t("rewardForm.editTitle")}
      backAction={{ content: t("rewards.title"), url: "/app/rewards" }}
      secondaryActions={secondaryActions}
    >
      {reward.archived ? (
        <Banner tone="warning" title={t("rewards.status.archived")}>
          <p>{t("rewardPage.archivedBanner")}</p>
        </Banner>
      ) : (
        <BlockStack gap="400">
          {reward.missingGiftCardScope ? (
            <OptionalScopeBanner
              scope={GIFT_CARDS_SCOPE}
              title="scopes.giftCards.title"
              body="scopes.giftCards.existing"
              requestLabel="scopes.giftCards.request"
            />
          ) : null}
          {reward.redemptions > 0 ? (
            <Text as="p" tone="subdued">
              {t("rewardPage.snapshotNote")}
            </Text>
          ) : null}
          <RewardImageCard
            rewardId={reward.id}
            imageUrl={reward.uploadedImageUrl}
          />
          <RewardForm
            key={refused ? JSON.stringify(refused.values) : reward.id}
            initialValues={refused?.values ?? reward.values}
            errors={refused?.errors ?? {}}
            currencyCode={reward.currencyCode}
            submitting={navigation.state === "submitting"}
            typeLocked
            submitLabel={t("rewardForm.save")}
            resourceTitles={reward.resourceTitles}
            saveBarId="reward-save-bar"
          />
        </BlockStack>
      )}
      {confirmation.modal}
    </Page>
  );
}

export const ErrorBoundary = notFoundBoundary({
  back: "rewards.title",
  backUrl: "/app/rewards",
  heading: "rewardPage.notFound.heading",
  body: "rewardPage.notFound.body",
});
