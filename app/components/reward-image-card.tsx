import { useFetcher } from "@remix-run/react";
import {
  BlockStack,
  Box,
  Button,
  Card,
  DropZone,
  InlineError,
  InlineStack,
  Text,
  Thumbnail,
} from "@shopify/polaris";

import { useToast } from "~/components/program/use-toast";
import { useTranslation } from "~/i18n/use-translation";

interface ImageAnswer {
  ok: boolean;
  notice?: "image_uploaded" | "image_removed";
  error?: "image_too_large" | "image_not_image" | "unknown_reward";
}

/** The reward's uploaded image: a Polaris DropZone; the app checks, resizes and serves it (ADR 0017). */
export function RewardImageCard({
  rewardId,
  imageUrl,
}: {
  rewardId: string;
  imageUrl: string | null;
}) {
  const { t } = useTranslation();
  const fetcher = useFetcher<ImageAnswer>();
  const busy = fetcher.state !== "idle";
  useToast(
    fetcher.data?.notice ? t(`rewardImage.${fetcher.data.notice}`) : null,
    fetcher.data,
  );
  const send = (form: FormData) =>
    fetcher.submit(form, {
      method: "post",
      action: `/app/rewards/${rewardId}/image`,
      encType: "multipart/form-data",
    });
  const onDrop = (_all: File[], accepted: File[]) => {
    const file = accepted[0];
    if (!file) return;
    const form = new FormData();
    form.set("intent", "upload");
    form.set("image", file, file.name);
    send(form);
  };
  const remove = () => {
    const form = new FormData();
    form.set("intent", "remove");
    send(form);
  };
  const error = fetcher.data && !fetcher.data.ok ? fetcher.data.error : null;

  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("rewardImage.title")}
        </Text>
        <Text as="p" tone="subdued">
          {t("rewardImage.help")}
        </Text>
        <InlineStack gap="400" blockAlign="center">
          {imageUrl ? (
            <Thumbnail
              source={imageUrl}
              alt={t("rewardImage.alt")}
              size="large"
            />
          ) : null}
          <Box minWidth="240px">
            <DropZone
              accept="image/png,image/jpeg,image/webp"
              type="image"
              allowMultiple={false}
              onDrop={onDrop}
              label={t("rewardImage.title")}
              labelHidden
            >
              <DropZone.FileUpload
                actionTitle={t("rewardImage.add")}
                actionHint={
                  busy ? t("rewardImage.uploading") : t("rewardImage.hint")
                }
              />
            </DropZone>
          </Box>
          {imageUrl ? (
            <Button
              tone="critical"
              variant="plain"
              onClick={remove}
              disabled={busy}
            >
              {t("rewardImage.remove")}
            </Button>
          ) : null}
        </InlineStack>
        {error ? (
          <InlineError
            fieldID="reward-image"
            message={t(`rewardImage.error.${error}`)}
          />
        ) : null}
      </BlockStack>
    </Card>
  );
}
