import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useCallback, useEffect, useState } from "preact/hooks";

import { APP_URL } from "../../shared/app-url";
import {
  createLoyaltyClient,
  type RewardsPageAnswer,
} from "../../shared/loyalty-client";
import {
  chosenPoints,
  redemptionMessage,
  type RewardCardView,
  type RewardsPageView,
  rewardsPageView,
} from "../../shared/views";

// customer-account.page.render: the customer's Rewards page.
export default async () => {
  render(<RewardsPage />, document.body);
};

function RewardsPage() {
  const t = shopify.i18n.translate as (
    key: string,
    params?: Record<string, string | number>,
  ) => string;
  const locale = shopify.localization.language.value.isoCode;
  const [client] = useState(() =>
    createLoyaltyClient({
      appUrl: APP_URL,
      getToken: () => shopify.sessionToken.get(),
      locale,
    }),
  );
  const [answer, setAnswer] = useState<RewardsPageAnswer | null>(null);
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<ReturnType<
    typeof redemptionMessage
  > | null>(null);
  /** What the customer typed in each slider reward's field, by reward id. */
  const [amounts, setAmounts] = useState<Record<string, string>>({});

  const load = useCallback(async () => {
    const outcome = await client.rewardsPage();
    setFailed(!outcome.ok);
    if (outcome.ok) setAnswer(outcome.data);
  }, [client]);
  useEffect(() => {
    void load();
  }, [load]);

  async function redeem(reward: RewardCardView) {
    if (busy || !answer) return;
    const points = chosenPoints(reward, amounts[reward.id]);
    // An amount off the slider is never sent: the field says what it accepts.
    if (points === null) return;
    setBusy(reward.id);
    const outcome = await client.redeem(
      reward.id,
      crypto.randomUUID(),
      reward.slider ? points : undefined,
    );
    setNotice(redemptionMessage(outcome, t, answer.program.pointsName));
    setBusy(null);
    await load();
  }

  if (failed)
    return (
      <s-page heading={t("page.title")}>
        <s-banner tone="critical">{t("page.load_error")}</s-banner>
        <s-button onClick={() => void load()}>{t("page.retry")}</s-button>
      </s-page>
    );
  if (!answer)
    return (
      <s-page heading={t("page.title")}>
        <s-spinner accessibilityLabel={t("page.title")} />
      </s-page>
    );
  const view: RewardsPageView = rewardsPageView(answer, t, locale);
  if (view.unavailable)
    return (
      <s-page heading={view.title}>
        <s-text>{view.unavailable}</s-text>
      </s-page>
    );
  return (
    <s-page heading={view.title}>
      <s-stack gap="base">
        <s-section>
          <s-heading>{view.balance}</s-heading>
          {view.pending && <s-text>{view.pending}</s-text>}
          {view.tier && <s-text>{view.tier}</s-text>}
        </s-section>
        {notice && (
          <s-banner tone={notice.tone}>
            <s-text>{notice.text}</s-text>
            {notice.code && <s-text type="strong">{notice.code}</s-text>}
          </s-banner>
        )}
        <s-section heading={t("rewards.title")}>
          {view.rewards.length === 0 && <s-text>{t("rewards.empty")}</s-text>}
          <s-stack gap="base">
            {view.rewards.map((reward) => (
              <s-box key={reward.id} padding="base" border="base">
                <s-stack gap="small-200">
                  {reward.imageUrl && (
                    <s-image src={reward.imageUrl} alt="" inlineSize="auto" />
                  )}
                  <s-heading>{reward.name}</s-heading>
                  {reward.description && <s-text>{reward.description}</s-text>}
                  <s-text type="strong">{reward.cost}</s-text>
                  {reward.details.map((line) => (
                    <s-text key={line} color="subdued">
                      {line}
                    </s-text>
                  ))}
                  {reward.slider && (
                    <s-number-field
                      label={reward.slider.label}
                      min={reward.slider.min}
                      max={reward.slider.max}
                      step={reward.slider.step}
                      value={amounts[reward.id] ?? String(reward.slider.min)}
                      error={
                        chosenPoints(reward, amounts[reward.id]) === null
                          ? reward.slider.hint
                          : undefined
                      }
                      onInput={(event) => {
                        const value = (
                          event.currentTarget as unknown as { value: string }
                        ).value;
                        setAmounts((typed) => ({
                          ...typed,
                          [reward.id]: value,
                        }));
                      }}
                    />
                  )}
                  {reward.slider && (
                    <s-text color="subdued">{reward.slider.hint}</s-text>
                  )}
                  {reward.status ? (
                    <s-badge>{reward.status}</s-badge>
                  ) : (
                    <s-button
                      loading={busy === reward.id}
                      disabled={
                        chosenPoints(reward, amounts[reward.id]) === null
                      }
                      accessibilityLabel={t("rewards.redeem", {
                        reward: reward.name,
                      })}
                      onClick={() => void redeem(reward)}
                    >
                      {t("rewards.redeem", { reward: reward.name })}
                    </s-button>
                  )}
                </s-stack>
              </s-box>
            ))}
          </s-stack>
        </s-section>
        <s-section heading={t("codes.title")}>
          {view.codes.length === 0 && <s-text>{t("codes.empty")}</s-text>}
          <s-stack gap="small-200">
            {view.codes.map((code) => (
              <s-stack key={code.id} direction="inline" gap="base">
                <s-text>{code.rewardName}</s-text>
                {code.code && <s-text type="strong">{code.code}</s-text>}
                <s-badge>{code.status}</s-badge>
                {code.copyable && code.code && (
                  <>
                    <s-clipboard-item id={`code-${code.id}`} text={code.code} />
                    <s-button
                      variant="secondary"
                      command="--copy"
                      commandFor={`code-${code.id}`}
                      accessibilityLabel={t("codes.copy", { code: code.code })}
                    >
                      {t("codes.copy", { code: code.code })}
                    </s-button>
                  </>
                )}
              </s-stack>
            ))}
          </s-stack>
        </s-section>
        <s-section heading={t("history.title")}>
          {view.history.length === 0 && <s-text>{t("history.empty")}</s-text>}
          <s-stack gap="small-200">
            {view.history.map((row) => (
              <s-stack key={row.id} direction="inline" gap="base">
                <s-text color="subdued">{row.date}</s-text>
                <s-text>{row.label}</s-text>
                <s-text type="strong">{row.points}</s-text>
              </s-stack>
            ))}
          </s-stack>
        </s-section>
      </s-stack>
    </s-page>
  );
}
