import { type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";

import { postOnly, readEarnRequest } from "~/proxy/earn-proxy.server";
import { proxyAnswer, shopperError } from "~/proxy/proxy.server";
import { claimSocialAction } from "~/services/earn-actions.server";

const SocialClaimSchema = z.object({ ruleId: z.string().min(1).max(100) });

// POST /apps/loyalty/api/earn/social {ruleId}: "I followed / shared" (honour-based, once per network).
export async function action({ request }: ActionFunctionArgs) {
  const read = await readEarnRequest(request, SocialClaimSchema);
  if (read instanceof Response) return read;
  const result = await claimSocialAction(
    read.context.shop,
    read.context.customerId,
    read.body.ruleId,
  );
  switch (result.outcome) {
    case "awarded":
      return proxyAnswer(
        read.context,
        {
          outcome: result.outcome,
          points: result.points,
          balance: result.balance,
        },
        201,
      );
    case "duplicate":
      return proxyAnswer(read.context, {
        outcome: result.outcome,
        points: 0,
        balance: result.balance,
      });
    case "limit_reached":
      return shopperError(read.context.locale, 429, "limit_reached");
    case "no_rule":
      return shopperError(read.context.locale, 404, "unknown_rule");
    default:
      return shopperError(read.context.locale, 404, "not_a_member");
  }
}

export const loader = postOnly;
