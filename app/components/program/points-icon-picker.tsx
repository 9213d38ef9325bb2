import { useFetcher } from "@remix-run/react";
import {
  BlockStack,
  Box,
  DropZone,
  InlineError,
  InlineStack,
  RadioButton,
  Text,
  Thumbnail,
} from "@shopify/polaris";

import { POINTS_ICON_PATHS } from "~/components/points-icons";
import { useToast } from "~/components/program/use-toast";
import { useTranslation } from "~/i18n/use-translation";
import { BUILT_IN_ICONS, type PointsIcon } from "~/loyalty/program-identity";

const ICON_SIDE = 128;

/** Draws the image on a canvas no larger than 128 px and gives it back as PNG (the server checks it again). */
async function resizeToPng(file: File): Promise<Blob> {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, ICON_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement("canvas");
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  canvas.getContext("2d")!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error("not an image"))),
      "image/png",
    ),
  );
}

function IconSwatch({ icon }: { icon: keyof typeof POINTS_ICON_PATHS }) {
  return (
    <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
      <path fill="#e0a800" fillRule="evenodd" d={POINTS_ICON_PATHS[icon]} />
    </svg>
  );
}

/** A built-in icon, or the merchant's image through a Polaris DropZone. */
export function PointsIconPicker({
  value,
  onChange,
  uploadedUrl,
}: {
  value: PointsIcon;
  onChange: (icon: PointsIcon) => void;
  uploadedUrl: string | null;
}) {
  const { t } = useTranslation();
  const upload = useFetcher<{ ok: boolean; error?: string; notice?: string }>();
  const uploading = upload.state !== "idle";
  useToast(
    upload.data?.notice === "icon_uploaded"
      ? t("programSettings.icon.uploaded")
      : null,
    upload.data,
  );

  const onDrop = async (_all: File[], accepted: File[]) => {
    const file = accepted[0];
    if (!file) return;
    let png: Blob;
    try {
      png = await resizeToPng(file);
    } catch {
      png = file;
    }
    const form = new FormData();
    form.set("intent", "upload");
    form.set("icon", png, "icon.png");
    upload.submit(form, {
      method: "post",
      action: "/app/program",
      encType: "multipart/form-data",
    });
    onChange("upload");
  };
  const error = upload.data && !upload.data.ok ? upload.data.error : null;

  return (
    <BlockStack gap="300">
      <InlineStack gap="400" wrap>
        {BUILT_IN_ICONS.map((icon) => (
          <RadioButton
            key={icon}
            name="pointsIconChoice"
            id={`points-icon-${icon}`}
            checked={value === icon}
            onChange={() => onChange(icon)}
            label={
              <InlineStack gap="100" blockAlign="center" wrap={false}>
                <IconSwatch icon={icon} />
                <span>{t(`programSettings.icon.${icon}`)}</span>
              </InlineStack>
            }
          />
        ))}
        {uploadedUrl ? (
          <RadioButton
            name="pointsIconChoice"
            id="points-icon-upload"
            checked={value === "upload"}
            onChange={() => onChange("upload")}
            label={
              <InlineStack gap="100" blockAlign="center" wrap={false}>
                <Thumbnail source={uploadedUrl} alt="" size="extraSmall" />
                <span>{t("programSettings.icon.upload")}</span>
              </InlineStack>
            }
          />
        ) : null}
      </InlineStack>
      <Box maxWidth="320px">
        <DropZone
          accept="image/png,image/jpeg,image/webp"
          type="image"
          allowMultiple={false}
          onDrop={onDrop}
          label={t("programSettings.icon.upload")}
          labelHidden
        >
          <DropZone.FileUpload
            actionHint={
              uploading
                ? t("programSettings.icon.uploading")
                : t("programSettings.icon.dropHint")
            }
          />
        </DropZone>
      </Box>
      {error ? (
        <InlineError
          fieldID="points-icon-upload"
          message={t(`programSettings.error.${error}` as never)}
        />
      ) : null}
      <Text as="span" visuallyHidden>
        {value}
      </Text>
    </BlockStack>
  );
}
