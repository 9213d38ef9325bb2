import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import {
  Form,
  useActionData,
  useLoaderData,
  useNavigation,
  useSubmit,
} from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  IndexTable,
  InlineStack,
  Layout,
  List,
  Page,
  Text,
} from "@shopify/polaris";
import { useEffect, useRef } from "react";
import { z } from "zod";

import { useConfirmation } from "~/components/confirm-modal";
import { useSaveToast } from "~/components/save-toast";
import {
  deletedCodesOf,
  describeCodePool,
} from "~/components/code-pool-summary";
import { useTranslation } from "~/i18n/use-translation";
import type { MessageKey } from "~/i18n/messages/dictionary";
import type { CodePoolErrorReason } from "~/loyalty/code-pool-csv";
import { localizedText } from "~/loyalty/rewards";
import { poolTotals } from "~/models/code-pool.server";
import {
  importCodeFiles,
  type CodeFileOutcome,
} from "~/services/code-pools.server";
import {
  deleteUnusedPoolCodes,
  findReward,
  listCodePoolFiles,
  rewardOf,
} from "~/services/rewards.server";
import { authenticate } from "~/shopify.server";

/** Errors listed per refused file; the rest is counted, so one bad export does not flood the page. */
const ERRORS_SHOWN = 20;

const CodesActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("upload") }),
  z.object({ intent: z.literal("deleteFile"), fileId: z.string().min(1) }),
  z.object({ intent: z.literal("deleteAll") }),
]);

async function requirePoolReward(shop: string, rewardId: string | undefined) {
  const row = rewardId ? await findReward(shop, rewardId) : null;
  if (!row || row.oneOff || row.type !== "code_pool" || !row.poolId)
    throw new Response(null, { status: 404, statusText: "Not Found" });
  return { row, poolId: row.poolId };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const { row, poolId } = await requirePoolReward(
    session.shop,
    params.rewardId,
  );
  const [files, totals] = await Promise.all([
    listCodePoolFiles(session.shop, poolId),
    poolTotals(session.shop, poolId),
  ]);
  return { id: row.id, name: rewardOf(row).name, files, totals };
}

export type CodesActionResult =
  | { intent: "upload"; outcomes: CodeFileOutcome[] }
  | { intent: "upload"; noFile: true }
  | { intent: "delete"; deleted: number };

export async function action({ request, params }: ActionFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const { poolId } = await requirePoolReward(session.shop, params.rewardId);
  const form = await request.formData();
  const parsed = CodesActionSchema.safeParse(
    Object.fromEntries(
      [...form].filter(([, value]) => typeof value === "string"),
    ),
  );
  if (!parsed.success)
    return json({ error: "bad_request" } as const, { status: 400 });

  if (parsed.data.intent === "upload") {
    const files = form
      .getAll("files")
      .filter(
        (value): value is File => typeof value !== "string" && value.size > 0,
      );
    if (files.length === 0)
      return json<CodesActionResult>(
        { intent: "upload", noFile: true },
        { status: 422 },
      );
    const outcomes = await importCodeFiles(
      session.shop,
      poolId,
      files.map((file) => ({
        filename: file.name,
        size: file.size,
        text: () => file.text(),
      })),
    );
    const refused = outcomes.some((outcome) => outcome.outcome !== "imported");
    return json<CodesActionResult>(
      { intent: "upload", outcomes },
      { status: refused ? 422 : 200 },
    );
  }
  if (parsed.data.intent === "deleteFile") {
    const { fileId } = parsed.data;
    // Only a file of this reward's pool.
    const file = (await listCodePoolFiles(session.shop, poolId)).find(
      (candidate) => candidate.id === fileId,
    );
    if (!file) return json({ error: "bad_request" } as const, { status: 400 });
    const { deleted } = await deleteUnusedPoolCodes(session.shop, {
      fileId: file.id,
    });
    return json<CodesActionResult>({ intent: "delete", deleted });
  }
  const { deleted } = await deleteUnusedPoolCodes(session.shop, { poolId });
  return json<CodesActionResult>({ intent: "delete", deleted });
}

const errorMessages = {
  duplicate_in_file: "codes.error.duplicate_in_file",
  already_imported: "codes.error.already_imported",
  too_long: "codes.error.too_long",
  contains_space: "codes.error.contains_space",
  control_character: "codes.error.control_character",
  several_values: "codes.error.several_values",
  unclosed_quote: "codes.error.unclosed_quote",
} as const satisfies Record<CodePoolErrorReason, MessageKey>;

function UploadOutcome({ outcome }: { outcome: CodeFileOutcome }) {
  const { t } = useTranslation();
  const file = outcome.filename;
  switch (outcome.outcome) {
    case "imported":
      return (
        <Banner
          tone="success"
          title={t("codes.upload.imported", { count: outcome.imported, file })}
        />
      );
    case "empty":
      return (
        <Banner tone="warning" title={t("codes.upload.empty", { file })} />
      );
    case "too_large":
      return (
        <Banner tone="critical" title={t("codes.upload.tooLarge", { file })} />
      );
    case "invalid": {
      const hidden = outcome.errors.length - ERRORS_SHOWN;
      return (
        <Banner tone="critical" title={t("codes.upload.rejected", { file })}>
          <List>
            {outcome.errors.slice(0, ERRORS_SHOWN).map((error) => (
              <List.Item key={error.line}>
                {t(errorMessages[error.reason], {
                  line: String(error.line),
                  code: error.code ?? "",
                  firstLine: String(error.firstLine ?? ""),
                })}
              </List.Item>
            ))}
          </List>
          {hidden > 0 ? (
            <p>{t("codes.error.more", { count: hidden })}</p>
          ) : null}
        </Banner>
      );
    }
  }
}

export default function RewardCodes() {
  const { id, name, files, totals } = useLoaderData<typeof loader>();

  const result = useActionData<typeof action>();
  useSaveToast(result, result !== undefined && !("error" in result));
  const navigation = useNavigation();
  const submit = useSubmit();
  const { t, locale, formatNumber, formatDateTime } = useTranslation();
  const rewardName = localizedText(name, locale) || t("rewards.untitled");
  const busy = navigation.state === "submitting";
  const uploadForm = useRef<HTMLFormElement>(null);
  // After an import the chosen files are cleared, so the same file is not imported twice by mistake.
  useEffect(() => {
    if (result && "outcomes" in result) uploadForm.current?.reset();
  }, [result]);

  const confirmation = useConfirmation();
  const confirmThenSubmit = (
    title: string,
    message: string,
    data: Record<string, string>,
  ) =>
    confirmation.ask({
      title,
      body: message,
      confirmLabel: title,
      onConfirm: () => submit(data, { method: "post" }),
    });

  return (
    <Page
      title={t("codes.title", { reward: rewardName })}
      backAction={{ content: rewardName, url: `/app/rewards/${id}` }}
      secondaryActions={
        totals.remaining > 0
          ? [
              {
                content: t("codes.deleteAll"),
                destructive: true,
                onAction: () =>
                  confirmThenSubmit(
                    t("codes.deleteAll"),
                    t("codes.deleteAllConfirm"),
                    {
                      intent: "deleteAll",
                    },
                  ),
              },
            ]
          : []
      }
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {result && "outcomes" in result
              ? result.outcomes.map((outcome, index) => (
                  <UploadOutcome key={index} outcome={outcome} />
                ))
              : null}
            {result && "noFile" in result ? (
              <Banner tone="critical" title={t("codes.upload.noFile")} />
            ) : null}
            {result && "deleted" in result ? (
              <Banner
                tone="success"
                title={t("codes.deleted", { count: result.deleted })}
              />
            ) : null}
            {totals.remaining === 0 ? (
              <Banner tone="warning" title={t("codes.soldOut")} />
            ) : null}

            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("codes.upload.title")}
                </Text>
                <Text as="p" tone="subdued">
                  {t("codes.upload.help")}
                </Text>
                <Form
                  noValidate
                  method="post"
                  encType="multipart/form-data"
                  ref={uploadForm}
                >
                  <input type="hidden" name="intent" value="upload" />
                  <BlockStack gap="300">
                    <label>
                      <Text as="span" variant="bodyMd">
                        {t("codes.upload.label")}
                      </Text>{" "}
                      <input
                        type="file"
                        name="files"
                        multiple
                        accept=".csv,.txt,text/csv,text/plain"
                      />
                    </label>
                    <InlineStack align="end">
                      <Button submit variant="primary" loading={busy}>
                        {t("codes.upload.submit")}
                      </Button>
                    </InlineStack>
                  </BlockStack>
                </Form>
              </BlockStack>
            </Card>

            <Card padding="0">
              <BlockStack>
                <div style={{ padding: "var(--p-space-400)" }}>
                  <BlockStack gap="100">
                    <Text as="h2" variant="headingMd">
                      {t("codes.files.title")}
                    </Text>
                    <Text as="p" tone="subdued" data-pool-summary>
                      {describeCodePool(t, files)}
                    </Text>
                  </BlockStack>
                </div>
                <IndexTable
                  selectable={false}
                  itemCount={files.length}
                  resourceName={{
                    singular: t("codes.files.resource.singular"),
                    plural: t("codes.files.resource.plural"),
                  }}
                  headings={[
                    { title: t("codes.files.column.file") },
                    { title: t("codes.files.column.imported") },
                    { title: t("codes.files.column.total"), alignment: "end" },
                    {
                      title: t("codes.files.column.assigned"),
                      alignment: "end",
                    },
                    {
                      title: t("codes.files.column.remaining"),
                      alignment: "end",
                    },
                    {
                      title: t("codes.files.column.deleted"),
                      alignment: "end",
                    },
                    { title: "", hidden: true },
                  ]}
                  emptyState={
                    <Text as="p" tone="subdued" alignment="center">
                      {t("codes.files.empty")}
                    </Text>
                  }
                >
                  {files.map((file, index) => (
                    <IndexTable.Row id={file.id} key={file.id} position={index}>
                      <IndexTable.Cell>{file.filename}</IndexTable.Cell>
                      <IndexTable.Cell>
                        {formatDateTime(file.createdAt)}
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <Text as="span" alignment="end" numeric>
                          {formatNumber(file.total)}
                        </Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <Text as="span" alignment="end" numeric>
                          {formatNumber(file.assigned)}
                        </Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <Text as="span" alignment="end" numeric>
                          {formatNumber(file.remaining)}
                        </Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <Text as="span" alignment="end" numeric>
                          {formatNumber(deletedCodesOf(file))}
                        </Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        {file.remaining > 0 ? (
                          <Button
                            variant="plain"
                            tone="critical"
                            onClick={() =>
                              confirmThenSubmit(
                                t("codes.deleteFile"),
                                t("codes.deleteFileConfirm", {
                                  file: file.filename,
                                }),
                                {
                                  intent: "deleteFile",
                                  fileId: file.id,
                                },
                              )
                            }
                          >
                            {t("codes.deleteFile")}
                          </Button>
                        ) : null}
                      </IndexTable.Cell>
                    </IndexTable.Row>
                  ))}
                </IndexTable>
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
      {confirmation.modal}
    </Page>
  );
}
