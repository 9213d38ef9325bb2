import * as clock from "~/clock.server";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import {
  Form,
  useActionData,
  useLoaderData,
  useNavigation,
} from "@remix-run/react";
import { BlockStack, Layout, Page } from "@shopify/polaris";

import { ProgramIdentityForm } from "~/components/program/program-identity-form";
import { ProgramSwitchCard } from "~/components/program/program-switch-card";
import { actorFromAdmin } from "~/services/audit.server";
import {
  getProgramIdentity,
  saveProgramIdentity,
  switchProgram,
  uploadProgramIcon,
} from "~/services/program-identity.server";
import {
  parseProgramFormData,
  UPLOAD_READ_LIMIT,
} from "~/services/program-form";
import { authenticate } from "~/shopify.server";
import { useSaveToast } from "~/components/save-toast";
import { useTranslation } from "~/i18n/use-translation";

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  return getProgramIdentity(session.shop);
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await authenticate.admin(request);
  const shop = admin.session.shop;
  const actor = actorFromAdmin(admin);
  const now = clock.now();
  const form = await request.formData();
  switch (form.get("intent")) {
    case "switch": {
      const active = form.get("active") === "true";
      await switchProgram(shop, active, actor, now);
      return {
        ok: true as const,
        notice: active ? "switched_on" : "switched_off",
      };
    }
    case "upload": {
      const file = form.get("icon");
      if (!(file instanceof Blob))
        return { ok: false as const, error: "icon_not_image" };
      if (file.size > UPLOAD_READ_LIMIT)
        return { ok: false as const, error: "icon_too_large" };
      const result = await uploadProgramIcon(
        shop,
        new Uint8Array(await file.arrayBuffer()),
        actor,
        now,
      );
      return result.outcome === "uploaded"
        ? { ok: true as const, notice: "icon_uploaded" }
        : { ok: false as const, error: result.outcome };
    }
    case "save": {
      const parsed = parseProgramFormData(form);
      if (!parsed.ok) return { ok: false as const, fieldErrors: parsed.errors };
      const saved = await saveProgramIdentity(
        shop,
        parsed.identity,
        actor,
        now,
      );
      return saved.outcome === "saved"
        ? { ok: true as const, notice: "saved" }
        : {
            ok: false as const,
            fieldErrors: { pointsIcon: "no_uploaded_icon" },
          };
    }
    default:
      return new Response("Unknown action", { status: 400 });
  }
}

export default function ProgramPage() {
  const identity = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  useSaveToast(answer, answer?.ok === true);
  const navigation = useNavigation();
  const { t } = useTranslation();
  return (
    <Page title={t("programSettings.title")} backAction={{ url: "/app" }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <ProgramSwitchCard active={identity.active} />
            <Form noValidate method="post">
              <ProgramIdentityForm
                identity={identity}
                answer={answer}
                saving={navigation.state === "submitting"}
              />
            </Form>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
