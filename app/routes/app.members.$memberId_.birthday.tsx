import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import {
  Form,
  useActionData,
  useLoaderData,
  useNavigation,
} from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  FormLayout,
  Page,
  Select,
  Text,
} from "@shopify/polaris";
import { useState } from "react";

import { memberLabel } from "~/components/member-name";
import { useSaveToast } from "~/components/save-toast";
import { useTranslation } from "~/i18n/use-translation";
import {
  getMemberBirthday,
  setMemberBirthday,
} from "~/services/earn-actions.server";
import { authenticate } from "~/shopify.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const member = await getMemberBirthday(session.shop, params.memberId ?? "");
  if (!member)
    throw new Response(null, { status: 404, statusText: "Not Found" });
  return { member };
}

/** The merchant sets a member's birthday (the same rules as from the storefront: less than 30 days away counts next year). */
export async function action({ request, params }: ActionFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const member = await getMemberBirthday(session.shop, params.memberId ?? "");
  if (!member)
    throw new Response(null, { status: 404, statusText: "Not Found" });
  const form = await request.formData();
  const result = await setMemberBirthday(session.shop, member.customerId, {
    month: form.get("month"),
    day: form.get("day"),
  });
  if (result.ok)
    return { saved: true as const, nextAwardOn: result.nextAwardOn };
  return { saved: false as const };
}

export default function MemberBirthday() {
  const { member } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  useSaveToast(outcome, outcome?.saved === true);
  const { t, locale } = useTranslation();
  const saving = useNavigation().state !== "idle";
  const [month, setMonth] = useState(String(member.birthday?.month ?? 1));
  const [day, setDay] = useState(String(member.birthday?.day ?? 1));
  const monthName = new Intl.DateTimeFormat(locale, {
    month: "long",
    timeZone: "UTC",
  });
  const months = Array.from({ length: 12 }, (_, i) => ({
    value: String(i + 1),
    label: monthName.format(Date.UTC(2000, i, 1)),
  }));
  const days = Array.from({ length: 31 }, (_, i) => ({
    value: String(i + 1),
    label: String(i + 1),
  }));
  const longDate = new Intl.DateTimeFormat(locale, {
    dateStyle: "long",
    timeZone: "UTC",
  });

  return (
    <Page
      title={t("earn.birthday.title", { name: memberLabel(t, member) })}
      backAction={{
        content: memberLabel(t, member),
        url: `/app/members/${member.id}`,
      }}
    >
      <BlockStack gap="400">
        {outcome?.saved && outcome.nextAwardOn ? (
          <Banner tone="success">
            {t("earn.birthday.saved", {
              date: longDate.format(
                new Date(`${outcome.nextAwardOn}T00:00:00Z`),
              ),
            })}
          </Banner>
        ) : null}
        {outcome?.saved && !outcome.nextAwardOn ? (
          <Banner>{t("earn.birthday.savedNoRule")}</Banner>
        ) : null}
        {outcome && !outcome.saved ? (
          <Banner tone="critical">{t("earn.birthday.invalid")}</Banner>
        ) : null}
        <Card>
          <Form noValidate method="post">
            <FormLayout>
              <Text as="p" tone="subdued">
                {t("earn.birthday.help")}
              </Text>
              <FormLayout.Group>
                <Select
                  label={t("earn.birthday.month")}
                  name="month"
                  options={months}
                  value={month}
                  onChange={setMonth}
                />
                <Select
                  label={t("earn.birthday.day")}
                  name="day"
                  options={days}
                  value={day}
                  onChange={setDay}
                />
              </FormLayout.Group>
              <Button submit variant="primary" loading={saving}>
                {t("earn.save")}
              </Button>
            </FormLayout>
          </Form>
        </Card>
      </BlockStack>
    </Page>
  );
}
