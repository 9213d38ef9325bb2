import { rewardErrorMessage } from "~/i18n/reward-errors";
import { Form } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Card,
  Checkbox,
  ChoiceList,
  FormLayout,
  Button,
  InlineGrid,
  InlineStack,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useRef, useState, type ReactNode } from "react";

import { ResourcePickerField } from "~/components/resource-picker-field";
import { UnsavedChangesBar } from "~/components/save-bar";
import { useTranslation } from "~/i18n/use-translation";
import type { MessageKey } from "~/i18n/messages/dictionary";
import {
  REWARD_TYPES,
  type RewardErrorKey,
  type RewardType,
} from "~/loyalty/rewards";
import type {
  ItemsKind,
  RewardFormErrors,
  RewardFormField,
  RewardFormValues,
} from "~/services/reward-form";

/** Types that ask which products or collections a discount applies to (the others carry their own items or none). */
const SCOPED_TYPES: ReadonlySet<RewardType> = new Set([
  "percentage_off",
  "fixed_amount_off",
  "points_slider",
]);
/** Types that can require a minimum order subtotal. */
const MINIMUM_TYPES: ReadonlySet<RewardType> = new Set([
  "percentage_off",
  "fixed_amount_off",
  "free_shipping",
  "free_product",
  "points_slider",
]);

export const rewardTypeLabels = {
  percentage_off: "reward.type.percentage_off",
  fixed_amount_off: "reward.type.fixed_amount_off",
  free_shipping: "reward.type.free_shipping",
  free_product: "reward.type.free_product",
  buy_x_get_y: "reward.type.buy_x_get_y",
  gift_card: "reward.type.gift_card",
  code_pool: "reward.type.code_pool",
  points_slider: "reward.type.points_slider",
} as const satisfies Record<RewardType, MessageKey>;

/**
 * The reward form for every type: a plain Remix form (it posts before hydration too), showing the
 * fields of the chosen type. `catalogue` false is the one-off gift: no stock, tiers, limit or switch.
 * Errors are message keys from the action, shown next to their fields in the merchant's language.
 */
export function RewardForm({
  initialValues,
  errors,
  currencyCode,
  submitting,
  typeLocked,
  catalogue = true,
  types = REWARD_TYPES,
  submitLabel,
  footer,
  resourceTitles = {},
  saveBarId,
}: {
  initialValues: RewardFormValues;
  errors: RewardFormErrors;
  currencyCode: string;
  submitting: boolean;
  typeLocked: boolean;
  catalogue?: boolean;
  types?: readonly RewardType[];
  submitLabel: string;
  /** Extra fields before the submit button; a function gets the type chosen (a gift asks a slider's amount). */
  footer?: ReactNode | ((type: RewardType) => ReactNode);
  /** Titles of the products, variants and collections the reward already names, by id as stored. */
  resourceTitles?: Record<string, string>;
  /** Shows App Bridge's contextual save bar (with this id) while the values differ from the initial ones. */
  saveBarId?: string;
}) {
  const { t, locale } = useTranslation();
  const [values, setValues] = useState(initialValues);
  const formRef = useRef<HTMLFormElement>(null);
  const dirty = JSON.stringify(values) !== JSON.stringify(initialValues);
  const set =
    <K extends keyof RewardFormValues>(field: K) =>
    (value: RewardFormValues[K]) =>
      setValues((current) => ({ ...current, [field]: value }));
  const errorFor = (field: RewardFormField) => {
    const key = errors[field];
    return key ? rewardErrorMessage(key as RewardErrorKey, locale) : undefined;
  };
  const text = (
    field: Exclude<RewardFormField, `tier.${string}`>,
    label: MessageKey,
    options: {
      help?: MessageKey;
      money?: boolean;
      multiline?: boolean;
      suffix?: string;
    } = {},
  ) => (
    <TextField
      label={t(label)}
      name={field}
      value={String(values[field])}
      onChange={(value) =>
        setValues((current) => ({ ...current, [field]: value }))
      }
      autoComplete="off"
      error={errorFor(field)}
      helpText={options.help ? t(options.help) : undefined}
      inputMode={options.money ? "decimal" : undefined}
      suffix={options.money ? currencyCode : options.suffix}
      multiline={options.multiline ? 3 : undefined}
    />
  );
  // Products, variants and collections come from App Bridge's resource picker, shown by title.
  const picker = (
    field: "productId" | "variantId" | "buysIds" | "getsIds" | "appliesToIds",
    label: MessageKey,
    type: "product" | "variant" | "collection",
    multiple = true,
  ) => (
    <ResourcePickerField
      key={`${field}-${type}`}
      label={
        field === "productId" || field === "variantId"
          ? t(label)
          : t(
              `picker.label.${type === "collection" ? "collection" : "product"}`,
            )
      }
      name={field}
      type={type}
      multiple={multiple}
      value={values[field]}
      onChange={(value) =>
        setValues((current) => ({ ...current, [field]: value }))
      }
      titles={resourceTitles}
      error={errorFor(field)}
    />
  );
  const itemsKindOptions = [
    { value: "products", label: t("rewardForm.itemsKind.products") },
    { value: "collections", label: t("rewardForm.itemsKind.collections") },
  ];
  const formError = errors.form;
  const hasErrors = Object.keys(errors).length > 0;
  const { type } = values;
  const usesPointsCost = type !== "points_slider";

  return (
    <Form ref={formRef} noValidate method="post" data-reward-form>
      <input type="hidden" name="intent" value="save" />
      {saveBarId ? (
        <UnsavedChangesBar
          id={saveBarId}
          dirty={dirty}
          saving={submitting}
          onSave={() => formRef.current?.requestSubmit()}
          onDiscard={() => setValues(initialValues)}
        />
      ) : null}
      <BlockStack gap="400">
        {hasErrors ? (
          <Banner tone="critical" title={t("rewardForm.errorsBanner")}>
            {formError ? (
              <p>{rewardErrorMessage(formError as RewardErrorKey, locale)}</p>
            ) : null}
          </Banner>
        ) : null}

        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              {t("rewardForm.type.title")}
            </Text>
            {typeLocked ? (
              <>
                <input type="hidden" name="type" value={type} />
                <Text as="p">{t(rewardTypeLabels[type])}</Text>
                <Text as="p" tone="subdued">
                  {t("rewardForm.type.locked")}
                </Text>
              </>
            ) : (
              <Select
                label={t("rewardForm.type.label")}
                name="type"
                options={types.map((value) => ({
                  value,
                  label: t(rewardTypeLabels[value]),
                }))}
                value={type}
                onChange={(value) => set("type")(value as RewardType)}
                error={errorFor("type")}
              />
            )}
          </BlockStack>
        </Card>

        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              {t("rewardForm.shopper.title")}
            </Text>
            <Text as="p" tone="subdued">
              {t("rewardForm.shopper.help")}
            </Text>
            <FormLayout>
              <FormLayout.Group>
                {text("nameEn", "rewardForm.nameEn")}
                {text("nameFr", "rewardForm.nameFr")}
              </FormLayout.Group>
              <FormLayout.Group>
                {text("descriptionEn", "rewardForm.descriptionEn", {
                  multiline: true,
                })}
                {text("descriptionFr", "rewardForm.descriptionFr", {
                  multiline: true,
                })}
              </FormLayout.Group>
              <FormLayout.Group>
                {text("imageEn", "rewardForm.imageEn", {
                  help: "rewardForm.imageHelp",
                })}
                {text("imageFr", "rewardForm.imageFr", {
                  help: "rewardForm.imageHelp",
                })}
              </FormLayout.Group>
            </FormLayout>
          </BlockStack>
        </Card>

        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              {t("rewardForm.value.title")}
            </Text>
            <FormLayout>
              {usesPointsCost && catalogue
                ? text("pointsCost", "rewardForm.pointsCost")
                : null}
              {type === "percentage_off"
                ? text("percentage", "rewardForm.percentage", { suffix: "%" })
                : null}
              {type === "fixed_amount_off"
                ? text("amount", "rewardForm.amount", { money: true })
                : null}
              {type === "gift_card"
                ? text("amount", "rewardForm.giftCardAmount", { money: true })
                : null}
              {type === "free_shipping"
                ? text("maxShippingRate", "rewardForm.maxShippingRate", {
                    money: true,
                    help: "rewardForm.maxShippingRateHelp",
                  })
                : null}
              {type === "free_product" ? (
                <>
                  <FormLayout.Group>
                    {picker(
                      "productId",
                      "rewardForm.productId",
                      "product",
                      false,
                    )}
                    {picker(
                      "variantId",
                      "rewardForm.variantId",
                      "variant",
                      false,
                    )}
                  </FormLayout.Group>
                  {text("maxDiscountAmount", "rewardForm.maxDiscountAmount", {
                    money: true,
                    help: "rewardForm.maxDiscountAmountHelp",
                  })}
                </>
              ) : null}
              {type === "buy_x_get_y" ? (
                <>
                  <Text as="h3" variant="headingSm">
                    {t("rewardForm.buys.title")}
                  </Text>
                  <Select
                    label={t("rewardForm.itemsKind")}
                    name="buysKind"
                    options={itemsKindOptions}
                    value={values.buysKind}
                    onChange={(value) => set("buysKind")(value as ItemsKind)}
                  />
                  {picker(
                    "buysIds",
                    "rewardForm.ids",
                    values.buysKind === "collections"
                      ? "collection"
                      : "product",
                  )}
                  <FormLayout.Group>
                    {text("buysQuantity", "rewardForm.buysQuantity")}
                    {text("buysAmount", "rewardForm.buysAmount", {
                      money: true,
                    })}
                  </FormLayout.Group>
                  <Text as="h3" variant="headingSm">
                    {t("rewardForm.gets.title")}
                  </Text>
                  <Select
                    label={t("rewardForm.itemsKind")}
                    name="getsKind"
                    options={itemsKindOptions}
                    value={values.getsKind}
                    onChange={(value) => set("getsKind")(value as ItemsKind)}
                  />
                  {picker(
                    "getsIds",
                    "rewardForm.ids",
                    values.getsKind === "collections"
                      ? "collection"
                      : "product",
                  )}
                  <FormLayout.Group>
                    {text("getsQuantity", "rewardForm.getsQuantity")}
                    {text("getsPercentage", "rewardForm.getsPercentage", {
                      help: "rewardForm.getsPercentageHelp",
                    })}
                  </FormLayout.Group>
                  {text("usesPerOrderLimit", "rewardForm.usesPerOrderLimit")}
                </>
              ) : null}
              {type === "code_pool" ? (
                <Text as="p" tone="subdued">
                  {t("rewardForm.poolHelp")}
                </Text>
              ) : null}
              {type === "points_slider" ? (
                <>
                  <Text as="p" tone="subdued">
                    {t("rewardForm.sliderHelp")}
                  </Text>
                  <FormLayout.Group>
                    {text("pointsStep", "rewardForm.pointsStep")}
                    {text("valuePerStep", "rewardForm.valuePerStep", {
                      money: true,
                    })}
                  </FormLayout.Group>
                  {/* A one-off gift is worth the points typed below the form: no range to set up. */}
                  {catalogue ? (
                    <FormLayout.Group>
                      {text("minPoints", "rewardForm.minPoints")}
                      {text("maxPoints", "rewardForm.maxPoints")}
                    </FormLayout.Group>
                  ) : null}
                </>
              ) : null}
            </FormLayout>
          </BlockStack>
        </Card>

        {SCOPED_TYPES.has(type) || MINIMUM_TYPES.has(type) ? (
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("rewardForm.conditions.title")}
              </Text>
              <FormLayout>
                {SCOPED_TYPES.has(type) ? (
                  <>
                    <ChoiceList
                      title={t("rewardForm.appliesTo.title")}
                      name="appliesToKind"
                      choices={[
                        { value: "all", label: t("rewardForm.appliesTo.all") },
                        {
                          value: "products",
                          label: t("rewardForm.appliesTo.products"),
                        },
                        {
                          value: "collections",
                          label: t("rewardForm.appliesTo.collections"),
                        },
                      ]}
                      selected={[values.appliesToKind]}
                      onChange={([value]) =>
                        set("appliesToKind")(
                          value as RewardFormValues["appliesToKind"],
                        )
                      }
                    />
                    {values.appliesToKind === "all"
                      ? null
                      : picker(
                          "appliesToIds",
                          "rewardForm.ids",
                          values.appliesToKind === "collections"
                            ? "collection"
                            : "product",
                        )}
                  </>
                ) : null}
                {MINIMUM_TYPES.has(type)
                  ? text("minimumSubtotal", "rewardForm.minimumSubtotal", {
                      money: true,
                      help: "rewardForm.minimumSubtotalHelp",
                    })
                  : null}
                {type === "gift_card" ? null : (
                  <BlockStack gap="100">
                    <Text as="p">{t("rewardForm.combinesWith")}</Text>
                    <Checkbox
                      value="on"
                      label={t("rewardForm.combinesOrder")}
                      name="combinesOrder"
                      checked={values.combinesOrder}
                      onChange={set("combinesOrder")}
                    />
                    <Checkbox
                      value="on"
                      label={t("rewardForm.combinesProduct")}
                      name="combinesProduct"
                      checked={values.combinesProduct}
                      onChange={set("combinesProduct")}
                    />
                    <Checkbox
                      value="on"
                      label={t("rewardForm.combinesShipping")}
                      name="combinesShipping"
                      checked={values.combinesShipping}
                      onChange={set("combinesShipping")}
                    />
                  </BlockStack>
                )}
              </FormLayout>
            </BlockStack>
          </Card>
        ) : null}

        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              {t("rewardForm.codes.title")}
            </Text>
            <FormLayout>
              <FormLayout.Group>
                {text("codeValidityDays", "rewardForm.codeValidityDays", {
                  help: "rewardForm.codeValidityDaysHelp",
                })}
                {catalogue
                  ? text("limitPerCustomer", "rewardForm.limitPerCustomer", {
                      help: "rewardForm.limitPerCustomerHelp",
                    })
                  : null}
              </FormLayout.Group>
              {catalogue
                ? text("stock", "rewardForm.stock", {
                    help: "rewardForm.stockHelp",
                  })
                : null}
              <Checkbox
                value="on"
                label={t("rewardForm.refundPointsOnExpiry")}
                name="refundPointsOnExpiry"
                checked={values.refundPointsOnExpiry}
                onChange={set("refundPointsOnExpiry")}
              />
            </FormLayout>
          </BlockStack>
        </Card>

        {catalogue ? (
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("rewardForm.tiers.title")}
              </Text>
              {values.tiers.length === 0 ? (
                <Text as="p" tone="subdued">
                  {t("rewardForm.tiers.none")}
                </Text>
              ) : (
                <FormLayout>
                  <ChoiceList
                    title={t("rewardForm.tiers.visibility")}
                    name="tierVisibility"
                    choices={[
                      { value: "all", label: t("rewardForm.tiers.everyone") },
                      { value: "tiers", label: t("rewardForm.tiers.some") },
                    ]}
                    selected={[values.tierVisibility]}
                    onChange={([value]) =>
                      set("tierVisibility")(
                        value as RewardFormValues["tierVisibility"],
                      )
                    }
                    error={errorFor("tierVisibility")}
                  />
                  {values.tiers.map((tier, index) => {
                    const updateTier = (change: Partial<typeof tier>) =>
                      setValues((current) => ({
                        ...current,
                        tiers: current.tiers.map((other, i) =>
                          i === index ? { ...other, ...change } : other,
                        ),
                      }));
                    return (
                      <InlineGrid
                        key={tier.tierId}
                        columns={{ xs: 1, sm: 2 }}
                        gap="300"
                        alignItems="center"
                      >
                        {values.tierVisibility === "tiers" ? (
                          <Checkbox
                            value="on"
                            label={t("rewardForm.tiers.visible", {
                              tier: tier.name,
                            })}
                            name={`tier.${tier.tierId}.visible`}
                            checked={tier.visible}
                            onChange={(visible) => updateTier({ visible })}
                          />
                        ) : (
                          <Text as="p">{tier.name}</Text>
                        )}
                        <TextField
                          label={t("rewardForm.tiers.cost", {
                            tier: tier.name,
                          })}
                          name={`tier.${tier.tierId}.pointsCost`}
                          value={tier.pointsCost}
                          onChange={(pointsCost) => updateTier({ pointsCost })}
                          autoComplete="off"
                          helpText={t("rewardForm.tiers.costHelp")}
                          error={errorFor(`tier.${tier.tierId}`)}
                        />
                      </InlineGrid>
                    );
                  })}
                </FormLayout>
              )}
            </BlockStack>
          </Card>
        ) : null}

        {catalogue ? (
          <Card>
            <Checkbox
              value="on"
              label={t("rewardForm.active")}
              name="active"
              checked={values.active}
              onChange={set("active")}
            />
          </Card>
        ) : (
          <input type="hidden" name="active" value="on" />
        )}

        {typeof footer === "function" ? footer(type) : footer}
        <InlineStack align="end">
          <Button submit variant="primary" loading={submitting}>
            {submitLabel}
          </Button>
        </InlineStack>
      </BlockStack>
    </Form>
  );
}
