import { type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";

import { postOnly, readEarnRequest } from "~/proxy/earn-proxy.server";
import { proxyAnswer, shopperError } from "~/proxy/proxy.server";
import { setMemberBirthday } from "~/services/earn-actions.server";

// Checked again (valid date) by the service; here only the shape.
const BirthdayRequestSchema = z.object({
  month: z.number().int(),
  day: z.number().int(),
});

// POST /apps/loyalty/api/earn/birthday {month, day}: the shopper's birthday (no year).
export async function action({ request }: ActionFunctionArgs) {
  const read = await readEarnRequest(request, BirthdayRequestSchema);
  if (read instanceof Response) return read;
  const result = await setMemberBirthday(
    read.context.shop,
    read.context.customerId,
    read.body,
  );
  if (result.ok)
    return proxyAnswer(read.context, {
      birthday: result.birthday,
      nextAwardOn: result.nextAwardOn,
    });
  if ("errors" in result)
    return shopperError(read.context.locale, 422, "invalid_date");
  return shopperError(read.context.locale, 404, "not_a_member");
}

export const loader = postOnly;
