import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useSubmit } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  InlineStack,
  Page,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";

import { MemberLink } from "~/components/member-name";
import { earningRuleName } from "~/i18n/earning-rule-name";
import { useTranslation } from "~/i18n/use-translation";
import { ModerationDecisionSchema } from "~/loyalty/earning-rules";
import {
  listContentSubmissions,
  moderateContentSubmission,
} from "~/services/earn-actions.server";
import { listWaysToEarn } from "~/services/earning-rules.server";
import { authenticate } from "~/shopify.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const [submissions, { rules }] = await Promise.all([
    listContentSubmissions(session.shop, "pending"),
    listWaysToEarn(session.shop),
  ]);
  const missions = new Map(rules.map((rule) => [rule.id, rule]));
  return {
    submissions: submissions.map((s) => ({
      id: s.id,
      content: s.content,
      mission: missions.get(s.ruleId)?.name ?? "",
      missionType: missions.get(s.ruleId)?.type ?? null,
      createdAt: s.createdAt.toISOString(),
      member: {
        id: s.memberId,
        customerId: s.member.customerId,
        name:
          [s.member.firstName, s.member.lastName].filter(Boolean).join(" ") ||
          null,
        email: s.member.email,
      },
    })),
  };
}

const DecisionFormSchema = z.object({
  submissionId: z.string().min(1),
  decision: z.enum(["approve", "reject"]),
  message: z.string().optional(),
});

export async function action({ request }: ActionFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const form = DecisionFormSchema.safeParse(
    Object.fromEntries(await request.formData()),
  );
  if (!form.success) return { result: "gone" as const };
  const decision = ModerationDecisionSchema.safeParse(
    form.data.decision === "approve"
      ? { decision: "approve" }
      : { decision: "reject", message: form.data.message },
  );
  // The only way to fail here is a message beyond 500 characters: nothing is decided.
  if (!decision.success) return { result: "message_too_long" as const };
  const result = await moderateContentSubmission(
    session.shop,
    form.data.submissionId,
    decision.data,
  );
  if (result.ok) return { result: result.state };
  return {
    result:
      result.reason === "limit_reached"
        ? ("limit" as const)
        : ("gone" as const),
  };
}

const isLink = (content: string) => /^https?:\/\//i.test(content);

function SubmissionCard({
  submission,
}: {
  submission: ReturnType<
    typeof useLoaderData<typeof loader>
  >["submissions"][number];
}) {
  const { t, formatDateTime } = useTranslation();
  const [message, setMessage] = useState("");
  const submit = useSubmit();
  const decide = (decision: "approve" | "reject") =>
    submit(
      { submissionId: submission.id, decision, message },
      { method: "post" },
    );
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between">
          <Text as="h2" variant="headingSm">
            {submission.missionType
              ? earningRuleName(
                  { type: submission.missionType, name: submission.mission },
                  t,
                )
              : submission.mission}
          </Text>
          <Text as="span" tone="subdued">
            {t("earn.moderation.submittedAt")}{" "}
            {formatDateTime(submission.createdAt)}
          </Text>
        </InlineStack>
        <InlineStack gap="200">
          <Text as="span" tone="subdued">
            {t("earn.moderation.customer")}
          </Text>
          <MemberLink member={submission.member} />
        </InlineStack>
        <Text as="p" breakWord>
          {isLink(submission.content) ? (
            <a
              href={submission.content}
              target="_blank"
              rel="noreferrer noopener"
            >
              {submission.content}
            </a>
          ) : (
            submission.content
          )}
        </Text>
        <BlockStack gap="200">
          <TextField
            label={t("earn.moderation.message")}
            value={message}
            onChange={setMessage}
            autoComplete="off"
          />
          <InlineStack gap="200">
            <Button variant="primary" onClick={() => decide("approve")}>
              {t("earn.moderation.approve")}
            </Button>
            <Button tone="critical" onClick={() => decide("reject")}>
              {t("earn.moderation.reject")}
            </Button>
          </InlineStack>
        </BlockStack>
      </BlockStack>
    </Card>
  );
}

export default function ContentModeration() {
  const { submissions } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>()?.result;
  const { t } = useTranslation();
  return (
    <Page
      title={t("earn.moderation.title")}
      backAction={{ content: t("earn.title"), url: "/app/earn" }}
    >
      <BlockStack gap="400">
        {outcome === "approved" ? (
          <Banner tone="success">{t("earn.moderation.approved")}</Banner>
        ) : null}
        {outcome === "rejected" ? (
          <Banner>{t("earn.moderation.rejected")}</Banner>
        ) : null}
        {outcome === "limit" ? (
          <Banner tone="warning">{t("earn.moderation.limit")}</Banner>
        ) : null}
        {outcome === "message_too_long" ? (
          <Banner tone="critical">{t("earn.moderation.messageTooLong")}</Banner>
        ) : null}
        {outcome === "gone" ? (
          <Banner tone="warning">{t("earn.moderation.gone")}</Banner>
        ) : null}
        {submissions.length === 0 ? (
          <Card>
            <Text as="p" tone="subdued">
              {t("earn.moderation.empty")}
            </Text>
          </Card>
        ) : (
          submissions.map((submission) => (
            <SubmissionCard key={submission.id} submission={submission} />
          ))
        )}
      </BlockStack>
    </Page>
  );
}
