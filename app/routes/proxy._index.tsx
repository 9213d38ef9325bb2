import * as clock from "~/clock.server";
import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  redirect,
} from "@remix-run/node";
import { z } from "zod";

import { t } from "~/i18n/translate";
import {
  isProgramPageNotice,
  LIQUID_LINKS,
  type ProgramPageNotice,
  renderProgramPage,
} from "~/proxy/program-page";
import {
  authenticateProxy,
  type ProxyContext,
  isShopperErrorCode,
  type ShopperErrorCode,
} from "~/proxy/proxy.server";
import {
  claimSocialAction,
  setMemberBirthday,
  submitContent,
} from "~/services/earn-actions.server";
import { loadProgramPageView } from "~/services/program-page.server";

/**
 * GET /apps/loyalty: the program page, as Liquid that Shopify renders inside the shop's theme
 * (https://shopify.dev/docs/apps/build/online-store/app-proxies#handle-proxy-requests).
 * POST /apps/loyalty: its forms (birthday, "I followed", content), without JavaScript; each answers
 * with a redirect back to the page and a notice or an error code it looks up itself.
 */

/** The public path the shopper's browser sees (Shopify sends it as `path_prefix`). */
function proxyPathOf(request: Request): string {
  const prefix = new URL(request.url).searchParams.get("path_prefix") ?? "";
  return /^\/[\w\-/]*$/.test(prefix) ? prefix : "/apps/loyalty";
}

export async function loader({ request }: LoaderFunctionArgs) {
  const context = await authenticateProxy(request);
  if (context instanceof Response) return context;
  const url = new URL(request.url);
  const view = await loadProgramPageView(
    context.shop,
    context.customerId,
    context.locale,
    clock.now(),
  );
  const notice = url.searchParams.get("notice");
  const error = url.searchParams.get("error");
  const body = renderProgramPage(
    view,
    { proxyPath: proxyPathOf(request), ...LIQUID_LINKS },
    {
      notice: isProgramPageNotice(notice) ? notice : null,
      error: isShopperErrorCode(error)
        ? t(context.locale, `proxy.error.${error}`)
        : null,
    },
  );
  return new Response(body, {
    // 200 either way: Shopify renders only a successful answer inside the theme.
    status: 200,
    headers: {
      "Content-Type": "application/liquid; charset=utf-8",
      "Cache-Control": "no-store",
    },
  });
}

const FormSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("birthday"),
    month: z.coerce.number().int(),
    day: z.coerce.number().int(),
  }),
  z.object({ intent: z.literal("social"), ruleId: z.string().min(1).max(100) }),
  z.object({
    intent: z.literal("content"),
    ruleId: z.string().min(1).max(100),
    content: z.string().max(2000),
  }),
]);

async function handle(
  context: ProxyContext & { customerId: string },
  form: z.output<typeof FormSchema>,
  now: Date,
): Promise<{ notice: ProgramPageNotice } | { error: ShopperErrorCode }> {
  const { shop, customerId } = context;
  switch (form.intent) {
    case "birthday": {
      const result = await setMemberBirthday(shop, customerId, form, now);
      if (result.ok) return { notice: "birthday_saved" };
      return { error: "errors" in result ? "invalid_date" : "not_a_member" };
    }
    case "social": {
      const result = await claimSocialAction(
        shop,
        customerId,
        form.ruleId,
        now,
      );
      if (result.outcome === "awarded") return { notice: "social_claimed" };
      if (result.outcome === "duplicate") return { notice: "social_duplicate" };
      if (result.outcome === "limit_reached") return { error: "limit_reached" };
      if (result.outcome === "no_rule") return { error: "unknown_rule" };
      return { error: "not_a_member" };
    }
    case "content": {
      const result = await submitContent(
        shop,
        customerId,
        form.ruleId,
        form.content,
        now,
      );
      if (result.ok) return { notice: "content_sent" };
      if ("errors" in result) return { error: "invalid_content" };
      if (result.reason === "already_pending")
        return { error: "already_pending" };
      if (result.reason === "no_rule") return { error: "unknown_rule" };
      return { error: "not_a_member" };
    }
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const context = await authenticateProxy(request);
  if (context instanceof Response) return context;
  const back = (outcome: { notice: string } | { error: string }) => {
    const params = new URLSearchParams({ locale: context.locale });
    if ("notice" in outcome) params.set("notice", outcome.notice);
    else params.set("error", outcome.error);
    const anchor = "notice" in outcome ? "#earn" : "";
    return redirect(`${proxyPathOf(request)}?${params}${anchor}`, 303);
  };
  if (!context.customerId) return back({ error: "not_logged_in" });
  if (!context.program.active) return back({ error: "program_off" });
  let form: z.output<typeof FormSchema>;
  try {
    const parsed = FormSchema.safeParse(
      Object.fromEntries(await request.formData()),
    );
    if (!parsed.success) return back({ error: "invalid_request" });
    form = parsed.data;
  } catch {
    return back({ error: "invalid_request" });
  }
  return back(
    await handle(
      { ...context, customerId: context.customerId },
      form,
      clock.now(),
    ),
  );
}
