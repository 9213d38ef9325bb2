import { useFetcher } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Button,
  Card,
  InlineStack,
  Modal,
  Text,
} from "@shopify/polaris";
import { useState } from "react";

import { useToast } from "~/components/program/use-toast";
import { useTranslation } from "~/i18n/use-translation";

/**
 * The program switch (Program page and home). Turning off asks first, in a Polaris modal;
 * turning on is immediate. Posts to the Program page's action.
 */
export function ProgramSwitchCard({
  active,
  showManageLink = false,
}: {
  active: boolean;
  showManageLink?: boolean;
}) {
  const { t } = useTranslation();
  const fetcher = useFetcher();
  const [confirming, setConfirming] = useState(false);
  const busy = fetcher.state !== "idle";
  const answer = fetcher.data as { notice?: string } | undefined;
  useToast(
    answer?.notice === "switched_on"
      ? t("programSettings.switch.switchedOn")
      : answer?.notice === "switched_off"
        ? t("programSettings.switch.switchedOff")
        : null,
    answer,
  );
  const pending = fetcher.formData?.get("active");
  const shownActive = pending != null ? pending === "true" : active;
  const submit = (next: boolean) => {
    setConfirming(false);
    fetcher.submit(
      { intent: "switch", active: String(next) },
      { method: "post", action: "/app/program" },
    );
  };

  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center" gap="200">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h2" variant="headingMd">
              {t("programSettings.switch.heading")}
            </Text>
            <Badge tone={shownActive ? "success" : "attention"}>
              {shownActive
                ? t("program.status.active")
                : t("program.status.paused")}
            </Badge>
          </InlineStack>
          <InlineStack gap="200">
            {showManageLink ? (
              <Button url="/app/program" variant="plain">
                {t("home.switch.manage")}
              </Button>
            ) : null}
            {shownActive ? (
              <Button
                tone="critical"
                loading={busy}
                onClick={() => setConfirming(true)}
              >
                {t("programSettings.switch.turnOff")}
              </Button>
            ) : (
              <Button
                variant="primary"
                loading={busy}
                onClick={() => submit(true)}
              >
                {t("programSettings.switch.turnOn")}
              </Button>
            )}
          </InlineStack>
        </InlineStack>
        <Text as="p" tone="subdued">
          {shownActive
            ? t("programSettings.switch.on")
            : t("programSettings.switch.off")}
        </Text>
      </BlockStack>
      <Modal
        open={confirming}
        onClose={() => setConfirming(false)}
        title={t("programSettings.switch.confirmTitle")}
        primaryAction={{
          content: t("programSettings.switch.confirm"),
          destructive: true,
          onAction: () => submit(false),
        }}
        secondaryActions={[
          {
            content: t("programSettings.switch.cancel"),
            onAction: () => setConfirming(false),
          },
        ]}
      >
        <Modal.Section>
          <Text as="p">{t("programSettings.switch.confirmBody")}</Text>
        </Modal.Section>
      </Modal>
    </Card>
  );
}
