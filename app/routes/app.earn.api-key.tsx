import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, Page, Text } from "@shopify/polaris";

import { useTranslation } from "~/i18n/use-translation";
import { getShopApiKey, rotateShopApiKey } from "~/services/earning-api.server";
import { authenticate } from "~/shopify.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const key = await getShopApiKey(session.shop);
  return {
    key: key
      ? { prefix: key.prefix, createdAt: key.createdAt.toISOString() }
      : null,
  };
}

/** Rotating: a new key, shown this once, and the previous one revoked in the same transaction. */
export async function action({ request }: ActionFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const { key } = await rotateShopApiKey(session.shop);
  return { newKey: key };
}

export default function ApiKey() {
  const { key } = useLoaderData<typeof loader>();
  const newKey = useActionData<typeof action>()?.newKey ?? null;
  const { t, formatDateTime } = useTranslation();
  return (
    <Page
      title={t("earn.api.title")}
      backAction={{ content: t("earn.title"), url: "/app/earn" }}
    >
      <BlockStack gap="400">
        {newKey ? (
          <Banner tone="warning" title={t("earn.api.newKey")}>
            <code data-api-key>{newKey}</code>
          </Banner>
        ) : null}
        <Card>
          <BlockStack gap="300">
            <Text as="p">{t("earn.api.help")}</Text>
            <Text as="p" fontWeight="semibold">
              {key
                ? t("earn.api.current", {
                    prefix: key.prefix,
                    date: formatDateTime(key.createdAt),
                  })
                : t("earn.api.none")}
            </Text>
            <Form noValidate method="post">
              <Button submit variant="primary">
                {t("earn.api.rotate")}
              </Button>
            </Form>
            <Text as="p" tone="subdued">
              {t("earn.api.rotateHelp")}
            </Text>
          </BlockStack>
        </Card>
      </BlockStack>
    </Page>
  );
}
