import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import {
  json,
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { useActionData, useNavigation, useSubmit } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  DropZone,
  IndexTable,
  InlineStack,
  Layout,
  List,
  Modal,
  Page,
  Text,
} from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";

import * as clock from "~/clock.server";
import { useToast } from "~/components/program/use-toast";
import type { MessageKey } from "~/i18n/messages/dictionary";
import { useTranslation } from "~/i18n/use-translation";
import { actorFromAdmin } from "~/services/audit.server";
import {
  applyBalanceImport,
  type ImportApply,
  type ImportPreview,
  type ImportRowReport,
  MAX_IMPORT_FILE_BYTES,
  previewBalanceImport,
} from "~/services/balance-import.server";
import { authenticate } from "~/shopify.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await authenticate.admin(request);
  return null;
}

export type ImportActionResult =
  | { intent: "check"; preview: ImportPreview }
  | { intent: "apply"; result: ImportApply }
  | { intent: "check"; error: "no_file" | "too_large" };

const ApplySchema = z.object({
  intent: z.literal("apply"),
  importId: z.string().min(1).max(64),
});

/** The upload is read in parts of at most MAX_IMPORT_FILE_BYTES: a larger file stops being read and gets a 413. */
async function readImportForm(request: Request) {
  const declared = Number(request.headers.get("content-length") ?? "0");
  // The multipart envelope adds a few hundred bytes to the file itself.
  if (declared > MAX_IMPORT_FILE_BYTES + 64 * 1024) return "too_large" as const;
  try {
    return await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({
        maxPartSize: MAX_IMPORT_FILE_BYTES,
      }),
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return "too_large" as const;
    throw error;
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await authenticate.admin(request);
  const shop = admin.session.shop;
  const now = clock.now();
  const isMultipart = (request.headers.get("content-type") ?? "").startsWith(
    "multipart/form-data",
  );
  const form = isMultipart
    ? await readImportForm(request)
    : await request.formData();
  if (form === "too_large")
    return json<ImportActionResult>(
      { intent: "check", error: "too_large" },
      { status: 413 },
    );

  if (form.get("intent") === "check") {
    const file = form.get("file");
    if (!(file instanceof Blob) || file.size === 0)
      return json<ImportActionResult>(
        { intent: "check", error: "no_file" },
        { status: 422 },
      );
    const preview = await previewBalanceImport(
      shop,
      {
        filename: file instanceof File ? file.name : "balances.csv",
        content: await file.text(),
      },
      { now },
    );
    const status =
      preview.outcome === "preview"
        ? 200
        : preview.outcome === "lookup_failed"
          ? 503
          : 422;
    return json<ImportActionResult>({ intent: "check", preview }, { status });
  }
  const parsed = ApplySchema.safeParse(Object.fromEntries(form));
  if (!parsed.success)
    return json({ error: "bad_request" } as const, { status: 400 });
  const result = await applyBalanceImport(
    shop,
    parsed.data.importId,
    actorFromAdmin(admin),
    {
      now,
    },
  );
  const status =
    result.outcome === "applied"
      ? 200
      : result.outcome === "lookup_failed"
        ? 503
        : 409;
  return json<ImportActionResult>({ intent: "apply", result }, { status });
}

const outcomeTone = {
  new_member: "success",
  balance_change: "info",
  unchanged: undefined,
  already_imported: undefined,
  unknown_customer: "warning",
  invalid: "critical",
} as const;

function RowDetail({ row }: { row: ImportRowReport }) {
  const { t } = useTranslation();
  if (row.outcome === "invalid")
    return (
      <Text as="span" tone="critical">
        {t(`import.invalid.${row.reason}` as MessageKey, {
          value: row.value,
          firstLine: String(row.firstLine ?? ""),
        })}
      </Text>
    );
  if ("unknownTier" in row && row.unknownTier)
    return (
      <Text as="span" tone="caution">
        {t("import.unknownTier", { tier: row.unknownTier })}
      </Text>
    );
  return null;
}

function PreviewCard({
  preview,
  onApply,
  applying,
}: {
  preview: Extract<ImportPreview, { outcome: "preview" }>;
  onApply: () => void;
  applying: boolean;
}) {
  const { t, formatNumber, formatSignedNumber } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const { totals } = preview;
  const willChange =
    totals.newMembers +
    totals.balanceChanges +
    totals.unchanged +
    // Applying a file again is allowed, and changes nothing: it says so.
    totals.alreadyImported;
  const counts: [MessageKey, number][] = [
    ["import.totals.newMembers", totals.newMembers],
    ["import.totals.balanceChanges", totals.balanceChanges],
    ["import.totals.unchanged", totals.unchanged],
    ["import.totals.alreadyImported", totals.alreadyImported],
    ["import.totals.unknownCustomers", totals.unknownCustomers],
    ["import.totals.invalid", totals.invalid],
  ];
  return (
    <Card padding="0">
      <BlockStack gap="300">
        <BlockStack gap="200">
          <div style={{ padding: "var(--p-space-400) var(--p-space-400) 0" }}>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                {t("import.preview.title", { file: preview.filename })}
              </Text>
              <Text as="p" tone="subdued">
                {t("import.preview.help")}{" "}
                {t(`import.format.${preview.format}`)}
              </Text>
              <List>
                {counts
                  .filter(([, value]) => value > 0)
                  .map(([key, value]) => (
                    <List.Item key={key}>
                      {t(key as never, { count: value })}
                    </List.Item>
                  ))}
                <List.Item>
                  {t("import.totals.points", {
                    points: formatSignedNumber(totals.points),
                  })}
                </List.Item>
              </List>
            </BlockStack>
          </div>
        </BlockStack>
        <IndexTable
          selectable={false}
          itemCount={preview.rows.length}
          resourceName={{
            singular: t("import.column.line"),
            plural: t("import.column.line"),
          }}
          headings={[
            { title: t("import.column.line") },
            { title: t("import.column.customer") },
            { title: t("import.column.outcome") },
            { title: t("import.column.before"), alignment: "end" },
            { title: t("import.column.after"), alignment: "end" },
            { title: t("import.column.change"), alignment: "end" },
          ]}
        >
          {preview.rows.map((row, index) => (
            <IndexTable.Row
              id={String(row.line)}
              key={row.line}
              position={index}
            >
              <IndexTable.Cell>{formatNumber(row.line)}</IndexTable.Cell>
              <IndexTable.Cell>
                {"customer" in row ? row.customer : ""}
              </IndexTable.Cell>
              <IndexTable.Cell>
                <BlockStack gap="100">
                  <span>
                    <Badge tone={outcomeTone[row.outcome]}>
                      {t(`import.outcome.${row.outcome}`)}
                    </Badge>
                  </span>
                  <RowDetail row={row} />
                </BlockStack>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <Text as="span" alignment="end" numeric>
                  {"before" in row ? formatNumber(row.before) : ""}
                </Text>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <Text as="span" alignment="end" numeric>
                  {"after" in row ? formatNumber(row.after) : ""}
                </Text>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <Text as="span" alignment="end" numeric>
                  {"points" in row && row.points !== 0
                    ? formatSignedNumber(row.points)
                    : ""}
                </Text>
              </IndexTable.Cell>
            </IndexTable.Row>
          ))}
        </IndexTable>
        <div style={{ padding: "0 var(--p-space-400) var(--p-space-400)" }}>
          <InlineStack align="space-between" blockAlign="center">
            <Text as="span" tone="subdued">
              {preview.hiddenRows > 0
                ? t("import.hiddenRows", { count: preview.hiddenRows })
                : ""}
            </Text>
            <Button
              variant="primary"
              disabled={willChange === 0}
              loading={applying}
              onClick={() => setConfirming(true)}
            >
              {t("import.apply")}
            </Button>
          </InlineStack>
        </div>
      </BlockStack>
      <Modal
        open={confirming}
        onClose={() => setConfirming(false)}
        title={t("import.applyConfirm.title")}
        primaryAction={{
          content: t("import.apply"),
          onAction: () => {
            setConfirming(false);
            onApply();
          },
        }}
        secondaryActions={[
          { content: t("import.cancel"), onAction: () => setConfirming(false) },
        ]}
      >
        <Modal.Section>
          <Text as="p">{t("import.applyConfirm.body")}</Text>
        </Modal.Section>
      </Modal>
    </Card>
  );
}

function errorKey(
  result: ImportActionResult,
): { key: MessageKey; line?: number } | null {
  if ("error" in result)
    return {
      key:
        result.error === "too_large"
          ? "import.error.tooLarge"
          : "import.error.noFile",
    };
  if (result.intent === "check") {
    const { preview } = result;
    if (preview.outcome === "lookup_failed")
      return { key: "import.error.lookupFailed" };
    if (preview.outcome === "unreadable")
      return preview.reason === "unreadable" && preview.line !== null
        ? { key: "import.error.unreadableAt", line: preview.line }
        : { key: `import.error.${preview.reason}` as MessageKey };
    return null;
  }
  switch (result.result.outcome) {
    case "applied":
      return null;
    case "already_applied":
      return { key: "import.error.alreadyApplied" };
    case "lookup_failed":
      return { key: "import.error.lookupFailed" };
    default:
      return { key: "import.error.notFound" };
  }
}

export default function ImportBalances() {
  const result = useActionData<typeof action>() as
    ImportActionResult | { error: string } | undefined;
  const navigation = useNavigation();
  const submit = useSubmit();
  const { t, formatSignedNumber } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const busyIntent =
    navigation.state === "submitting"
      ? navigation.formData?.get("intent")
      : null;
  const outcome = result && "intent" in result ? result : null;
  const applied =
    outcome?.intent === "apply" && outcome.result.outcome === "applied"
      ? outcome.result
      : null;
  useToast(applied ? t("import.applied.toast") : null, result);
  const problem = outcome ? errorKey(outcome) : null;
  const preview =
    outcome?.intent === "check" &&
    "preview" in outcome &&
    outcome.preview.outcome === "preview"
      ? outcome.preview
      : null;

  const check = () => {
    if (!file) return;
    const form = new FormData();
    form.set("intent", "check");
    form.set("file", file, file.name);
    submit(form, { method: "post", encType: "multipart/form-data" });
  };

  return (
    <Page
      title={t("import.title")}
      backAction={{ content: t("nav.members"), url: "/app/members" }}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {problem ? (
              <Banner
                tone="critical"
                title={t(problem.key, { line: String(problem.line ?? "") })}
              />
            ) : null}
            {applied ? (
              <Banner tone="success" title={t("import.applied.title")}>
                <List>
                  <List.Item>
                    {t("import.totals.newMembers", {
                      count: applied.totals.newMembers,
                    })}
                  </List.Item>
                  <List.Item>
                    {t("import.totals.balanceChanges", {
                      count: applied.totals.balanceChanges,
                    })}
                  </List.Item>
                  {applied.totals.alreadyImported > 0 ? (
                    <List.Item>
                      {t("import.totals.alreadyImported", {
                        count: applied.totals.alreadyImported,
                      })}
                    </List.Item>
                  ) : null}
                  <List.Item>
                    {t("import.totals.points", {
                      points: formatSignedNumber(applied.totals.points),
                    })}
                  </List.Item>
                </List>
              </Banner>
            ) : null}
            <Card>
              <BlockStack gap="300">
                <Text as="p">{t("import.intro")}</Text>
                <Text as="p" tone="subdued">
                  {t("import.columns")}
                </Text>
                <DropZone
                  accept=".csv,.jsonl,text/csv,text/plain,application/jsonl"
                  allowMultiple={false}
                  label={t("import.file.label")}
                  onDrop={(_all, accepted) =>
                    setFile(accepted[0] ?? _all[0] ?? null)
                  }
                >
                  {file ? (
                    <div style={{ padding: "var(--p-space-400)" }}>
                      <Text as="p">
                        {t("import.file.chosen", { file: file.name })}
                      </Text>
                    </div>
                  ) : (
                    <DropZone.FileUpload
                      actionTitle={t("import.file.action")}
                      actionHint={t("import.file.hint")}
                    />
                  )}
                </DropZone>
                <InlineStack align="end">
                  <Button
                    onClick={check}
                    disabled={!file}
                    loading={busyIntent === "check"}
                  >
                    {t("import.check")}
                  </Button>
                </InlineStack>
              </BlockStack>
            </Card>
            {preview ? (
              <PreviewCard
                key={preview.importId}
                preview={preview}
                applying={busyIntent === "apply"}
                onApply={() =>
                  submit(
                    { intent: "apply", importId: preview.importId },
                    { method: "post" },
                  )
                }
              />
            ) : null}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
