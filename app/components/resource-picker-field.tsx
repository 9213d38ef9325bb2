import {
  BlockStack,
  Button,
  InlineError,
  InlineStack,
  Tag,
  Text,
} from "@shopify/polaris";
import { useState } from "react";

import { useTranslation } from "~/i18n/use-translation";

/** What App Bridge's resource picker resolves with (the fields used here). */
interface PickedItem {
  id: string;
  title?: string;
  displayName?: string;
}

type ResourcePicker = (options: {
  type: "product" | "variant" | "collection";
  multiple?: boolean | number;
  action?: "add" | "select";
  selectionIds?: { id: string }[];
}) => Promise<PickedItem[] | undefined>;

const GID_RESOURCE = {
  product: "Product",
  variant: "ProductVariant",
  collection: "Collection",
} as const;

const splitIds = (value: string) =>
  value.split(/[\s,;]+/).filter((id) => id !== "");

/**
 * Products, variants or collections chosen with App Bridge's resource picker
 * (`shopify.resourcePicker`), shown by title. The field's value stays the ids joined by
 * `separator`, so the form posts what it always posted; with `name` it posts as a hidden input.
 */
export function ResourcePickerField({
  label,
  type,
  multiple = true,
  value,
  onChange,
  separator = "\n",
  name,
  titles = {},
  error,
  helpText,
}: {
  label: string;
  type: "product" | "variant" | "collection";
  multiple?: boolean;
  value: string;
  onChange: (value: string) => void;
  separator?: string;
  name?: string;
  titles?: Record<string, string>;
  error?: string;
  helpText?: string;
}) {
  const { t } = useTranslation();
  const [known, setKnown] = useState<Record<string, string>>(titles);
  const ids = splitIds(value);
  const fieldId = `picker-${name ?? label}`;

  const choose = async () => {
    const picker = (
      window as unknown as { shopify?: { resourcePicker?: ResourcePicker } }
    ).shopify?.resourcePicker;
    if (!picker) return;
    const resource = GID_RESOURCE[type];
    const selection = await picker({
      type,
      multiple,
      action: "select",
      selectionIds: ids.map((id) => ({
        id: id.startsWith("gid://") ? id : `gid://shopify/${resource}/${id}`,
      })),
    });
    // Cancelled: nothing changes.
    if (!selection) return;
    const picked = [...selection].map((item) => ({
      id: item.id,
      title: item.displayName ?? item.title ?? item.id,
    }));
    setKnown((current) => ({
      ...current,
      ...Object.fromEntries(picked.map((item) => [item.id, item.title])),
    }));
    onChange(picked.map((item) => item.id).join(separator));
  };

  const remove = (id: string) =>
    onChange(ids.filter((other) => other !== id).join(separator));

  return (
    <BlockStack gap="200">
      <Text as="p" id={`${fieldId}-label`}>
        {label}
      </Text>
      {name ? <input type="hidden" name={name} value={value} /> : null}
      {ids.length > 0 ? (
        <InlineStack gap="200" wrap>
          {ids.map((id) => {
            const title =
              known[id] ??
              t("picker.untitled", {
                id: id.replace(/^gid:\/\/shopify\/[A-Za-z]+\//, ""),
              });
            return (
              <Tag
                key={id}
                onRemove={() => remove(id)}
                accessibilityLabel={t("picker.remove", { title })}
              >
                {title}
              </Tag>
            );
          })}
        </InlineStack>
      ) : (
        <Text as="p" tone="subdued">
          {t("picker.none")}
        </Text>
      )}
      <InlineStack>
        <Button
          onClick={choose}
          accessibilityLabel={`${t(`picker.choose.${type}`)} (${label})`}
        >
          {t(`picker.choose.${type}`)}
        </Button>
      </InlineStack>
      {helpText ? (
        <Text as="p" tone="subdued">
          {helpText}
        </Text>
      ) : null}
      {error ? <InlineError message={error} fieldID={fieldId} /> : null}
    </BlockStack>
  );
}
