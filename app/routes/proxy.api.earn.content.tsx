import { type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";

import { postOnly, readEarnRequest } from "~/proxy/earn-proxy.server";
import { proxyAnswer, shopperError } from "~/proxy/proxy.server";
import { submitContent } from "~/services/earn-actions.server";

const ContentSubmissionSchema = z.object({
  ruleId: z.string().min(1).max(100),
  content: z.string().max(2000),
});

// POST /apps/loyalty/api/earn/content {ruleId, content}: a content mission submission, for moderation.
export async function action({ request }: ActionFunctionArgs) {
  const read = await readEarnRequest(request, ContentSubmissionSchema);
  if (read instanceof Response) return read;
  const result = await submitContent(
    read.context.shop,
    read.context.customerId,
    read.body.ruleId,
    read.body.content,
  );
  if (result.ok)
    return proxyAnswer(
      read.context,
      { submission: { id: result.submissionId, state: "pending" } },
      202,
    );
  if ("errors" in result)
    return shopperError(read.context.locale, 422, "invalid_content");
  switch (result.reason) {
    case "already_pending":
      return shopperError(read.context.locale, 409, "already_pending");
    case "no_rule":
      return shopperError(read.context.locale, 404, "unknown_rule");
    default:
      return shopperError(read.context.locale, 404, "not_a_member");
  }
}

export const loader = postOnly;
